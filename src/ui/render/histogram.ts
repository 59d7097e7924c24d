const bars = ' ▁▂▃▄▅▆▇█';

/** Counts of `data` in `bins` equal bins between its min and max. */
export function histogram(data: Float32Array, bins: number): {counts: number[]; min: number; max: number} {
	let min = Infinity;
	let max = -Infinity;
	for (const v of data) {
		if (v < min) min = v;
		if (v > max) max = v;
	}
	const counts = new Array<number>(bins).fill(0);
	const span = max - min || 1;
	for (const v of data) counts[Math.min(bins - 1, Math.floor(((v - min) / span) * bins))]!++;
	return {counts, min, max};
}

/** The counts as one line of bar characters, log-scaled (log(1 + count)) so a spike of ReLU zeros does not flatten the rest. */
export function histogramBars(counts: readonly number[]): string {
	const top = Math.log1p(Math.max(...counts, 1));
	return counts.map((c) => (c === 0 ? ' ' : bars[Math.max(1, Math.round((Math.log1p(c) / top) * (bars.length - 1)))]!)).join('');
}
