import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ParamGrads} from '../backend.js';
import {checkShape, fcSizes} from '../nchw.js';

/**
 * Fully connected: y[n, o] = b[o] + Σ_i x[n, i]·w[o, i]. An NCHW input is read flat in C, H, W
 * order, which is how AlexNet's fc6 sees pool5's 6×6×256 maps as 9,216 numbers.
 */
export function fc(x: Tensor, w: Tensor, bias: Tensor): Tensor {
	const {n, nin, nout} = fcSizes(x, w);
	checkShape(bias, [nout], 'fc bias');
	const y = new Float32Array(n * nout);
	for (let b = 0; b < n; b++) {
		for (let o = 0; o < nout; o++) {
			let sum = bias.data[o]!; // float64 while summing 9,216 products (fc6)
			for (let i = 0; i < nin; i++) sum += x.data[b * nin + i]! * w.data[o * nin + i]!;
			y[b * nout + o] = sum;
		}
	}
	return tensor([n, nout], y);
}

/** Gradients of fc given dy [N, out]: dx = dy·W (in x's own shape), dW = dyᵀ·x, db = Σ over the batch of dy. */
export function fcBackward(x: Tensor, w: Tensor, dy: Tensor): ParamGrads {
	const {n, nin, nout} = fcSizes(x, w);
	checkShape(dy, [n, nout], 'fc backward: dy');
	const dx = new Float32Array(n * nin);
	for (let b = 0; b < n; b++) {
		for (let i = 0; i < nin; i++) {
			let sum = 0;
			for (let o = 0; o < nout; o++) sum += dy.data[b * nout + o]! * w.data[o * nin + i]!;
			dx[b * nin + i] = sum;
		}
	}
	const dw = new Float32Array(nout * nin);
	const db = new Float32Array(nout);
	for (let o = 0; o < nout; o++) {
		for (let i = 0; i < nin; i++) {
			let sum = 0;
			for (let b = 0; b < n; b++) sum += dy.data[b * nout + o]! * x.data[b * nin + i]!;
			dw[o * nin + i] = sum;
		}
		let sum = 0;
		for (let b = 0; b < n; b++) sum += dy.data[b * nout + o]!;
		db[o] = sum;
	}
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([nout], db)};
}
