import {ShapeError} from '../../errors.js';
import {convOutSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads} from '../backend.js';
import {gemm, transpose} from './gemm.js';
import {col2im, im2col, im2row, type ConvGeometry} from './im2col.js';

function geometry(x: Tensor, wt: Tensor, a: ConvAttrs): ConvGeometry & {cout: number} {
	const [n = 0, cin = 0, h = 0, w = 0] = x.shape;
	const [cout = 0, cinG = 0, kh = 0, kw = 0] = wt.shape;
	if (x.shape.length !== 4 || wt.shape.length !== 4) {
		throw new ShapeError(`conv: x [${x.shape.join(', ')}] and weights [${wt.shape.join(', ')}] must both have 4 dimensions`);
	}
	if (cin % a.groups !== 0 || cout % a.groups !== 0 || cinG * a.groups !== cin) {
		throw new ShapeError(`conv: ${cin} input channels and ${cout} filters of ${cinG} channels do not split into ${a.groups} groups`);
	}
	// Output sizes come from model/shapes only (DESIGN §2).
	const ho = convOutSize(h, kh, a.stride, a.pad, a.dilation);
	const wo = convOutSize(w, kw, a.stride, a.pad, a.dilation);
	return {n, cin, h, w, cinG, kh, kw, ho, wo, cout, stride: a.stride, pad: a.pad, dilation: a.dilation};
}

/** Scratch arrays reused from call to call (each thread has its own), grown when a layer needs more. */
const scratch = {col: new Float32Array(0), dcol: new Float32Array(0)};
function buffer(key: keyof typeof scratch, length: number): Float32Array {
	if (scratch[key].length < length) scratch[key] = new Float32Array(length);
	return scratch[key].subarray(0, length);
}

/**
 * Convolution as im2col + one matrix product per image and group, written straight into the NCHW output
 * (rows of the product are that image's output channels); same arithmetic as the reference, summed in another order.
 */
export function conv(x: Tensor, wt: Tensor, bias: Tensor, a: ConvAttrs): Tensor {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	if (bias.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${bias.data.length}`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const plane = ho * wo;
	const col = buffer('col', taps * plane);
	const y = new Float32Array(n * cout * plane);
	for (let b = 0; b < n; b++) {
		for (let g = 0; g < a.groups; g++) {
			im2col(x.data, geo, b, g, col);
			const at = (b * cout + g * coutG) * plane;
			gemm(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), col, y.subarray(at, at + coutG * plane), coutG, taps, plane);
		}
		for (let c = 0; c < cout; c++) {
			const bc = bias.data[c]!;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) y[i] = y[i]! + bc;
		}
	}
	return tensor([n, cout, ho, wo], y);
}

/** Gradients of the convolution, image by image and group by group: dW += dY·colᵀ (colᵀ built directly by im2row), dcol = Wᵀ·dY then col2im, db += Σ dY. */
export function convBackward(x: Tensor, wt: Tensor, dy: Tensor, a: ConvAttrs, needDx = true): ParamGrads {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	const plane = ho * wo;
	if (dy.data.length !== n * cout * plane) throw new ShapeError(`conv backward: dy [${dy.shape.join(', ')}] is not [${n}, ${cout}, ${ho}, ${wo}]`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const col = buffer('col', taps * plane);
	const dcol = buffer('dcol', taps * plane);
	const dx = new Float32Array(x.data.length);
	const dw = new Float32Array(wt.data.length);
	const db = new Float32Array(cout);
	const wT = Array.from({length: a.groups}, (_, g) => transpose(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, taps));
	for (let b = 0; b < n; b++) {
		for (let c = 0; c < cout; c++) {
			let sum = 0;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) sum += dy.data[i]!;
			db[c] = db[c]! + sum;
		}
		for (let g = 0; g < a.groups; g++) {
			const at = (b * cout + g * coutG) * plane;
			const dyg = dy.data.subarray(at, at + coutG * plane); // this image's channels of group g: [coutG × plane]
			im2row(x.data, geo, b, g, col);
			gemm(dyg, col, dw.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, plane, taps, true);
			if (!needDx) continue;
			gemm(wT[g]!, dyg, dcol, taps, coutG, plane);
			col2im(dcol, geo, b, g, dx);
		}
	}
	return {dx: tensor(x.shape, dx), dw: tensor(wt.shape, dw), db: tensor([cout], db)};
}
