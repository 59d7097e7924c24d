import {parseLesson, type LessonSource} from './parse-lesson.js';
import {resolveTokens} from './resolve-tokens.js';
import type {TokenValues} from './token-values.js';

/** A lesson ready to show: its Markdown with every token replaced by the model's figure. */
export type Lesson = LessonSource & {readonly markdown: string};

/** A lesson file's `<!-- source: … -->` comment: where a quoted result or a historical claim comes from, for reviewers. */
export const sourceComment = /<!--\s*source:[\s\S]*?-->/;

/** Every source comment with the spaces around it and its line break: what resolving removes. */
const sourceComments = new RegExp(`[ \\t]*${sourceComment.source}[ \\t]*\\n?`, 'g');

/**
 * Resolves a lesson's tokens and drops its source comments (they are for whoever checks the lesson, not for the screen);
 * throws LessonError(file, line, token) on the first token that does not resolve.
 */
export function resolveLesson(source: LessonSource, values: TokenValues): Lesson {
	const markdown = resolveTokens(source.body, source.file, values, source.bodyLine)
		.replace(sourceComments, '')
		.replace(/\n{3,}/g, '\n\n');
	return {...source, markdown};
}

/** Parses and resolves a lesson file's text in one go (for tests and tools). */
export function lessonFromText(file: string, text: string, values: TokenValues): Lesson {
	return resolveLesson(parseLesson(file, text), values);
}
