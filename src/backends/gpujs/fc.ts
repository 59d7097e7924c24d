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
export function fcSource(nin: number, first: number, u: number, at: WeightsAt): string {
	const ref = weightRefs(at);
	const r = nin / u;
	let body = '';
	for (let j = 0; j < u; j++) body += `    s += x[xr][${j}] * ${ref.w}[wr][${j}];\n`;
	return `function (${ref.params}) {
  let s = ${ref.bias}[this.thread.x + ${first}];
  for (let i = 0; i < ${r}; i++) {
    const xr = this.thread.y * ${r} + i;
    const wr = this.thread.x * ${r} + i;
${body}  }
  return s;
}`;
}

/**
 * Fully connected for gpu.js's WebAssembly SIMD, thread (x=ℓ, y=q, z=n): lane ℓ of `lanes` sums x[n, i]·w[o, i]
 * over the i ≡ ℓ (mod lanes) for the four output rows o = 4q…4q+3 (Array(4)), so each x value read serves four
 * rows. Four neighbouring lanes read four consecutive floats of a row, which `wasm-codegen-fixes.ts` turns into
 * one vector load, so the rows stream; the u steps are unrolled. The host adds the lanes and the bias.
 */
export function fcLanesSource(nin: number, lanes: number, u: number, at: WeightsAt): string {
	const ref = weightRefs(at);
	let body = '';
	for (let j = 0; j < u; j++) {
		const i = j === 0 ? `k * ${lanes * u}` : `k * ${lanes * u} + ${j * lanes}`;
		body += `    const x${j} = x[this.thread.z][${i} + this.thread.x];\n`;
		for (let c = 0; c < 4; c++) body += `    s${c} += x${j} * ${ref.w}[this.thread.y * 4${c ? ` + ${c}` : ''}][${i} + this.thread.x];\n`;
	}
	return `function (${ref.params}) {
  let s0 = 0.0;
  let s1 = 0.0;
  let s2 = 0.0;
  let s3 = 0.0;
  for (let k = 0; k < ${nin / (lanes * u)}; k++) {
${body}  }
  return [s0, s1, s2, s3];
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
	const split = r.mode === 'webasm' ? lanesShape(r, n, nin, nout) : undefined;
	if (split) {
		const {lanes, groups} = split;
		const u = nin % (2 * lanes) === 0 ? 2 : 1;
		const weights = () => r.gpujs.input(w.data, [nin, nout]);
		const spec = () => ({source: fcLanesSource(nin, lanes, u, at), output: [lanes, groups, n], vec4: true, constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined, threaded: true});
		const input = r.gpujs.input(x.data, [nin, n]);
		const part = await r.run('fcLanes', `${shape},${lanes},${groups}|${key}`, spec, at === 'constants' ? [input] : [input, weights(), b.data], n * groups * lanes * 4);
		// part[((i·groups + q)·lanes + ℓ)·4 + c] is lane ℓ's share of output row 4q + c
		for (let i = 0; i < n; i++) {
			for (let o = 0; o < nout; o++) {
				const lane0 = (i * groups + (o >> 2)) * lanes * 4 + (o & 3);
				let sum = b.data[o]!;
				for (let l = 0; l < lanes; l++) sum += part[lane0 + 4 * l]!;
				y[i * nout + o] = sum;
			}
		}
		return tensor([n, nout], y);
	}
	const u = [8, 4, 2, 1].find((v) => nin % v === 0)!;
	for (let first = 0; first < nout; first += block) {
		const rows = Math.min(block, nout - first);
		const weights = () => r.gpujs.input(w.data.subarray(first * nin, (first + rows) * nin), [u, (rows * nin) / u]);
		const spec = () => ({
			source: fcSource(nin, first, u, at),
			output: [rows, n],
			constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined,
			threaded: true,
		});
		const input = r.gpujs.input(x.data, [u, (n * nin) / u]);
		const args = at === 'constants' ? [input] : [input, weights(), b.data];
		const part = await r.run('fc', `${shape},${first}|${key}`, spec, args, n * rows);
		for (let i = 0; i < n; i++) y.set(part.subarray(i * rows, (i + 1) * rows), i * nout + first);
	}
	return tensor([n, nout], y);
}

/** Output cells from which gpu.js's WebAssembly backend gives a kernel another worker (min(workers, ⌈cells/4096⌉)). */
const cellsPerWorker = 4096;

/**
 * The WebAssembly fc kernel's output: `lanes` (a multiple of 4 dividing the input size) by `groups` of 4 output rows.
 * gpu.js gives a kernel min(workers, ⌈cells/4096⌉) workers, so the groups are padded (the rows past the last read
 * clamped and are dropped) until every worker has cells, with the fewest lanes (the longest runs along a row) for
 * which that padding is at most an eighth of the work; a layer too small for that runs unpadded on fewer workers.
 * Undefined where the input size is no multiple of 4.
 */
function lanesShape(r: KernelRunner, n: number, nin: number, nout: number): {lanes: number; groups: number} | undefined {
	const need = cellsPerWorker * (r.threads - 1);
	const rows = Math.ceil(nout / 4);
	let widest = 0;
	for (const lanes of [4, 8, 16, 32]) {
		if (nin % lanes !== 0) continue;
		const groups = Math.max(rows, Math.floor(need / (lanes * n)) + 1);
		if ((groups - rows) * 8 <= rows) return {lanes, groups};
		widest = lanes;
	}
	return widest ? {lanes: widest, groups: rows} : undefined;
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
