import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ParamGrads, WeightsUse} from '../backend.js';
import {fcSizes} from '../nchw.js';
import {gemm, gemmNT, plainOnly, transpose} from './gemm.js';
import {residentMatrix} from './wasm/gemv-wasm.js';

/**
 * The most rows of x for which fixed weights are read in place once per row (a matrix-vector product each) rather
 * than transposed into a matrix product: below it the products are bound by reading the weights.
 */
export const gemvRows = 8;

/**
 * Fully connected as one product: y[N×out] = x[N×in]·Wᵀ + b (NCHW inputs read flat, as the reference does). Fixed
 * weights at small batches stay packed in WebAssembly memory and are read once per image, at memory speed.
 */
export function fc(x: Tensor, w: Tensor, bias: Tensor, use: WeightsUse = 'changing'): Tensor {
	const {n, nin, nout} = fcSizes(x, w);
	if (bias.data.length !== nout) throw new ShapeError(`fc: ${nout} units need ${nout} biases, got ${bias.data.length}`);
	const matrix = use === 'fixed' && n <= gemvRows && !plainOnly.value ? residentMatrix(w.data, nout, nin) : null;
	const y = matrix ? matrix.product(x.data, n) : new Float32Array(n * nout);
	if (!matrix) gemmNT(x.data, w.data, y, n, nin, nout);
	for (let b = 0; b < n; b++) for (let o = 0; o < nout; o++) y[b * nout + o] = y[b * nout + o]! + bias.data[o]!;
	return tensor([n, nout], y);
}

/** Gradients of fc: dx = dy·W, dW = dyᵀ·x, db = Σ over the batch of dy. */
export function fcBackward(x: Tensor, w: Tensor, dy: Tensor): ParamGrads {
	const {n, nin, nout} = fcSizes(x, w);
	if (dy.data.length !== n * nout) throw new ShapeError(`fc backward: dy [${dy.shape.join(', ')}] is not [${n}, ${nout}]`);
	const dx = new Float32Array(n * nin);
	gemm(dy.data, w.data, dx, n, nout, nin);
	const dw = new Float32Array(nout * nin);
	gemm(transpose(dy.data, n, nout), x.data, dw, nout, n, nin);
	const db = new Float32Array(nout);
	for (let b = 0; b < n; b++) for (let o = 0; o < nout; o++) db[o] = db[o]! + dy.data[b * nout + o]!;
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([nout], db)};
}
