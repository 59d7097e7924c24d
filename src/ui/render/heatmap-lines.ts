import type {ColorLevel} from '../color-level.js';
import {colorCode, diverging, plainCell, reset, type Rgb} from './palette.js';

/** One 2-D map: `h`×`w` values of `data` starting at `offset` (row-major, as one channel of an NCHW tensor). */
export type Plane = {readonly h: number; readonly w: number; readonly data: Float32Array; readonly offset: number};

/** Area-averages a plane down (or nearest-samples it up) to `rows`×`cols` values. */
export function resample(plane: Plane, rows: number, cols: number): Float32Array {
	const out = new Float32Array(rows * cols);
	for (let r = 0; r < rows; r++) {
		const y0 = Math.floor((r * plane.h) / rows);
		const y1 = Math.max(y0 + 1, Math.floor(((r + 1) * plane.h) / rows));
		for (let c = 0; c < cols; c++) {
			const x0 = Math.floor((c * plane.w) / cols);
			const x1 = Math.max(x0 + 1, Math.floor(((c + 1) * plane.w) / cols));
			let sum = 0;
			for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += plane.data[plane.offset + y * plane.w + x]!;
			out[r * cols + c] = sum / ((y1 - y0) * (x1 - x0));
		}
	}
	return out;
}

/** Text rows of half blocks (▀: foreground the upper pixel, background the lower), each row ending in a reset. */
export function halfBlockLines(pixels: (row: number, col: number) => Rgb, pixelRows: number, cols: number, level: ColorLevel): string[] {
	const lines: string[] = [];
	for (let r = 0; r < pixelRows; r += 2) {
		let line = '';
		for (let c = 0; c < cols; c++) {
			const top = pixels(r, c);
			line += r + 1 < pixelRows ? `${colorCode(top, level) + colorCode(pixels(r + 1, c), level, true)}▀` : `${reset + colorCode(top, level)}▀`;
		}
		lines.push(line + reset);
	}
	return lines;
}

/**
 * A heatmap of one plane in `cols` columns, coloured by a diverging palette around zero, `scale` being the value shown
 * at full colour. Truecolor and 256 colours use half blocks (two pixels a character); fewer colours use one character a
 * pixel row with a ramp of characters (and red or blue at 16 colours). Square pixels: rows follow from the aspect.
 */
export function heatmapLines(plane: Plane, cols: number, scale: number, level: ColorLevel): string[] {
	const s = scale > 0 ? scale : 1;
	if (level >= 2) {
		const pixelRows = Math.max(1, Math.round((cols * plane.h) / plane.w));
		const values = resample(plane, pixelRows, cols);
		return halfBlockLines((r, c) => diverging(values[r * cols + c]! / s), pixelRows, cols, level);
	}
	// A character is about twice as tall as wide: half as many rows as columns for a square map.
	const rows = Math.max(1, Math.round((cols * plane.h) / plane.w / 2));
	const values = resample(plane, rows, cols);
	const lines: string[] = [];
	for (let r = 0; r < rows; r++) {
		let line = '';
		for (let c = 0; c < cols; c++) line += plainCell(values[r * cols + c]! / s, level);
		lines.push(line);
	}
	return lines;
}
