/** An sRGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

const zero: Rgb = [28, 28, 34];
const negative: Rgb = [80, 150, 255];
const positive: Rgb = [255, 150, 40];

/** A diverging colour for t in [−1, 1]: blue below zero, dark at zero, orange above (gamma 0.7 so small values still show). */
export function diverging(t: number): Rgb {
	const v = Math.min(1, Math.abs(t)) ** 0.7;
	const to = t < 0 ? negative : positive;
	return [0, 1, 2].map((i) => Math.round(zero[i]! + (to[i]! - zero[i]!) * v)) as unknown as Rgb;
}

/** The factor pair of n closest to a square, [rows, cols] with rows ≤ cols: 4096 → [64, 64], 1000 → [25, 40]. */
export function nearSquare(n: number): [number, number] {
	for (let r = Math.floor(Math.sqrt(n)); r >= 1; r--) if (n % r === 0) return [r, n / r];
	return [1, n];
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
