/** Shades from paper to ink, darkest last; each character stands for two pixels stacked (a terminal cell is twice as tall as wide). */
const shades = ' .:-=+*#%@';

/**
 * A 28×28 grey digit (values 0–1, row by row) as 14 lines of 28 characters, each character the mean of two
 * vertically adjacent pixels: plain text, so it survives pipes, logs and terminals without colour.
 */
export function digitArt(pixels: ArrayLike<number>, side = 28): string[] {
	const lines: string[] = [];
	for (let y = 0; y < side; y += 2) {
		let line = '';
		for (let x = 0; x < side; x++) {
			const top = pixels[y * side + x]!;
			const bottom = y + 1 < side ? pixels[(y + 1) * side + x]! : top;
			const v = Math.min(1, Math.max(0, (top + bottom) / 2));
			line += shades[Math.round(v * (shades.length - 1))];
		}
		lines.push(line);
	}
	return lines;
}
