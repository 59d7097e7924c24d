import type {Plane} from './heatmap-lines.js';

/** One channel's mean, max and fraction of zeros (0–1). */
export type ChannelStats = {readonly channel: number; readonly mean: number; readonly max: number; readonly zeros: number};

/** Statistics of each plane, numbered from `first`. */
export function channelStats(planes: readonly Plane[], first = 0): ChannelStats[] {
	return planes.map((p, i) => {
		let sum = 0;
		let max = -Infinity;
		let zeros = 0;
		const n = p.h * p.w;
		for (let j = 0; j < n; j++) {
			const v = p.data[p.offset + j]!;
			sum += v;
			if (v > max) max = v;
			if (v === 0) zeros++;
		}
		return {channel: first + i, mean: sum / n, max, zeros: zeros / n};
	});
}

/** A number in at most 7 characters: 0.0123, -1.234, 12345, 1.2e+6. */
export function shortNumber(x: number): string {
	if (x === 0) return '0';
	const a = Math.abs(x);
	if (a >= 1e5 || a < 1e-3) return x.toExponential(1);
	return String(Number(x.toPrecision(a >= 1 ? 4 : 3)));
}
