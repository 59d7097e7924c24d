import {ShapeError} from '../errors.js';
import {compute, type FormulaName} from './formulas.js';

/** Checks that a size is a positive integer (or, with `min` 0, a non-negative one); `what` names it in the error. */
export function checkSize(layer: string, what: string, value: number, min = 1): void {
	if (!Number.isSafeInteger(value) || value < min) {
		const kind = min === 0 ? 'a non-negative integer' : 'a positive integer';
		throw new ShapeError(`${layer}: ${what} must be ${kind}, got ${value}`);
	}
}

/** Checks an LRN window: a positive odd number of channels, so the window is centred on its channel (§3.3). */
export function checkLrnSize(layer: string, size: number): void {
	checkSize(layer, 'size', size);
	if (size % 2 === 0) throw new ShapeError(`${layer}: LRN size ${size} must be odd, so the window is centred on the channel`);
}

/** One axis of a sliding window: input size n, kernel k, stride s, padding before p1 and after p2, dilation d, rounding. */
export type AxisWindow = {
	readonly n: number;
	readonly k: number;
	readonly s: number;
	readonly p1: number;
	readonly p2: number;
	readonly d: number;
	readonly ceil: boolean;
};

/** The formula of a window's output size: floor or ceil, 2·p or p1 + p2 where the two sides differ, d·(k − 1) + 1 where dilated. */
export function sizeFormula(a: AxisWindow): FormulaName {
	const pads = a.p1 === a.p2 ? '' : 'Pads';
	const dilated = a.d === 1 ? '' : 'Dilated';
	return `out${a.ceil ? 'Ceil' : 'Floor'}${pads}${dilated}` as FormulaName;
}

/** The values of the formula symbols for one axis. */
export const sizeScope = (a: AxisWindow) => ({n: a.n, k: a.k, s: a.s, p: a.p1, p1: a.p1, p2: a.p2, d: a.d});

/**
 * Output size of a convolution or pooling along one axis: ⌊(n + p1 + p2 − d(k − 1) − 1) / s⌋ + 1, or ⌈…⌉ + 1.
 * Rounding up never starts a window in the padding alone: Caffe and PyTorch both drop such a last window.
 * With `pool`, the pad must be smaller than the kernel (as Caffe and PyTorch require).
 */
export function windowOut(a: AxisWindow, layer: string, pool = false): number {
	const span = a.d * (a.k - 1) + 1;
	const padded = a.n + a.p1 + a.p2;
	if (span > padded) {
		const what = a.d === 1 ? `kernel ${a.k}` : `dilated kernel ${span} (${a.k} with dilation ${a.d})`;
		throw new ShapeError(`${layer}: ${what} is larger than the padded input ${padded}`);
	}
	if (pool && Math.max(a.p1, a.p2) >= a.k) throw new ShapeError(`${layer}: pad ${Math.max(a.p1, a.p2)} must be smaller than the kernel ${a.k}`);
	const out = compute(sizeFormula(a), sizeScope(a));
	if (!Number.isSafeInteger(out)) throw new ShapeError(`${layer}: the output size ${out} is too large to compute exactly`);
	return a.ceil && (out - 1) * a.s >= a.n + a.p1 ? out - 1 : out;
}

/** Output size of a square, evenly padded convolution along one axis (what the backends run). */
export function convOutSize(n: number, k: number, s: number, p: number, d = 1, layer = 'conv'): number {
	return windowOut({n, k, s, p1: p, p2: p, d, ceil: false}, layer);
}

/** Output size of a square, evenly padded pooling along one axis, rounding down or (Caffe) up. */
export function poolOutSize(n: number, k: number, s: number, p: number, ceil: boolean, layer = 'pool'): number {
	return windowOut({n, k, s, p1: p, p2: p, d: 1, ceil}, layer, true);
}

/** How many positions a floored size leaves unvisited at the far edge: (n + p1 + p2 − span) mod s. */
export function droppedByFloor(a: AxisWindow): number {
	return (a.n + a.p1 + a.p2 - (a.d * (a.k - 1) + 1)) % a.s;
}
