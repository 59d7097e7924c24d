import {ShapeError} from '../../errors.js';
import {convOutSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads} from '../backend.js';
import {gemm, gemmNT, transpose} from './gemm.js';
import {col2im, im2col, type ConvGeometry} from './im2col.js';

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

/** Convolution as im2col + one matrix product per group; same arithmetic as the reference, summed in another order. */
export function conv(x: Tensor, wt: Tensor, bias: Tensor, a: ConvAttrs): Tensor {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	if (bias.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${bias.data.length}`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const plane = ho * wo;
	const col = new Float32Array(taps * n * plane);
	const out = new Float32Array(coutG * n * plane); // [co, b, pixel]: the product's natural layout
	const y = new Float32Array(n * cout * plane);
	for (let g = 0; g < a.groups; g++) {
		im2col(x.data, geo, g, col);
		gemm(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), col, out, coutG, taps, n * plane);
		for (let co = 0; co < coutG; co++) {
			const c = g * coutG + co;
			const bc = bias.data[c]!;
			for (let b = 0; b < n; b++) {
				const from = (co * n + b) * plane;
				const to = (b * cout + c) * plane;
				for (let i = 0; i < plane; i++) y[to + i] = out[from + i]! + bc;
			}
		}
	}
	return tensor([n, cout, ho, wo], y);
}

/** Gradients of the convolution: dW = dY·colᵀ, dcol = Wᵀ·dY then col2im, db = Σ dY, group by group. */
export function convBackward(x: Tensor, wt: Tensor, dy: Tensor, a: ConvAttrs): ParamGrads {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	const plane = ho * wo;
	if (dy.data.length !== n * cout * plane) throw new ShapeError(`conv backward: dy [${dy.shape.join(', ')}] is not [${n}, ${cout}, ${ho}, ${wo}]`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const cols = n * plane;
	const col = new Float32Array(taps * cols);
	const dcol = new Float32Array(taps * cols);
	const dyg = new Float32Array(coutG * cols);
	const dx = new Float32Array(x.data.length);
	const dw = new Float32Array(wt.data.length);
	const db = new Float32Array(cout);
	for (let g = 0; g < a.groups; g++) {
		for (let co = 0; co < coutG; co++) {
			const c = g * coutG + co;
			let sum = 0;
			for (let b = 0; b < n; b++) {
				const from = (b * cout + c) * plane;
				const to = (co * n + b) * plane;
				for (let i = 0; i < plane; i++) {
					const v = dy.data[from + i]!;
					dyg[to + i] = v;
					sum += v;
				}
			}
			db[c] = sum;
		}
		im2col(x.data, geo, g, col);
		gemmNT(dyg, col, dw.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, cols, taps);
		const wgT = transpose(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, taps);
		gemm(wgT, dyg, dcol, taps, coutG, cols);
		col2im(dcol, geo, g, dx);
	}
	return {dx: tensor(x.shape, dx), dw: tensor(wt.shape, dw), db: tensor([cout], db)};
}
