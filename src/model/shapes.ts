import {ShapeError} from '../errors.js';
import {compute} from './formulas.js';

/** Checks that a size is a positive integer (or, with `min` 0, a non-negative one); `what` names it in the error. */
export function checkSize(layer: string, what: string, value: number, min = 1): void {
	if (!Number.isInteger(value) || value < min) {
		const kind = min === 0 ? 'a non-negative integer' : 'a positive integer';
		throw new ShapeError(`${layer}: ${what} must be ${kind}, got ${value}`);
	}
}

/** Output size of a convolution along one axis: ⌊(n + 2p − d(k − 1) − 1) / s⌋ + 1. */
export function convOutSize(n: number, k: number, s: number, p: number, d = 1, layer = 'conv'): number {
	const span = d * (k - 1) + 1;
	if (span > n + 2 * p) {
		const what = d === 1 ? `kernel ${k}` : `dilated kernel ${span} (${k} with dilation ${d})`;
		throw new ShapeError(`${layer}: ${what} is larger than the padded input ${n + 2 * p}`);
	}
	return compute(d === 1 ? 'convOut' : 'convOutDilated', {n, k, s, p, d});
}

/**
 * Output size of a pooling along one axis, rounding down or (Caffe) up.
 * Rounding up never starts a window in the padding alone: Caffe and PyTorch both drop such a last window.
 */
export function poolOutSize(n: number, k: number, s: number, p: number, ceil: boolean, layer = 'pool'): number {
	if (k > n + 2 * p) throw new ShapeError(`${layer}: kernel ${k} is larger than the padded input ${n + 2 * p}`);
	if (p >= k) throw new ShapeError(`${layer}: pad ${p} must be smaller than the kernel ${k}`);
	const out = compute(ceil ? 'poolOutCeil' : 'poolOut', {n, k, s, p});
	return ceil && p > 0 && (out - 1) * s >= n + p ? out - 1 : out;
}

/** How many input rows (or columns) a floored size leaves unvisited at the far edge: (n + 2p − span) mod s. */
export function droppedByFloor(n: number, k: number, s: number, p: number, d = 1): number {
	return (n + 2 * p - (d * (k - 1) + 1)) % s;
}
