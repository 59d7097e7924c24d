import type {ColorLevel} from '../color-level.js';
import {halfBlockLines, heatmapLines, resample} from '../render/heatmap-lines.js';
import type {Picture} from '../tour-session.js';

/** Where a panel drew a picture in half blocks, so a terminal that shows real images can draw it there at full resolution. */
export type ImageSlot = {readonly line: number; readonly column: number; readonly cols: number; readonly rows: number; readonly picture: Picture};

/** Receives a panel's image slots (line numbers counted in the lines the function returns). */
export type SlotSink = (slot: ImageSlot) => void;

/** The sink for a block that will sit `offset` lines down in its caller's lines. */
export const shifted = (sink: SlotSink | undefined, offset: number): SlotSink | undefined => (sink ? (s) => sink({...s, line: s.line + offset}) : undefined);

/**
 * Pictures side by side as half-block images (grey ramps below 256 colours), each with its label above: up to three a
 * row, each as wide as the panel allows (at most its own pixels, or 56 columns for a small one; at least 16).
 */
export function pictureLines(pictures: readonly {label: string; picture: Picture}[], width: number, level: ColorLevel, sink?: SlotSink): string[] {
	const native = Math.max(...pictures.map((p) => p.picture.width));
	const tile = Math.max(16, Math.min(Math.max(native, 56), Math.floor((width + 1) / Math.min(3, pictures.length)) - 1));
	const perRow = Math.max(1, Math.floor((width + 1) / (tile + 1)));
	const lines: string[] = [];
	for (let i = 0; i < pictures.length; i += perRow) {
		const row = pictures.slice(i, i + perRow);
		lines.push(row.map((p) => p.label.slice(0, tile).padEnd(tile)).join(' '));
		const tiles = row.map(({picture: p}) => {
			const plane = (c: number) => {
				const data = new Float32Array(p.width * p.height);
				for (let j = 0; j < data.length; j++) data[j] = p.data[j * 3 + c]!;
				return {h: p.height, w: p.width, data, offset: 0};
			};
			const rows = Math.round((tile * p.height) / p.width);
			if (level < 2) {
				const grey = plane(1);
				for (let j = 0; j < grey.data.length; j++) grey.data[j] = grey.data[j]! / 255;
				return heatmapLines(grey, tile, 1, level);
			}
			const [r, g, b] = [0, 1, 2].map((c) => resample(plane(c), rows, tile));
			return halfBlockLines((y, x) => [r![y * tile + x]!, g![y * tile + x]!, b![y * tile + x]!], rows, tile, level);
		});
		const height = Math.max(...tiles.map((t) => t.length));
		for (const [j, p] of row.entries()) sink?.({line: lines.length, column: j * (tile + 1), cols: tile, rows: tiles[j]!.length, picture: p.picture});
		for (let l = 0; l < height; l++) lines.push(tiles.map((t) => t[l] ?? ' '.repeat(tile)).join(' '));
		lines.push('');
	}
	return lines;
}
