import {tensor, type Tensor} from '../../tensor/tensor.js';
import {checkShape, outputData} from '../nchw.js';
import {plainOnly} from './gemm.js';
import {reluSimd} from './wasm/ops-wasm.js';

// ReLU without branches. Half of a layer's inputs are negative in no predictable order, so a branch (and V8's
// Math.max, which compiles to one) is mispredicted every other element: 8 ns an element here against 2 to 3, and
// WebAssembly's f32x4.max does 4 at a time without one.

/**
 * ReLU, into `out` if given: f32x4.max(x, 0) in WebAssembly SIMD, else (x + |x|) / 2. Both are exactly Math.max(x, 0)
 * for every float, NaN and −0 included (x + |x| is 2x or 0, both exact in float64).
 */
export function relu(x: Tensor, out?: Float32Array): Tensor {
	const xd = x.data;
	const y = outputData(xd.length, out, 'relu');
	if (!plainOnly.value && reluSimd(xd, y)) return tensor(x.shape, y);
	for (let i = 0; i < y.length; i++) {
		const v = xd[i]!;
		y[i] = (v + Math.abs(v)) * 0.5;
	}
	return tensor(x.shape, y);
}

/** Gradient of ReLU as dy·[x > 0]: the reference's choice (stopped at x = 0 too); only a non-finite dy differs (NaN). */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
	checkShape(dy, x.shape, 'relu backward: dy');
	const xd = x.data;
	const dyd = dy.data;
	const dx = new Float32Array(xd.length);
	for (let i = 0; i < dx.length; i++) dx[i] = dyd[i]! * +(xd[i]! > 0);
	return tensor(x.shape, dx);
}
