import {weightsText} from '../lessons/weights-text.js';
import {findLesson} from '../lessons/find-lesson.js';
import {loadTourLessons} from '../lessons/load-lessons.js';
import {renderMarkdown} from '../lessons/render-markdown.js';
import {applyColorLevel, colorLevel} from '../ui/color-level.js';

/** `alexnet-tour lesson <id>`: prints one lesson, formatted on a terminal and as plain text (no escape codes) into a pipe. */
export function run(which: string, options: {color?: boolean}): void {
	const lesson = findLesson(loadTourLessons(), which);
	const level = applyColorLevel(colorLevel({env: process.env, isTTY: process.stdout.isTTY === true, noColorFlag: options.color === false}));
	const width = Math.min(process.stdout.columns || 80, 100);
	process.stdout.write(`${renderMarkdown(weightsText(lesson.markdown, false), {width: width - 1, color: level > 0})}\n`);
}
