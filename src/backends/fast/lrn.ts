import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {LrnAttrs} from '../backend.js';
import {lrnSizes} from '../nchw.js';

function sizes(x: Tensor, a: LrnAttrs) {
	const {n, c, h, w} = lrnSizes(x, a);
	return {n, c, pixels: h * w, half: (a.size - 1) / 2};
}

/**
 * Window sums across channels, out[b, i, px] = Σ_{j = i − half … i + half} v[b, j, px], as a running sum:
 * each step adds the channel entering the window and subtracts the one leaving it (2 operations, not `size`).
 */
function windowSums(v: Float64Array, n: number, c: number, pixels: number, half: number, out: Float64Array): void {
	const run = scratch('run', pixels);
	for (let b = 0; b < n; b++) {
		const base = b * c * pixels;
		run.fill(0);
		for (let j = 0; j < Math.min(half, c); j++) for (let px = 0; px < pixels; px++) run[px] = run[px]! + v[base + j * pixels + px]!;
		for (let i = 0; i < c; i++) {
			const enter = i + half;
			const leave = i - half - 1;
			for (let px = 0; px < pixels; px++) {
				let s = run[px]!;
				if (enter < c) s += v[base + enter * pixels + px]!;
				if (leave >= 0) s -= v[base + leave * pixels + px]!;
				run[px] = s;
				out[base + i * pixels + px] = s;
			}
		}
	}
}

/** Scratch arrays reused from call to call (each thread has its own), grown when a layer needs more. */
const buffers: Record<string, Float64Array> = {};
function scratch(key: string, length: number): Float64Array {
	if ((buffers[key]?.length ?? 0) < length) buffers[key] = new Float64Array(length);
	return buffers[key]!.subarray(0, length);
}

/** base^−β, with the paper's β = 0.75 as 1/√base · ⁴√(1/base) (two square roots are far cheaper than a pow). */
function negPow(base: number, beta: number): number {
	if (beta === 0.75) {
		const r = 1 / Math.sqrt(base);
		return r * Math.sqrt(r);
	}
	return base ** -beta;
}

/** D = k + α·Σa² over each channel window (paper §3.3). */
function lrnBase(x: Tensor, a: LrnAttrs): Float64Array {
	const {n, c, pixels, half} = sizes(x, a);
	const squares = scratch('squares', x.data.length);
	for (let i = 0; i < squares.length; i++) squares[i] = x.data[i]! * x.data[i]!;
	const base = scratch('base', x.data.length);
	windowSums(squares, n, c, pixels, half, base);
	for (let i = 0; i < base.length; i++) base[i] = a.k + a.alpha * base[i]!;
	return base;
}

/**
 * LRN as the reference computes it, b = a·D^−β, with the window sums run incrementally: channel by channel, the
 * running sums (float64, as in lrnBase) take in the channel entering the window and drop the one leaving it, and
 * the channel's outputs follow at once, without a second pass over a stored D.
 */
export function lrn(x: Tensor, a: LrnAttrs): Tensor {
	const {n, c, pixels, half} = sizes(x, a);
	const xd = x.data;
	const squares = scratch('squares', xd.length);
	for (let i = 0; i < squares.length; i++) squares[i] = xd[i]! * xd[i]!;
	const run = scratch('run', pixels);
	const y = new Float32Array(xd.length);
	const {k, alpha, beta} = a;
	for (let b = 0; b < n; b++) {
		const base = b * c * pixels;
		run.fill(0);
		for (let j = 0; j < Math.min(half, c); j++) for (let px = 0, at = base + j * pixels; px < pixels; px++) run[px] = run[px]! + squares[at + px]!;
		for (let i = 0; i < c; i++) {
			if (i + half < c) for (let px = 0, at = base + (i + half) * pixels; px < pixels; px++) run[px] = run[px]! + squares[at + px]!;
			if (i - half - 1 >= 0) for (let px = 0, at = base + (i - half - 1) * pixels; px < pixels; px++) run[px] = run[px]! - squares[at + px]!;
			const at = base + i * pixels;
			if (beta === 0.75) {
				for (let px = 0; px < pixels; px++) {
					const r = 1 / Math.sqrt(k + alpha * run[px]!);
					y[at + px] = xd[at + px]! * r * Math.sqrt(r);
				}
			} else for (let px = 0; px < pixels; px++) y[at + px] = xd[at + px]! * negPow(k + alpha * run[px]!, beta);
		}
	}
	return tensor(x.shape, y);
}

/** Gradient of LRN: dx_m = dy_m·D_m^−β − 2αβ·a_m·Σ_{i in window(m)} dy_i·y_i / D_i (the reference's formula). */
export function lrnBackward(x: Tensor, y: Tensor, dy: Tensor, a: LrnAttrs): Tensor {
	const {n, c, pixels, half} = sizes(x, a);
	if (y.data.length !== x.data.length || dy.data.length !== x.data.length) throw new ShapeError('lrn backward: x, y and dy must have the same shape');
	const base = lrnBase(x, a);
	const t = scratch('t', x.data.length);
	for (let i = 0; i < t.length; i++) t[i] = (dy.data[i]! * y.data[i]!) / base[i]!;
	const sums = scratch('sums', x.data.length);
	windowSums(t, n, c, pixels, half, sums);
	const dx = new Float32Array(x.data.length);
	const f = 2 * a.alpha * a.beta;
	for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i]! * negPow(base[i]!, a.beta) - f * x.data[i]! * sums[i]!;
	return tensor(x.shape, dx);
}
