import wrapAnsi from 'wrap-ansi';

/**
 * A (coloured) text as the lines a panel `width` wide shows: wrapped one column short of the edge, never narrower
 * than 20; `hard` also breaks a word longer than a line.
 */
export function wrapLines(text: string, width: number, hard = true): string[] {
	return wrapAnsi(text, Math.max(20, width - 1), {hard}).split('\n');
}
