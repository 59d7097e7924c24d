import {BackendUnavailableError, ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ParamGrads, WeightsUse} from '../backend.js';
import {fcSizes} from '../nchw.js';
import {placeWeights} from './host-prep.js';
import type {KernelRunner} from './kernel-runner.js';
import {biasGradSource, glIndexLimit, sameShape, weightRefs, type WeightsAt} from './kernel-shared.js';

/**
 * Fully connected, thread (x=o, y=n): bias + Σ_i x[n, i]·w[o, i], weights [rows][in] from output row `first`.
 * Both arrays are read as rows of `u` values (u divides the input size) with the u reads unrolled, so the
 * WebAssembly backend converts each row index once per u products; and 2-D reads keep the row·width product
 * in integers, where a flat float32 index is wrong past 2^24 (fc6 has 37.7 M weights).
 */
export function fcSource(nin: number, first: number, u: number, at: WeightsAt, parts = 1): string {
	const ref = weightRefs(at);
	const r = nin / u;
	let body = '';
	for (let j = 0; j < u; j++) body += `    s += x[xr][${j}] * ${ref.w}[wr][${j}];\n`;
	if (parts > 1) {
		// thread z sums the z-th of `parts` slices of the inputs; the host adds the slices and the bias
		return `function (${ref.params}) {
  let s = 0.0;
  const i0 = this.thread.z * ${r / parts};
  for (let i = 0; i < ${r / parts}; i++) {
    const xr = this.thread.y * ${r} + i0 + i;
    const wr = this.thread.x * ${r} + i0 + i;
${body}  }
  return s;
}`;
	}
	return `function (${ref.params}) {
  let s = ${ref.bias}[this.thread.x + ${first}];
  for (let i = 0; i < ${r}; i++) {
    const xr = this.thread.y * ${r} + i;
    const wr = this.thread.x * ${r} + i;
${body}  }
  return s;
}`;
}

/** fc: dx[n][i] = Σ_o dy[n][o]·w[o][i], thread (x=i, y=n). */
export function fcBackwardInputSource(nout: number): string {
	return `function (dy, w) {
  let sum = 0.0;
  for (let o = 0; o < ${nout}; o++) {
    sum += dy[this.thread.y][o] * w[o][this.thread.x];
  }
  return sum;
}`;
}

/** fc: dw[o][i] = Σ_n dy[n][o]·x[n][i], thread (x=i, y=o). */
export function fcBackwardWeightsSource(n: number): string {
	return `function (dy, x) {
  let sum = 0.0;
  for (let b = 0; b < ${n}; b++) {
    sum += dy[b][this.thread.y] * x[b][this.thread.x];
  }
  return sum;
}`;
}

/**
 * Fully connected, one output unit per thread, weights as kernel constants (uploaded once). On GL the
 * weight rows go in blocks of at most 2^24 values, the most its float32 index arithmetic addresses exactly.
 */
export async function gpujsFc(r: KernelRunner, x: Tensor, w: Tensor, b: Tensor, use: WeightsUse = 'fixed'): Promise<Tensor> {
	const {n, nin, nout} = fcSizes(x, w, b);
	const limit = r.mode === 'headlessgl' ? glIndexLimit : Infinity;
	const block = Math.max(1, Math.min(nout, Math.floor(limit / nin)));
	const y = new Float32Array(n * nout);
	const shape = `${n},${nin},${nout}`;
	const {at, key} = placeWeights(use, w.data, b.data);
	const u = [8, 4, 2, 1].find((v) => nin % v === 0)!;
	for (let first = 0; first < nout; first += block) {
		const rows = Math.min(block, nout - first);
		const weights = () => r.gpujs.input(w.data.subarray(first * nin, (first + rows) * nin), [u, (rows * nin) / u]);
		const parts = splitInputs(r, n * rows, nin / u);
		const spec = () => ({
			source: fcSource(nin, first, u, at, parts),
			output: parts > 1 ? [rows, n, parts] : [rows, n],
			constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined,
			threaded: true,
		});
		const input = r.gpujs.input(x.data, [u, (n * nin) / u]);
		const args = at === 'constants' ? [input] : [input, weights(), b.data];
		const part = await r.run('fc', `${shape},${first},${parts}|${key}`, spec, args, n * rows * parts);
		if (parts === 1) {
			for (let i = 0; i < n; i++) y.set(part.subarray(i * rows, (i + 1) * rows), i * nout + first);
			continue;
		}
		for (let i = 0; i < n; i++) {
			for (let o = 0; o < rows; o++) {
				let sum = b.data[first + o]!;
				for (let p = 0; p < parts; p++) sum += part[(p * n + i) * rows + o]!;
				y[i * nout + first + o] = sum;
			}
		}
	}
	return tensor([n, nout], y);
}

/** Output cells from which gpu.js's WebAssembly backend gives a kernel another worker (min(workers, ⌈cells/4096⌉)). */
const cellsPerWorker = 4096;

/**
 * Into how many slices of its `rows` (of u inputs) an fc kernel splits each sum, so it has enough output
 * cells for every worker: fc6 and fc7 at batch 1 have exactly 4,096 outputs, which gpu.js ran on one
 * worker of two, and fc8's 1,000 on none. A slice count that divides `rows`, 1 where no split helps.
 */
function splitInputs(r: KernelRunner, cells: number, rows: number): number {
	if (r.mode !== 'webasm' || r.threads < 2 || cells > cellsPerWorker * (r.threads - 1)) return 1;
	for (let parts = 2; parts <= rows; parts++) {
		if (rows % parts === 0 && cells * parts > cellsPerWorker * (r.threads - 1)) return parts;
	}
	return 1;
}

/** fc's gradients: dx = dy·W, dW = dyᵀ·x, db = Σ_batch dy. */
export async function gpujsFcBackward(r: KernelRunner, x: Tensor, w: Tensor, dy: Tensor): Promise<ParamGrads> {
	const n = x.shape[0] ?? 0;
	const nin = n === 0 ? 0 : x.data.length / n;
	const [nout, win] = w.shape;
	if (w.shape.length !== 2 || nout === undefined || win !== nin) throw new ShapeError(`fc backward: weights [${w.shape.join(', ')}] do not take ${nin} features`);
	sameShape(dy, tensor([n, nout]), 'fc backward: dy');
	if (r.mode === 'headlessgl' && w.data.length > glIndexLimit) {
		throw new BackendUnavailableError(r.mode, `fc backward with ${w.data.length} weights: GL kernels address at most 2^24 values exactly`);
	}
	const key = `${n},${nin},${nout}`;
	const dyRows = r.gpujs.input(dy.data, [nout, n]);
	const dx = await r.run('fcBackwardInput', key, () => ({source: fcBackwardInputSource(nout), output: [nin, n], threaded: true}), [dyRows, r.gpujs.input(w.data, [nin, nout])], n * nin);
	const dw = await r.run('fcBackwardWeights', key, () => ({source: fcBackwardWeightsSource(n), output: [nin, nout], threaded: true}), [dyRows, r.gpujs.input(x.data, [nin, n])], nout * nin);
	const db = await r.run('fcBackwardBias', key, () => ({source: biasGradSource(n, nout, 1), output: [nout]}), [r.gpujs.input(dy.data, [1, n * nout])], nout);
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([nout], db)};
}
