import type {ColorLevel} from '../color-level.js';

import type {Rgb} from '../../format/colormap.js';

export {diverging, type Rgb} from '../../format/colormap.js';

const cubeLevels = [0, 95, 135, 175, 215, 255];

/** The nearest colour of the 256-colour palette: the 6×6×6 cube (levels 0, 95, 135 … 255) or the 24-step grey ramp. */
export function ansi256(rgb: Rgb): number {
	const nearest = (x: number) => cubeLevels.reduce((best, level, i) => (Math.abs(x - level) < Math.abs(x - cubeLevels[best]!) ? i : best), 0);
	const [r, g, b] = rgb.map(nearest) as [number, number, number];
	const cube = [cubeLevels[r]!, cubeLevels[g]!, cubeLevels[b]!];
	const mean = (rgb[0] + rgb[1] + rgb[2]) / 3;
	const step = Math.max(0, Math.min(23, Math.round((mean - 8) / 10)));
	const grey = 8 + step * 10;
	const distance = (c: readonly number[]) => (c[0]! - rgb[0]) ** 2 + (c[1]! - rgb[1]) ** 2 + (c[2]! - rgb[2]) ** 2;
	return distance([grey, grey, grey]) < distance(cube) ? 232 + step : 16 + 36 * r + 6 * g + b;
}

/** The escape code that sets the foreground (or background) colour at this level; empty at levels 0 and 1. */
export function colorCode(rgb: Rgb, level: ColorLevel, background = false): string {
	if (level === 3) return `\u001b[${background ? 48 : 38};2;${Math.round(rgb[0])};${Math.round(rgb[1])};${Math.round(rgb[2])}m`;
	if (level === 2) return `\u001b[${background ? 48 : 38};5;${ansi256(rgb)}m`;
	return '';
}

/** Resets colours and styles. */
export const reset = '\u001b[0m';

/** Characters by magnitude for plain terminals: one ramp above zero, another below, so the sign survives without colour. */
export const plainRamps = {positive: ' .:+*#@', negative: ' .-~=%&'} as const;

/** One character for t in [−1, 1] without 24-bit or 256 colour: a ramp character, red or blue at level 1. */
export function plainCell(t: number, level: ColorLevel): string {
	const ramp = t < 0 ? plainRamps.negative : plainRamps.positive;
	const ch = ramp[Math.min(ramp.length - 1, Math.round(Math.min(1, Math.abs(t)) * (ramp.length - 1)))]!;
	if (level === 1 && ch !== ' ') return `\u001b[${t < 0 ? 34 : 31}m${ch}\u001b[39m`;
	return ch;
}

/** How the heatmaps show sign (and, given `scale`, the value at full strength) at this level: colours where there are colours, else the two ramps. */
export function signLegend(level: ColorLevel, scale?: string): string {
	const ramps = `${[...plainRamps.negative.trim()].reverse().join('')} < 0 < ${plainRamps.positive.trim()}`;
	const sign = level >= 2 ? 'blue < 0 < orange' : level === 1 ? `blue ${ramps} red` : ramps;
	if (scale === undefined) return sign;
	return `${sign}, ${level >= 2 ? 'full colour' : 'the last characters'} at ±${scale}`;
}
