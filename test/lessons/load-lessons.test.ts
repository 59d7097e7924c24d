import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {UsageError} from '../../src/errors.js';
import {findLesson} from '../../src/lessons/find-lesson.js';
import {lessonsDir} from '../../src/lessons/load-lessons.js';

const root = join(import.meta.dirname, '..', '..');

test('lessons/ is found from the sources (two levels down) and from the bundle (one level down)', () => {
	const expected = join(root, 'lessons');
	assert.is(lessonsDir(pathToFileURL(join(root, 'src', 'lessons', 'load-lessons.ts')).href), expected);
	assert.is(lessonsDir(pathToFileURL(join(root, 'dist', 'cli.js')).href), expected);
	assert.ok(existsSync(join(expected, '03-conv1.md')));
});

test('findLesson takes an id or a number, and names the ids when neither matches', () => {
	const lessons = [
		{id: 'intro', order: 1},
		{id: 'conv1', order: 3},
	];
	assert.is(findLesson(lessons, 'conv1').order, 3);
	assert.is(findLesson(lessons, '1').id, 'intro');
	assert.throws(
		() => findLesson(lessons, '2'),
		(e: Error) => e instanceof UsageError && e.message === 'no lesson "2"; the lessons are: intro, conv1',
	);
});

test.run();
