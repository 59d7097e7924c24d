import {ShapeError} from '../errors.js';
import {checkLrnSize, checkSize, convOutSize, poolOutSize} from '../model/shapes.js';
import type {Tensor} from '../tensor/tensor.js';
import type {ConvAttrs, LrnAttrs, PoolAttrs} from './backend.js';

/** The four dimensions [N, C, H, W] of a rank-4 tensor (or [cout, cin/g, kh, kw] of conv weights); `what` names it in the error. */
export function nchw(t: Tensor, what: string): [number, number, number, number] {
	const [n, c, h, w] = t.shape;
	if (t.shape.length !== 4 || n === undefined || c === undefined || h === undefined || w === undefined) {
		throw new ShapeError(`${what} must have 4 dimensions (N, C, H, W), got [${t.shape.join(', ')}]`);
	}
	return [n, c, h, w];
}

/** Where an op writes its `length` results: the caller's `out` (which must hold exactly that many), or a new array. */
export function outputData(length: number, out: Float32Array | undefined, what: string): Float32Array {
	if (out === undefined) return new Float32Array(length);
	if (out.length !== length) throw new ShapeError(`${what}: the output has room for ${out.length} values, the op makes ${length}`);
	return out;
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

/** The sizes of one pooling: input N×C×H×W and output ho×wo (floor or ceil as the layer asks). */
export type PoolSizes = {n: number; c: number; h: number; w: number; ho: number; wo: number};

/** Checks a pooling's input and attributes and gives its sizes; every backend starts from this (DESIGN §2). */
export function poolSizes(x: Tensor, a: PoolAttrs, op = 'pool'): PoolSizes {
	const [n, c, h, w] = nchw(x, `${op} input`);
	checkSize(op, 'kernel', a.kernel);
	checkSize(op, 'stride', a.stride);
	checkSize(op, 'pad', a.pad, 0);
	return {n, c, h, w, ho: poolOutSize(h, a.kernel, a.stride, a.pad, a.ceil, op), wo: poolOutSize(w, a.kernel, a.stride, a.pad, a.ceil, op)};
}

/** Checks an LRN's input and window (the model's rule: a positive odd size) and gives its sizes. */
export function lrnSizes(x: Tensor, a: LrnAttrs): {n: number; c: number; h: number; w: number} {
	const [n, c, h, w] = nchw(x, 'lrn input');
	checkLrnSize('lrn', a.size);
	return {n, c, h, w};
}

/** Checks a fully connected layer's input ([N, in] or NCHW, C·H·W features an item), weights [out, in] and biases. */
export function fcSizes(x: Tensor, w: Tensor, b?: Tensor): {n: number; nin: number; nout: number} {
	const n = x.shape[0] ?? 0;
	const nin = n === 0 ? 0 : x.data.length / n;
	const [nout, win] = w.shape;
	if (w.shape.length !== 2 || nout === undefined || win === undefined) throw new ShapeError(`fc: weights must be [out, in], got [${w.shape.join(', ')}]`);
	if (x.shape.length < 2 || win !== nin) throw new ShapeError(`fc: input [${x.shape.join(', ')}] has ${nin} features per item, the weights expect ${win}`);
	if (b && b.data.length !== nout) throw new ShapeError(`fc: ${nout} units need ${nout} biases, got ${b.data.length}`);
	return {n, nin, nout};
}
