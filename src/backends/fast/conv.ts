import {ShapeError} from '../../errors.js';
import {convSizes} from '../nchw.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads} from '../backend.js';
import {gemm, plainOnly, transpose} from './gemm.js';
import {simdKernel, simdProduct} from './wasm/gemm-wasm.js';
import {col2im, im2col, im2row, type ConvGeometry} from './im2col.js';

function geometry(x: Tensor, wt: Tensor, a: ConvAttrs): ConvGeometry & {cout: number} {
	return {...convSizes(x, wt, a), stride: a.stride, pad: a.pad, dilation: a.dilation};
}

/** Scratch arrays reused from call to call (each thread has its own), grown when a layer needs more. */
const scratch = {col: new Float32Array(0), dcol: new Float32Array(0)};
function buffer(key: keyof typeof scratch, length: number): Float32Array {
	if (scratch[key].length < length) scratch[key] = new Float32Array(length);
	return scratch[key].subarray(0, length);
}

/**
 * Convolution as im2col + matrix products (written straight into the NCHW output); same arithmetic as the
 * reference, summed in another order. With WebAssembly SIMD, one product per group covers the whole batch.
 */
export function conv(x: Tensor, wt: Tensor, bias: Tensor, a: ConvAttrs): Tensor {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	if (bias.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${bias.data.length}`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const plane = ho * wo;
	const y = new Float32Array(n * cout * plane);
	const simd = allowedSimd();
	for (let g = 0; g < a.groups; g++) {
		const wg = wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps);
		if (simd) {
			// [coutG × taps] · [taps × (image, pixel)]: every image's columns side by side.
			const l = simdProduct(simd, coutG, taps, n * plane, (l) => {
				l.heap.set(wg, l.a);
				for (let b = 0; b < n; b++) im2col(x.data, geo, b, g, l.heap, l.b + b * plane, l.n8);
			});
			for (let co = 0; co < coutG; co++) {
				for (let b = 0; b < n; b++) y.set(l.heap.subarray(l.c + co * l.n8 + b * plane, l.c + co * l.n8 + (b + 1) * plane), (b * cout + g * coutG + co) * plane);
			}
			continue;
		}
		const col = buffer('col', taps * plane);
		for (let b = 0; b < n; b++) {
			im2col(x.data, geo, b, g, col);
			const at = (b * cout + g * coutG) * plane;
			gemm(wg, col, y.subarray(at, at + coutG * plane), coutG, taps, plane);
		}
	}
	for (let b = 0; b < n; b++) {
		for (let c = 0; c < cout; c++) {
			const bc = bias.data[c]!;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) y[i] = y[i]! + bc;
		}
	}
	return tensor([n, cout, ho, wo], y);
}

/** The SIMD kernel unless plain TypeScript was asked for. */
const allowedSimd = () => (plainOnly.value ? null : simdKernel());

/**
 * Gradients of the convolution, group by group: dW = dY·colᵀ (colᵀ built directly by im2row), dcol = Wᵀ·dY then
 * col2im, db = Σ dY. With WebAssembly SIMD each is one product over the whole batch; otherwise image by image.
 */
export function convBackward(x: Tensor, wt: Tensor, dy: Tensor, a: ConvAttrs, needDx = true): ParamGrads {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	const plane = ho * wo;
	if (dy.data.length !== n * cout * plane) throw new ShapeError(`conv backward: dy [${dy.shape.join(', ')}] is not [${n}, ${cout}, ${ho}, ${wo}]`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const dx = new Float32Array(x.data.length);
	const dw = new Float32Array(wt.data.length);
	const db = new Float32Array(cout);
	for (let b = 0; b < n; b++) {
		for (let c = 0; c < cout; c++) {
			let sum = 0;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) sum += dy.data[i]!;
			db[c] = db[c]! + sum;
		}
	}
	const simd = allowedSimd();
	for (let g = 0; g < a.groups; g++) {
		const wgT = transpose(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, taps);
		const dwg = dw.subarray(g * coutG * taps, (g + 1) * coutG * taps);
		// This group's channels of dy, image after image: [coutG × (image, pixel)], rows `stride` apart from `at`.
		const gatherDy = (heap: Float32Array, at: number, stride: number) => {
			for (let co = 0; co < coutG; co++) {
				for (let b = 0; b < n; b++) {
					const from = (b * cout + g * coutG + co) * plane;
					heap.set(dy.data.subarray(from, from + plane), at + co * stride + b * plane);
				}
			}
		};
		if (simd) {
			const cols = n * plane;
			const l = simdProduct(simd, coutG, cols, taps, (l) => {
				gatherDy(l.heap, l.a, cols);
				for (let b = 0; b < n; b++) im2row(x.data, geo, b, g, l.heap, l.b + b * plane * l.n8, l.n8);
			});
			for (let co = 0; co < coutG; co++) dwg.set(l.heap.subarray(l.c + co * l.n8, l.c + co * l.n8 + taps), co * taps);
			if (!needDx) continue;
			const d = simdProduct(simd, taps, coutG, cols, (d) => {
				d.heap.set(wgT, d.a);
				gatherDy(d.heap, d.b, d.n8);
			});
			for (let b = 0; b < n; b++) col2im(d.heap, geo, b, g, dx, d.c + b * plane, d.n8);
			continue;
		}
		const col = buffer('col', taps * plane);
		const dcol = buffer('dcol', taps * plane);
		for (let b = 0; b < n; b++) {
			const at = (b * cout + g * coutG) * plane;
			const dyg = dy.data.subarray(at, at + coutG * plane); // this image's channels of group g: [coutG × plane]
			im2row(x.data, geo, b, g, col);
			gemm(dyg, col, dwg, coutG, plane, taps, true);
			if (!needDx) continue;
			gemm(wgT, dyg, dcol, taps, coutG, plane);
			col2im(dcol, geo, b, g, dx);
		}
	}
	return {dx: tensor(x.shape, dx), dw: tensor(wt.shape, dw), db: tensor([cout], db)};
}
