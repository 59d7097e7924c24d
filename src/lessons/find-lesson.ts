import {UsageError} from '../errors.js';

/** The lesson with this id (`conv1`) or position (`3`); a UsageError listing the ids when there is none. */
export function findLesson<L extends {readonly id: string; readonly order: number}>(lessons: readonly L[], which: string): L {
	const found = lessons.find((l) => l.id === which) ?? (/^\d+$/.test(which) ? lessons.find((l) => l.order === Number(which)) : undefined);
	if (!found) throw new UsageError(`no lesson "${which}"; the lessons are: ${lessons.map((l) => l.id).join(', ')}`);
	return found;
}
