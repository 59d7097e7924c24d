import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ParamGrads, WeightsUse} from '../backend.js';
import {fcSizes, outputData} from '../nchw.js';
import {gemm, gemmNT, plainOnly, transpose} from './gemm.js';
import {residentMatrix, type ResidentMatrix} from './wasm/gemv-wasm.js';

/**
 * The most rows of x for which fixed weights are read in place once per row (a matrix-vector product each) rather
 * than transposed into a matrix product: below it the products are bound by reading the weights.
 */
export const gemvRows = 8;

/**
 * Fully connected as one product: y[N×out] = x[N×in]·Wᵀ + b (NCHW inputs read flat, as the reference does), into
 * `out` if given. Fixed weights at small batches stay packed in WebAssembly memory and are read once per image, at
 * memory speed.
 */
export function fc(x: Tensor, w: Tensor, bias: Tensor, use: WeightsUse = 'changing', out?: Float32Array): Tensor {
	const {n, nin, nout} = fcSizes(x, w);
	const matrix = use === 'fixed' && n <= gemvRows && !plainOnly.value ? residentMatrix(w.data, nout, nin) : null;
	if (matrix) return residentFc(matrix, x, bias, out);
	checkBias(bias, nout);
	const y = outputData(n * nout, out, 'fc');
	gemmNT(x.data, w.data, y, n, nin, nout);
	addBias(y, bias, n);
	return tensor([n, nout], y);
}

/** fc with weights already packed (residentMatrix): y = x·Wᵀ + b, into `out` if given. */
export function residentFc(matrix: ResidentMatrix, x: Tensor, bias: Tensor, out?: Float32Array): Tensor {
	const n = x.shape[0]!;
	if (x.data.length !== n * matrix.k) throw new ShapeError(`fc: an input of ${x.data.length / n} values per item, the weights take ${matrix.k}`);
	checkBias(bias, matrix.rows);
	const y = matrix.product(x.data, n, outputData(n * matrix.rows, out, 'fc'));
	addBias(y, bias, n);
	return tensor([n, matrix.rows], y);
}

function checkBias(bias: Tensor, nout: number): void {
	if (bias.data.length !== nout) throw new ShapeError(`fc: ${nout} units need ${nout} biases, got ${bias.data.length}`);
}

function addBias(y: Float32Array, bias: Tensor, n: number): void {
	const nout = bias.data.length;
	for (let b = 0; b < n; b++) for (let o = 0; o < nout; o++) y[b * nout + o] = y[b * nout + o]! + bias.data[o]!;
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
