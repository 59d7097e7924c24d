import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {packageFile} from '../io/package-file.js';
import {resolveLesson, type Lesson} from './lesson.js';
import {lessonName, parseLesson, type LessonSource} from './parse-lesson.js';
import {LessonError} from '../errors.js';
import type {Network} from '../model/layer-spec.js';
import {networks} from '../model/networks.js';
import {createTokenValues} from './token-values.js';

/** The package's lessons/ folder (above the bundle, dist/cli.js, or the sources, src/lessons/load-lessons.ts). */
export function lessonsDir(from = import.meta.url): string {
	return packageFile('lessons', from);
}

/** Reads and parses every `NN-id.md` in the folder, in order (the file-reading edge of the lessons module). */
export function loadLessons(dir = lessonsDir()): LessonSource[] {
	return readdirSync(dir)
		.filter((f) => lessonName(f) !== undefined)
		.sort()
		.map((f) => parseLesson(f, readFileSync(join(dir, f), 'utf8')));
}

/**
 * Every lesson read, parsed and resolved against the built-in networks: what the tour and the commands show. With
 * `network` (a trained model's), the lessons' figures are that network's wherever it has every layer they name (a
 * model that is the original AlexNet layer for layer); otherwise the original's, as the lessons are written.
 */
export function loadTourLessons(dir = lessonsDir(), network?: Network): Lesson[] {
	const sources = loadLessons(dir);
	if (network) {
		try {
			const values = createTokenValues({...networks, original: network});
			return sources.map((s) => resolveLesson(s, values));
		} catch (error) {
			if (!(error instanceof LessonError)) throw error;
		}
	}
	const values = createTokenValues();
	return sources.map((s) => resolveLesson(s, values));
}
