import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import {tensorStats} from '../../runner/stats.js';
import {screenShape} from '../../tensor/layout.js';
import {shape as shapeText} from '../../format/units.js';
import type {ColorLevel} from '../color-level.js';
import {channelStats, shortNumber} from '../render/channel-stats.js';
import {channelGrid, planesOf, robustScale, type TileSize} from '../render/channel-grid.js';
import {heatmapLines, type Plane} from '../render/heatmap-lines.js';
import {diverging} from '../render/palette.js';
import type {SlotSink} from './picture-lines.js';
import type {LayerResult, Picture} from '../tour-session.js';
import {signLegend} from '../render/palette.js';
import {histogram, histogramBars} from '../render/histogram.js';

/** One map as an RGB picture at its own resolution, in the heatmaps' diverging colours. */
function planePicture(plane: Plane, scale: number): Picture {
	const data = new Uint8Array(plane.h * plane.w * 3);
	for (let i = 0; i < plane.h * plane.w; i++) data.set(diverging(plane.data[plane.offset + i]! / (scale || 1)).map(Math.round), i * 3);
	return {width: plane.w, height: plane.h, data};
}

/** A dim legend wrapped to the panel, so its end (the value at full colour) is never cut. */
const wrapDim = (text: string, width: number) => wrapLines(chalk.dim(text), width);

/** The shape a kernel produced and the derived one, as screen text, and whether they are equal. */
export function shapeParts(result: LayerResult): {produced: string; derived: string; ok: boolean} {
	const produced = shapeText(screenShape(result.output));
	const derived = shapeText(result.facts.output);
	return {produced, derived, ok: produced === derived};
}

/** The shape a kernel produced next to the derived one, ✓ when equal (✗ would be a bug in a backend). */
export function shapeCheck(result: LayerResult): string {
	const {produced, derived, ok} = shapeParts(result);
	return `${produced} ${ok ? chalk.green('✓') : chalk.red('✗')} derived ${derived}`;
}

/** A layer's result as lines: shape check, time and backend, statistics, histogram, per-channel stats, then every channel as a heatmap. */
export function liveLines(result: LayerResult, backend: string, width: number, level: ColorLevel, extra: readonly string[] = [], zoom?: number, tiles: TileSize = 'normal', sink?: SlotSink): string[] {
	const s = tensorStats(result.output);
	const lines = [
		`${chalk.bold(result.name)} output ${shapeCheck(result)}`,
		`${result.ms.toFixed(1)} ms on ${backend}`,
		`min ${shortNumber(s.min)}  max ${shortNumber(s.max)}  mean ${shortNumber(s.mean)}  std ${shortNumber(s.std)}  zeros ${(s.zeros * 100).toFixed(1)}%`,
	];
	if (result.note) lines.push(chalk.dim(result.note));
	if (extra.length > 0) lines.push('', ...extra, '');
	// The bins fill what the two labels leave of the width, so the maximum is never cut off.
	const range = histogram(result.output.data, 1);
	const labels = `histogram ${shortNumber(range.min)}  ${shortNumber(range.max)}`.length;
	const h = histogram(result.output.data, Math.max(10, Math.min(60, width - labels - 1)));
	lines.push(`histogram ${shortNumber(h.min)} ${chalk.cyan(histogramBars(h.counts))} ${shortNumber(h.max)}`, chalk.dim('(log counts)'));
	const planes = planesOf(result.output);
	if (planes.length > 1) {
		const shown = channelStats(planes.slice(0, 4));
		lines.push(chalk.dim('channel   mean      max    zeros'));
		for (const c of shown) {
			lines.push(`#${String(c.channel).padEnd(6)} ${shortNumber(c.mean).padStart(7)} ${shortNumber(c.max).padStart(8)} ${(c.zeros * 100).toFixed(0).padStart(6)}%`);
		}
	}
	if (zoom !== undefined && planes.length > 1) {
		// One channel across the whole panel; [ and ] step through them (wrapping at the ends).
		const c = ((zoom % planes.length) + planes.length) % planes.length;
		const scale = robustScale(result.output.data);
		lines.push('', ...wrapDim(`channel #${c} of ${planes.length}, enlarged (z: all channels · [ ]: the channel before and after), ${signLegend(level, shortNumber(scale))}`, width));
		const map = heatmapLines(planes[c]!, Math.max(8, width - 1), scale, level);
		sink?.({line: lines.length, column: 0, cols: Math.max(8, width - 1), rows: map.length, picture: planePicture(planes[c]!, scale)});
		lines.push(...map);
		return lines;
	}
	const grid = channelGrid(result.output, width, level, 0, 256, tiles);
	lines.push(
		'',
		...wrapDim(`${planes.length > 1 ? `${grid.count < grid.total ? `the first ${grid.count} of ` : ''}${grid.total} channels (z: one enlarged)` : `${result.output.data.length} units`}, ${signLegend(level, shortNumber(grid.scale))}`, width),
	);
	lines.push(...grid.lines);
	return lines;
}
