import type {Tensor} from '../tensor/tensor.js';

/** Summary statistics of a tensor's values: min, max, mean, standard deviation (population) and the fraction exactly zero. */
export type TensorStats = {readonly min: number; readonly max: number; readonly mean: number; readonly std: number; readonly zeros: number};

/** How far a result is from the reference: the largest absolute difference and the largest relative one (see compareTensors). */
export type Difference = {readonly maxAbs: number; readonly maxRel: number};

/** Statistics of all values of `t`, summed in float64. */
export function tensorStats(t: Tensor): TensorStats {
	const x = t.data;
	let min = Infinity;
	let max = -Infinity;
	let sum = 0;
	let zeros = 0;
	for (let i = 0; i < x.length; i++) {
		const v = x[i]!;
		if (v < min) min = v;
		if (v > max) max = v;
		sum += v;
		if (v === 0) zeros++;
	}
	const n = x.length;
	const mean = n === 0 ? 0 : sum / n;
	let squares = 0;
	for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2;
	return {min: n === 0 ? 0 : min, max: n === 0 ? 0 : max, mean, std: n === 0 ? 0 : Math.sqrt(squares / n), zeros: n === 0 ? 0 : zeros / n};
}

/**
 * Compares a result with the reference element by element. maxRel divides each |difference| by |expected|, but never by
 * less than 1e-3 of the layer's largest |expected|, so values near zero (most of a ReLU's output) do not blow it up.
 */
export function compareTensors(actual: Tensor, expected: Tensor): Difference {
	if (actual.shape.join() !== expected.shape.join()) {
		throw new Error(`compareTensors: shapes [${actual.shape.join(', ')}] and [${expected.shape.join(', ')}] differ`);
	}
	const a = actual.data;
	const e = expected.data;
	let scale = 0;
	for (let i = 0; i < e.length; i++) scale = Math.max(scale, Math.abs(e[i]!));
	const floor = Math.max(1e-3 * scale, Number.MIN_VALUE);
	let maxAbs = 0;
	let maxRel = 0;
	for (let i = 0; i < e.length; i++) {
		const d = Math.abs(a[i]! - e[i]!);
		// NaN never compares greater: count it as an infinite difference.
		const diff = Number.isNaN(d) ? Infinity : d;
		if (diff > maxAbs) maxAbs = diff;
		const rel = diff / Math.max(Math.abs(e[i]!), floor);
		if (rel > maxRel) maxRel = rel;
	}
	return {maxAbs, maxRel};
}
