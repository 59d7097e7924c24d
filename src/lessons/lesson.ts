import {parseLesson, type LessonSource} from './parse-lesson.js';
import {resolveTokens} from './resolve-tokens.js';
import type {TokenValues} from './token-values.js';

/** A lesson ready to show: its Markdown with every token replaced by the model's figure. */
export type Lesson = LessonSource & {readonly markdown: string};

/** Resolves a lesson's tokens; throws LessonError(file, line, token) on the first that does not resolve. */
export function resolveLesson(source: LessonSource, values: TokenValues): Lesson {
	return {...source, markdown: resolveTokens(source.body, source.file, values, source.bodyLine)};
}

/** Parses and resolves a lesson file's text in one go (for tests and tools). */
export function lessonFromText(file: string, text: string, values: TokenValues): Lesson {
	return resolveLesson(parseLesson(file, text), values);
}
