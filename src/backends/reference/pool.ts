import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {PoolAttrs} from '../backend.js';
import {checkShape, poolSizes} from '../nchw.js';

/**
 * The index in x.data of the largest value in the window whose top-left corner is (y0, x0) on
 * plane `plane` (= n·C + c); padding is never the maximum, and on a tie the first in row order wins.
 */
function argmaxInWindow(xd: Float32Array, plane: number, h: number, w: number, y0: number, x0: number, k: number): number {
	let best = -1;
	for (let iy = Math.max(y0, 0); iy < Math.min(y0 + k, h); iy++) {
		for (let ix = Math.max(x0, 0); ix < Math.min(x0 + k, w); ix++) {
			const i = (plane * h + iy) * w + ix;
			if (best < 0 || xd[i]! > xd[best]!) best = i;
		}
	}
	return best; // poolOutSize guarantees every window holds at least one real input
}

/** Max pooling, NCHW; AlexNet's windows overlap (3×3, stride 2, paper §3.4). */
export function maxpool(x: Tensor, a: PoolAttrs): Tensor {
	const {n, c, h, w, ho, wo} = poolSizes(x, a, 'maxpool');
	const y = new Float32Array(n * c * ho * wo);
	for (let plane = 0; plane < n * c; plane++) {
		for (let oy = 0; oy < ho; oy++) {
			for (let ox = 0; ox < wo; ox++) {
				const i = argmaxInWindow(x.data, plane, h, w, oy * a.stride - a.pad, ox * a.stride - a.pad, a.kernel);
				y[(plane * ho + oy) * wo + ox] = x.data[i]!;
			}
		}
	}
	return tensor([n, c, ho, wo], y);
}

/** Gradient of max pooling: each dy goes to the input that was the maximum (the first one on a tie); overlapping windows add up. */
export function maxpoolBackward(x: Tensor, dy: Tensor, a: PoolAttrs): Tensor {
	const {n, c, h, w, ho, wo} = poolSizes(x, a, 'maxpool');
	checkShape(dy, [n, c, ho, wo], 'maxpool backward: dy');
	const dx = new Float64Array(x.data.length);
	for (let plane = 0; plane < n * c; plane++) {
		for (let oy = 0; oy < ho; oy++) {
			for (let ox = 0; ox < wo; ox++) {
				const i = argmaxInWindow(x.data, plane, h, w, oy * a.stride - a.pad, ox * a.stride - a.pad, a.kernel);
				dx[i]! += dy.data[(plane * ho + oy) * wo + ox]!;
			}
		}
	}
	return tensor(x.shape, Float32Array.from(dx));
}

/**
 * Average pooling as Caffe's AVE pooling computes it: the sum of the real inputs in the window,
 * divided by the window's area clipped to the padded input. So padding cells count as zeros, but
 * the part of a ceil-mode window that hangs past the padding does not. (PyTorch's AvgPool2d with its
 * default count_include_pad=True divides by the same area, so the two agree.)
 */
export function avgpool(x: Tensor, a: PoolAttrs): Tensor {
	const {n, c, h, w, ho, wo} = poolSizes(x, a, 'avgpool');
	const {kernel: k, stride: s, pad: p} = a;
	const y = new Float32Array(n * c * ho * wo);
	for (let plane = 0; plane < n * c; plane++) {
		for (let oy = 0; oy < ho; oy++) {
			for (let ox = 0; ox < wo; ox++) {
				const y0 = oy * s - p;
				const x0 = ox * s - p;
				const y1 = Math.min(y0 + k, h + p);
				const x1 = Math.min(x0 + k, w + p);
				const area = (y1 - y0) * (x1 - x0);
				let sum = 0;
				for (let iy = Math.max(y0, 0); iy < Math.min(y1, h); iy++) {
					for (let ix = Math.max(x0, 0); ix < Math.min(x1, w); ix++) sum += x.data[(plane * h + iy) * w + ix]!;
				}
				y[(plane * ho + oy) * wo + ox] = sum / area;
			}
		}
	}
	return tensor([n, c, ho, wo], y);
}
