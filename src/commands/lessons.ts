import {loadTourLessons} from '../lessons/load-lessons.js';
import type {Lesson} from '../lessons/lesson.js';

/** The lesson list as plain lines: number, id, title, and what Enter does in the tour. */
export function lessonList(lessons: readonly Lesson[]): string {
	const idWidth = Math.max(...lessons.map((l) => l.id.length));
	const what = (l: Lesson) => (l.run === 'layer' ? `  [runs ${l.layer}]` : l.run === 'none' ? '' : `  [${l.run}]`);
	return lessons.map((l) => `${String(l.order).padStart(2)}  ${l.id.padEnd(idWidth)}  ${l.title}${what(l)}`).join('\n');
}

/** `alexnet-tour lessons`: lists the lessons, one a line. */
export function run(): void {
	process.stdout.write(`${lessonList(loadTourLessons())}\n`);
}
