import type {Tensor} from '../../tensor/tensor.js';
import type {ColorLevel} from '../color-level.js';
import {halfBlockLines, heatmapLines} from './heatmap-lines.js';

/**
 * conv1's filters as colour tiles: weights [cout, 3, k, k], each filter scaled by its own largest |weight| so grey is
 * zero, one tile of k×k pixels per filter (each pixel `pixelSize` columns wide), as many a row as fit in `width`; from
 * filter `first`, at most `maxRows` rows.
 * Below 256 colours the RGB average is drawn as a plain heatmap.
 */
export function rgbTileLines(weights: Tensor, width: number, level: ColorLevel, first = 0, maxRows = Infinity, pixelSize = 1): {lines: string[]; count: number} {
	const [cout = 0, cin = 0, k = 1] = weights.shape;
	const size = cin * k * k;
	const t = k * pixelSize;
	const perRow = Math.max(1, Math.floor((width + 1) / (t + 1)));
	const lines: string[] = [];
	let count = 0;
	for (let row = 0; first + row * perRow < cout && row < maxRows; row++) {
		const tiles: string[][] = [];
		for (let j = 0; j < perRow && first + row * perRow + j < cout; j++) {
			const f = first + row * perRow + j;
			const base = f * size;
			let m = 0;
			for (let i = 0; i < size; i++) m = Math.max(m, Math.abs(weights.data[base + i]!));
			const s = m > 0 ? m : 1;
			if (level >= 2 && cin === 3) {
				const at = (c: number, y: number, x: number) => Math.round(127.5 + (127.5 * weights.data[base + c * k * k + Math.floor(y / pixelSize) * k + Math.floor(x / pixelSize)]!) / s);
				tiles.push(halfBlockLines((y, x) => [at(0, y, x), at(1, y, x), at(2, y, x)], t, t, level));
			} else {
				const mean = new Float32Array(k * k);
				for (let c = 0; c < cin; c++) for (let i = 0; i < k * k; i++) mean[i]! += weights.data[base + c * k * k + i]! / cin;
				tiles.push(heatmapLines({h: k, w: k, data: mean, offset: 0}, t, absMaxOf(mean), level));
			}
			count++;
		}
		for (let l = 0; l < tiles[0]!.length; l++) lines.push(tiles.map((t) => t[l]!).join(' '));
		lines.push('');
	}
	return {lines, count};
}

function absMaxOf(data: Float32Array): number {
	let m = 0;
	for (const v of data) m = Math.max(m, Math.abs(v));
	return m || 1;
}
