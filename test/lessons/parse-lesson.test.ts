import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {LessonError} from '../../src/errors.js';
import {lessonName, parseLesson} from '../../src/lessons/parse-lesson.js';
import {lessonFromText} from '../../src/lessons/lesson.js';
import {createTokenValues} from '../../src/lessons/token-values.js';

test('the file name gives order and id', () => {
	assert.equal(lessonName('03-conv1.md'), {order: 3, id: 'conv1'});
	assert.equal(lessonName('17-where-it-lives.md'), {order: 17, id: 'where-it-lives'});
	assert.is(lessonName('README.md'), undefined);
	assert.is(lessonName('03-conv1.txt'), undefined);
});

test('front matter gives the layer; a layer lesson runs the layer by default', () => {
	const l = parseLesson('03-conv1.md', '---\nlayer: conv1\n---\n# First\n\ntext');
	assert.is(l.layer, 'conv1');
	assert.is(l.run, 'layer');
	assert.is(l.title, 'First');
	assert.is(l.bodyLine, 4);
});

test('a lesson without front matter runs nothing', () => {
	const l = parseLesson('01-intro.md', '# Intro\n');
	assert.is(l.run, 'none');
	assert.is(l.layer, undefined);
});

test('token errors count lines from the top of the file, front matter included', () => {
	try {
		lessonFromText('03-conv1.md', '---\nlayer: conv1\n---\n# First\n\n{{conv1.bogus}}', createTokenValues());
		assert.unreachable();
	} catch (e) {
		assert.instance(e, LessonError);
		assert.is((e as Error).message, '03-conv1.md:6: unknown token {{conv1.bogus}}');
	}
});

test('a lesson without a heading or with an unknown run is an error', () => {
	assert.throws(
		() => parseLesson('01-a.md', 'no heading'),
		(e: Error) => e instanceof LessonError,
	);
	assert.throws(
		() => parseLesson('01-a.md', '---\nrun: dance\n---\n# A'),
		(e: Error) => e instanceof LessonError,
	);
});

test('ask lists the predictions a lesson asks about its layer; an unknown kind, or ask without a layer, is an error naming the line', () => {
	assert.equal(parseLesson('03-conv1.md', '---\nlayer: conv1\nask: output, grey\n---\n# T\n').ask, ['output', 'grey']);
	assert.throws(() => parseLesson('03-conv1.md', '---\nlayer: conv1\nask: colour\n---\n# T\n'), /ask: colour/);
	assert.throws(() => parseLesson('03-conv1.md', '---\nask: output\n---\n# T\n'), /ask needs the layer/);
});

test.run();
