import type {Tensor} from '../../tensor/tensor.js';
import type {ColorLevel} from '../color-level.js';
import {nearSquare, robustScale} from '../../format/colormap.js';
import {heatmapLines, type Plane} from './heatmap-lines.js';

export {absMax, nearSquare, robustScale} from '../../format/colormap.js';

/** A drawn grid of feature maps: the text lines, which channels it shows, and the value at full colour. */
export type ChannelGrid = {readonly lines: string[]; readonly first: number; readonly count: number; readonly total: number; readonly scale: number};

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

function pad(s: string, width: number): string {
	return s.length >= width ? s.slice(0, width) : s + ' '.repeat(width - s.length);
}

/** How large the tiles are drawn: `normal` fits many, `big` (the demo's projector mode) fewer and larger. */
export type TileSize = 'normal' | 'big';

/** The most pixels one grid draws; beyond that it shows the first channels and says how many (z steps through all). */
const pixelBudget = 64_000;

/**
 * Lays out the channels from `first` (at most `limit` of them) in `width` columns, each labelled with its channel
 * number. A tile is the map's own size, one column a pixel (small maps enlarged to 12 columns, or twice their size
 * when `big`), shrunk only to fit two a row (one when `big`): so the tiles grow with the terminal up to full resolution.
 */
export function channelGrid(t: Tensor, width: number, level: ColorLevel, first = 0, limit = 256, size: TileSize = 'normal'): ChannelGrid {
	const planes = planesOf(t);
	const scale = robustScale(t.data);
	const total = planes.length;
	const start = Math.max(0, Math.min(first, total - 1));
	const w = planes[0]!.w;
	const big = size === 'big';
	const natural = total === 1 ? Math.max(w, 64) : big ? Math.max(2 * w, 24) : Math.max(w, 12);
	const fewest = total === 1 || big ? 1 : 2;
	const tw = Math.max(6, Math.min(natural, Math.floor((width + 1) / fewest) - 1));
	const perRow = Math.max(1, Math.floor((width + 1) / (tw + 1)));
	const pixels = tw * Math.max(1, Math.round((tw * planes[0]!.h) / w));
	const shown = Math.max(Math.min(perRow, total - start), Math.min(total - start, limit, Math.floor(pixelBudget / pixels)));
	const lines: string[] = [];
	for (let i = 0; i < shown; i += perRow) {
		const row = planes.slice(start + i, start + Math.min(shown, i + perRow));
		lines.push(row.map((_, j) => pad(total > 1 ? `#${start + i + j}` : '', tw)).join(' '));
		const tiles = row.map((p) => heatmapLines(p, tw, scale, level));
		for (let l = 0; l < tiles[0]!.length; l++) lines.push(tiles.map((tile) => tile[l]!).join(' '));
	}
	return {lines, first: start, count: shown, total, scale};
}
