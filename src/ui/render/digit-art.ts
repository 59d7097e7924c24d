/** Shades from paper to ink, darkest last; each character stands for two pixels stacked (a terminal cell is twice as tall as wide). */
const shades = ' .:-=+*#%@';

/**
 * A grey picture (values 0–1, row by row, `width` wide; a 28×28 digit by default) as lines of characters of rising
 * ink, each character the mean of two vertically adjacent pixels: plain text, so it survives pipes, logs and
 * terminals without colour.
 */
export function digitArt(pixels: ArrayLike<number>, width = 28, height = width): string[] {
	const lines: string[] = [];
	for (let y = 0; y < height; y += 2) {
		let line = '';
		for (let x = 0; x < width; x++) {
			const top = pixels[y * width + x]!;
			const bottom = y + 1 < height ? pixels[(y + 1) * width + x]! : top;
			const v = Math.min(1, Math.max(0, (top + bottom) / 2));
			line += shades[Math.round(v * (shades.length - 1))];
		}
		lines.push(line);
	}
	return lines;
}
