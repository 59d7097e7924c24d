import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {PoolAttrs} from '../backend.js';
import {outputData, poolSizes} from '../nchw.js';
import {plainOnly} from './gemm.js';
import {maxpoolSimd} from './wasm/ops-wasm.js';

function sizes(x: Tensor, a: PoolAttrs) {
	const z = poolSizes(x, a, 'maxpool');
	return {...z, planes: z.n * z.c};
}

/**
 * For every output, the index in x of its window's maximum (the first in row order on a tie, padding never),
 * as the reference picks it; forward and backward both start from these.
 */
function argmaxes(x: Tensor, a: PoolAttrs): {arg: Int32Array; shape: number[]} {
	const {planes, n, c, h, w, ho, wo} = sizes(x, a);
	const simd = plainOnly.value ? null : maxpoolSimd(x.data, planes, h, w, ho, wo, a.kernel, a.stride, a.pad);
	if (simd) return {arg: simd, shape: [n, c, ho, wo]};
	const {kernel: k, stride: s, pad: p} = a;
	const xd = x.data;
	const arg = new Int32Array(planes * ho * wo);
	let o = 0;
	for (let plane = 0; plane < planes; plane++) {
		const base = plane * h * w;
		for (let oy = 0; oy < ho; oy++) {
			const y0 = Math.max(oy * s - p, 0);
			const y1 = Math.min(oy * s - p + k, h);
			for (let ox = 0; ox < wo; ox++, o++) {
				const x0 = Math.max(ox * s - p, 0);
				const x1 = Math.min(ox * s - p + k, w);
				let best = base + y0 * w + x0;
				let max = xd[best]!;
				for (let iy = y0; iy < y1; iy++) {
					const row = base + iy * w;
					for (let ix = x0; ix < x1; ix++) {
						const v = xd[row + ix]!;
						if (v > max) {
							max = v;
							best = row + ix;
						}
					}
				}
				arg[o] = best;
			}
		}
	}
	return {arg, shape: [n, c, ho, wo]};
}

/** Max pooling with the reference's choice of maximum, in tighter loops; into `out` if given. */
export function maxpool(x: Tensor, a: PoolAttrs, out?: Float32Array): Tensor {
	const {planes, n, c, h, w, ho, wo} = sizes(x, a);
	const y = outputData(planes * ho * wo, out, 'maxpool');
	if (!plainOnly.value && maxpoolSimd(x.data, planes, h, w, ho, wo, a.kernel, a.stride, a.pad, y)) return tensor([n, c, ho, wo], y);
	const {arg, shape} = argmaxes(x, a);
	for (let i = 0; i < arg.length; i++) y[i] = x.data[arg[i]!]!;
	return tensor(shape, y);
}

/** Gradient of max pooling: each dy goes to its window's maximum; overlapping windows add up. */
export function maxpoolBackward(x: Tensor, dy: Tensor, a: PoolAttrs): Tensor {
	const {arg} = argmaxes(x, a);
	if (dy.data.length !== arg.length) throw new ShapeError(`maxpool backward: dy [${dy.shape.join(', ')}] does not match the pooled shape`);
	const dx = new Float32Array(x.data.length);
	for (let i = 0; i < arg.length; i++) dx[arg[i]!] = dx[arg[i]!]! + dy.data[i]!;
	return tensor(x.shape, dx);
}
