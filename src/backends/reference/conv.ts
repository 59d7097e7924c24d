import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads} from '../backend.js';
import {checkShape, convSizes} from '../nchw.js';

/**
 * Convolution, NCHW: y[n, co, oy, ox] = b[co] + Σ x[n, ci, oy·s − p + ky·d, ox·s − p + kx·d] · w[co, ci, ky, kx],
 * where ci runs over the input channels of co's group only (AlexNet's two-GPU split, paper §3.2, is groups = 2).
 */
export function conv(x: Tensor, weights: Tensor, bias: Tensor, attrs: ConvAttrs): Tensor {
	const {n, cin, h, w, cout, cinG, kh, kw, ho, wo} = convSizes(x, weights, attrs);
	const {stride: s, pad: p, dilation: d} = attrs;
	if (bias.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${bias.data.length}`);
	const coutG = cout / attrs.groups;
	const xd = x.data;
	const wd = weights.data;
	const y = new Float32Array(n * cout * ho * wo);
	for (let b = 0; b < n; b++) {
		for (let co = 0; co < cout; co++) {
			const group = Math.floor(co / coutG);
			for (let oy = 0; oy < ho; oy++) {
				for (let ox = 0; ox < wo; ox++) {
					let sum = bias.data[co]!; // a JavaScript number: the sum runs in float64
					for (let ci = 0; ci < cinG; ci++) {
						const c = group * cinG + ci; // the input channel this slice of the filter reads
						for (let ky = 0; ky < kh; ky++) {
							const iy = oy * s - p + ky * d;
							if (iy < 0 || iy >= h) continue; // zero padding adds nothing
							const xRow = ((b * cin + c) * h + iy) * w; // where x[b, c, iy, 0] sits in x.data
							const wRow = ((co * cinG + ci) * kh + ky) * kw; // and w[co, ci, ky, 0] in w.data
							for (let kx = 0; kx < kw; kx++) {
								const ix = ox * s - p + kx * d;
								if (ix < 0 || ix >= w) continue;
								sum += xd[xRow + ix]! * wd[wRow + kx]!;
							}
						}
					}
					y[((b * cout + co) * ho + oy) * wo + ox] = sum;
				}
			}
		}
	}
	return tensor([n, cout, ho, wo], y);
}

/**
 * Gradients of the convolution given dy = ∂L/∂y: the forward loops run again, and each product
 * x·w that made y sends dy·w back to x and dy·x back to w (the chain rule, one term at a time).
 */
export function convBackward(x: Tensor, weights: Tensor, dy: Tensor, attrs: ConvAttrs): ParamGrads {
	const {n, cin, h, w, cout, cinG, kh, kw, ho, wo} = convSizes(x, weights, attrs);
	const {stride: s, pad: p, dilation: d} = attrs;
	checkShape(dy, [n, cout, ho, wo], 'conv backward: dy');
	const coutG = cout / attrs.groups;
	const xd = x.data;
	const wd = weights.data;
	// Sums of many small terms: accumulate in float64, store float32 at the end.
	const dx = new Float64Array(xd.length);
	const dw = new Float64Array(wd.length);
	const db = new Float64Array(cout);
	for (let b = 0; b < n; b++) {
		for (let co = 0; co < cout; co++) {
			const group = Math.floor(co / coutG);
			for (let oy = 0; oy < ho; oy++) {
				for (let ox = 0; ox < wo; ox++) {
					const g = dy.data[((b * cout + co) * ho + oy) * wo + ox]!;
					db[co]! += g;
					for (let ci = 0; ci < cinG; ci++) {
						const c = group * cinG + ci;
						for (let ky = 0; ky < kh; ky++) {
							const iy = oy * s - p + ky * d;
							if (iy < 0 || iy >= h) continue;
							const xRow = ((b * cin + c) * h + iy) * w;
							const wRow = ((co * cinG + ci) * kh + ky) * kw;
							for (let kx = 0; kx < kw; kx++) {
								const ix = ox * s - p + kx * d;
								if (ix < 0 || ix >= w) continue;
								dx[xRow + ix]! += g * wd[wRow + kx]!;
								dw[wRow + kx]! += g * xd[xRow + ix]!;
							}
						}
					}
				}
			}
		}
	}
	return {
		dx: tensor(x.shape, Float32Array.from(dx)),
		dw: tensor(weights.shape, Float32Array.from(dw)),
		db: tensor([cout], Float32Array.from(db)),
	};
}
