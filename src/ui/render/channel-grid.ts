import type {Tensor} from '../../tensor/tensor.js';
import type {ColorLevel} from '../color-level.js';
import {heatmapLines, type Plane} from './heatmap-lines.js';

/** A drawn grid of feature maps: the text lines, which channels it shows, and the value at full colour. */
export type ChannelGrid = {readonly lines: string[]; readonly first: number; readonly count: number; readonly total: number; readonly scale: number};

/** The factor pair of n closest to a square, [rows, cols] with rows ≤ cols: 4096 → [64, 64], 1000 → [25, 40]. */
export function nearSquare(n: number): [number, number] {
	for (let r = Math.floor(Math.sqrt(n)); r >= 1; r--) if (n % r === 0) return [r, n / r];
	return [1, n];
}

/** The planes of a batch-1 tensor: one per channel of NCHW, or the whole vector of [1, N] laid out near-square. */
export function planesOf(t: Tensor): Plane[] {
	if (t.shape.length === 4) {
		const [, c = 1, h = 1, w = 1] = t.shape;
		return Array.from({length: c}, (_, i) => ({h, w, data: t.data, offset: i * h * w}));
	}
	const n = t.shape[t.shape.length - 1]!;
	const [h, w] = nearSquare(n);
	return [{h, w, data: t.data, offset: 0}];
}

/**
 * The 99th percentile of |value| (over at most 20,000 evenly spaced samples): the full-colour point of the diverging
 * palette, shared by all channels so they compare; a few outliers then do not leave every other pixel dark.
 */
export function robustScale(data: Float32Array): number {
	const step = Math.max(1, Math.floor(data.length / 20_000));
	const sample: number[] = [];
	for (let i = 0; i < data.length; i += step) sample.push(Math.abs(data[i]!));
	sample.sort((a, b) => a - b);
	const p99 = sample[Math.min(sample.length - 1, Math.floor(sample.length * 0.99))] ?? 0;
	return p99 > 0 ? p99 : absMax(data);
}

/** The largest |value|. */
export function absMax(data: Float32Array): number {
	let m = 0;
	for (const v of data) if (Math.abs(v) > m) m = Math.abs(v);
	return m;
}

function pad(s: string, width: number): string {
	return s.length >= width ? s.slice(0, width) : s + ' '.repeat(width - s.length);
}

/**
 * Lays out the channels from `first` (at most `limit` of them) in `width` columns, about four to six tiles a row
 * (small maps are enlarged, large ones shrunk), each tile labelled with its channel number.
 */
export function channelGrid(t: Tensor, width: number, level: ColorLevel, first = 0, limit = 256): ChannelGrid {
	const planes = planesOf(t);
	const scale = robustScale(t.data);
	const total = planes.length;
	const start = Math.max(0, Math.min(first, total - 1));
	const w = planes[0]!.w;
	const perRowTarget = total === 1 ? 1 : width < 100 ? 4 : 6;
	const tw = Math.max(6, Math.min(Math.floor((width + 1) / perRowTarget) - 1, total === 1 ? Math.max(w, 64) : Math.max(w, 12)));
	const perRow = Math.max(1, Math.floor((width + 1) / (tw + 1)));
	const shown = Math.min(total - start, limit);
	const lines: string[] = [];
	for (let i = 0; i < shown; i += perRow) {
		const row = planes.slice(start + i, start + Math.min(shown, i + perRow));
		lines.push(row.map((_, j) => pad(total > 1 ? `#${start + i + j}` : '', tw)).join(' '));
		const tiles = row.map((p) => heatmapLines(p, tw, scale, level));
		for (let l = 0; l < tiles[0]!.length; l++) lines.push(tiles.map((tile) => tile[l]!).join(' '));
	}
	return {lines, first: start, count: shown, total, scale};
}
