import {ShapeError} from '../errors.js';
import {checkSize, convOutSize} from '../model/shapes.js';
import type {Tensor} from '../tensor/tensor.js';
import type {ConvAttrs} from './backend.js';

/** The four dimensions [N, C, H, W] of a rank-4 tensor (or [cout, cin/g, kh, kw] of conv weights); `what` names it in the error. */
export function nchw(t: Tensor, what: string): [number, number, number, number] {
	const [n, c, h, w] = t.shape;
	if (t.shape.length !== 4 || n === undefined || c === undefined || h === undefined || w === undefined) {
		throw new ShapeError(`${what} must have 4 dimensions (N, C, H, W), got [${t.shape.join(', ')}]`);
	}
	return [n, c, h, w];
}

/** Checks that a tensor has the expected shape (a gradient and its activation, a mask and its input); `what` names it. */
export function checkShape(t: Tensor, shape: readonly number[], what: string): void {
	if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
		throw new ShapeError(`${what}: expected shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
	}
}

/** The sizes of one convolution: input N×C×H×W, weights cout×(cin/g)×kh×kw, output ho×wo. */
export type ConvSizes = {n: number; cin: number; h: number; w: number; cout: number; cinG: number; kh: number; kw: number; ho: number; wo: number};

/** Checks a convolution's tensors and attributes and gives its sizes; every backend starts from this (DESIGN §2). */
export function convSizes(x: Tensor, weights: Tensor, attrs: ConvAttrs): ConvSizes {
	const [n, cin, h, w] = nchw(x, 'conv input');
	const [cout, cinG, kh, kw] = nchw(weights, 'conv weights');
	const {stride: s, pad: p, dilation: d, groups: g} = attrs;
	checkSize('conv', 'stride', s);
	checkSize('conv', 'dilation', d);
	checkSize('conv', 'pad', p, 0);
	if (!Number.isInteger(g) || g < 1 || cin % g !== 0 || cout % g !== 0) {
		throw new ShapeError(`conv: groups ${g} must divide both the ${cin} input channels and the ${cout} filters`);
	}
	if (cinG * g !== cin) {
		throw new ShapeError(`conv: each filter sees ${cinG} channels, but ${cin} input channels in ${g} groups give ${cin / g}`);
	}
	// The one place output sizes come from: model/shapes.
	return {n, cin, h, w, cout, cinG, kh, kw, ho: convOutSize(h, kh, s, p, d), wo: convOutSize(w, kw, s, p, d)};
}
