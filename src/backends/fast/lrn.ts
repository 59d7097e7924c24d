import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {LrnAttrs} from '../backend.js';
import {lrnSizes, outputData} from '../nchw.js';
import {plainOnly} from './gemm.js';
import {lrnBackwardSimd, lrnSimd} from './wasm/ops-wasm.js';

function sizes(x: Tensor, a: LrnAttrs) {
	const {n, c, h, w} = lrnSizes(x, a);
	return {n, c, pixels: h * w, half: (a.size - 1) / 2};
}

/**
 * Window sums across channels as running sums, out[i, px] = Σ_{j = i − half … i + half} v[j, px] for one image's
 * channels from `base`: channel by channel, `run` takes in the channel entering the window and drops the one
 * leaving it (2 operations, not `size`), then `visit(i)` reads it.
 */
function slide(v: Float64Array, base: number, c: number, pixels: number, half: number, run: Float64Array, visit: (i: number) => void): void {
	run.fill(0);
	for (let j = 0; j < Math.min(half, c); j++) for (let px = 0, at = base + j * pixels; px < pixels; px++) run[px] = run[px]! + v[at + px]!;
	for (let i = 0; i < c; i++) {
		if (i + half < c) for (let px = 0, at = base + (i + half) * pixels; px < pixels; px++) run[px] = run[px]! + v[at + px]!;
		if (i - half - 1 >= 0) for (let px = 0, at = base + (i - half - 1) * pixels; px < pixels; px++) run[px] = run[px]! - v[at + px]!;
		visit(i);
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

/**
 * LRN as the reference computes it, b = a·D^−β: in WebAssembly SIMD, or with the window sums run incrementally
 * (channel by channel, the running sums in float64 take in the channel entering the window and drop the one leaving
 * it, and the channel's outputs follow at once, without a second pass over a stored D). With `channels` [from, to),
 * only those output channels (each still normalized over its whole window), into `out` if given.
 */
export function lrn(x: Tensor, a: LrnAttrs, channels?: readonly [number, number], out?: Float32Array): Tensor {
	const {n, c, pixels, half} = sizes(x, a);
	const [from, to] = channels ?? [0, c];
	if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= c)) throw new ShapeError(`lrn: channels ${from} to ${to} are not a range of the input's ${c}`);
	const shape = [n, to - from, ...x.shape.slice(2)];
	const yd = outputData(n * (to - from) * pixels, out, 'lrn');
	if (!plainOnly.value && lrnSimd(x.data, {n, c, pixels, half, ...a}, yd, [from, to])) return tensor(shape, yd);
	const all = lrnPlain(x, a);
	for (let b = 0; b < n; b++) yd.set(all.data.subarray((b * c + from) * pixels, (b * c + to) * pixels), b * (to - from) * pixels);
	return tensor(shape, yd);
}

/** lrn in TypeScript, every channel (where WebAssembly SIMD or the kernel's β is missing). */
function lrnPlain(x: Tensor, a: LrnAttrs): Tensor {
	const {n, c, pixels, half} = sizes(x, a);
	const xd = x.data;
	const squares = scratch('squares', xd.length);
	for (let i = 0; i < squares.length; i++) squares[i] = xd[i]! * xd[i]!;
	const run = scratch('run', pixels);
	const y = new Float32Array(xd.length);
	const {k, alpha, beta} = a;
	for (let b = 0; b < n; b++) {
		slide(squares, b * c * pixels, c, pixels, half, run, (i) => {
			const at = (b * c + i) * pixels;
			if (beta === 0.75) {
				for (let px = 0; px < pixels; px++) {
					const r = 1 / Math.sqrt(k + alpha * run[px]!);
					y[at + px] = xd[at + px]! * r * Math.sqrt(r);
				}
			} else for (let px = 0; px < pixels; px++) y[at + px] = xd[at + px]! * negPow(k + alpha * run[px]!, beta);
		});
	}
	return tensor(x.shape, y);
}

/**
 * Gradient of LRN: dx_m = dy_m·D_m^−β − 2αβ·a_m·Σ_{i in window(m)} dy_i·y_i / D_i (the reference's formula), in two
 * passes over the channels: the first runs the sums of squares to D and t = dy·y / D, the second runs the sums of t.
 */
export function lrnBackward(x: Tensor, y: Tensor, dy: Tensor, a: LrnAttrs): Tensor {
	const {n, c, pixels, half} = sizes(x, a);
	if (y.data.length !== x.data.length || dy.data.length !== x.data.length) throw new ShapeError('lrn backward: x, y and dy must have the same shape');
	const xd = x.data;
	const yd = y.data;
	const dyd = dy.data;
	const simd = plainOnly.value ? null : lrnBackwardSimd(xd, yd, dyd, {n, c, pixels, half, ...a});
	if (simd) return tensor(x.shape, simd);
	const squares = scratch('squares', xd.length);
	for (let i = 0; i < squares.length; i++) squares[i] = xd[i]! * xd[i]!;
	const scale = scratch('scale', xd.length); // D^−β
	const t = scratch('t', xd.length);
	const run = scratch('run', pixels);
	const {k, alpha, beta} = a;
	const f = 2 * alpha * beta;
	const dx = new Float32Array(xd.length);
	for (let b = 0; b < n; b++) {
		const base = b * c * pixels;
		// Pass 1: D = k + α·Σ a² by running sums, then D^−β and t = dy·y / D.
		slide(squares, base, c, pixels, half, run, (i) => {
			for (let px = 0, at = base + i * pixels; px < pixels; px++) {
				const d = k + alpha * run[px]!;
				scale[at + px] = negPow(d, beta);
				t[at + px] = (dyd[at + px]! * yd[at + px]!) / d;
			}
		});
		// Pass 2: the window sums of t, and dx.
		slide(t, base, c, pixels, half, run, (i) => {
			for (let px = 0, at = base + i * pixels; px < pixels; px++) dx[at + px] = dyd[at + px]! * scale[at + px]! - f * xd[at + px]! * run[px]!;
		});
	}
	return tensor(x.shape, dx);
}
