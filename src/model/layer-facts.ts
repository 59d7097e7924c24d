import {ShapeError} from '../errors.js';
import {compute, convFormula} from './formulas.js';
import type {LayerSpec, Shape} from './layer-spec.js';
import {normalizeLayer, square, type FullConv, type FullLayer, type FullPool} from './normalize.js';
import {windowOut, type AxisWindow} from './shapes.js';

/** What one layer takes and gives: output shape, parameters (weights and biases), MACs, receptive field (pixels) and jump. */
export type LayerFacts = {
	/** The layer as written, and in its full form (every default, every size per axis): what all figures are computed from. */
	readonly spec: LayerSpec;
	readonly layer: FullLayer;
	readonly inputs: readonly Shape[];
	readonly output: Shape;
	readonly weights: number;
	readonly biases: number;
	readonly params: number;
	/** Multiply-accumulates of conv and fc layers per image (other layers count 0: FLOPs = 2 × MACs). */
	readonly macs: number;
	/** Output elements per image, and the same in fp32 bytes. */
	readonly activations: number;
	readonly activationBytes: number;
	/** Parameters in fp32 bytes. */
	readonly weightBytes: number;
	/** Receptive field along the height: how many input pixels one output unit sees; fc layers see the whole input. */
	readonly rf: number;
	/** Effective stride along the height: how many input pixels one step of this layer's output moves. */
	readonly jump: number;
	/** The same along the width (equal to rf and jump wherever kernels and strides are square). */
	readonly rfW: number;
	readonly jumpW: number;
	/** The receptive field and jump flowing in, from which rf and jump were derived. */
	readonly fieldIn: Field;
};

/** Receptive field and jump flowing into a layer, along the height and the width. */
export type Field = {readonly rf: number; readonly jump: number; readonly rfW: number; readonly jumpW: number};

/** The field of the network input: one pixel, one step. */
export const inputField: Field = {rf: 1, jump: 1, rfW: 1, jumpW: 1};

type Counted = {output: Shape; weights?: number; biases?: number; macs?: number; window?: {k: readonly number[]; s: readonly number[]; d: readonly number[]}};

const spatial = (layer: string, shape: Shape): readonly [number, number, number] => {
	if (shape.length !== 3) throw new ShapeError(`${layer}: needs an H×W×C input, got a vector of ${shape[0]}`);
	return shape;
};

const volume = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** The height (0) or width (1) axis of a conv or pooling window over an input of `n`. */
export function axisWindow(l: FullConv | FullPool, n: number, axis: 0 | 1): AxisWindow {
	const d = l.op === 'conv' ? l.dilation[axis] : 1;
	return {n, k: l.kernel[axis], s: l.stride[axis], p1: l.pads[axis], p2: l.pads[axis + 2]!, d, ceil: l.ceil};
}

function count(l: FullLayer, inputs: readonly Shape[]): Counted {
	const name = l.name;
	const x = inputs[0]!;
	switch (l.op) {
		case 'conv': {
			const [h, w, cin] = spatial(name, x);
			const {filters: cout, groups: g} = l;
			if (cin % g !== 0) throw new ShapeError(`${name}: ${cin} input channels do not divide into ${g} groups`);
			if (cout % g !== 0) throw new ShapeError(`${name}: ${cout} filters do not divide into ${g} groups`);
			const ho = windowOut(axisWindow(l, h, 0), name);
			const wo = windowOut(axisWindow(l, w, 1), name);
			const [kh, kw] = l.kernel;
			const rect = !square(l.kernel);
			const scope = {k: kh, kh, kw, cin, g, cout, ho, wo};
			return {
				output: [ho, wo, cout],
				weights: compute(convFormula('Weights', rect, g > 1), scope),
				biases: l.bias ? cout : 0,
				macs: compute(convFormula('Macs', rect, g > 1), scope),
				window: {k: l.kernel, s: l.stride, d: l.dilation},
			};
		}
		case 'maxpool':
		case 'avgpool': {
			const [h, w, c] = spatial(name, x);
			const output: Shape = [windowOut(axisWindow(l, h, 0), name, true), windowOut(axisWindow(l, w, 1), name, true), c];
			return {output, window: {k: l.kernel, s: l.stride, d: [1, 1]}};
		}
		case 'adaptiveavgpool': {
			const [h, w, c] = spatial(name, x);
			if (l.size > Math.min(h, w)) throw new ShapeError(`${name}: output ${l.size} is larger than the input ${h}×${w}`);
			// Equivalent fixed pooling when the size divides: stride ⌊n / size⌋, kernel n − (size − 1)·stride.
			const [sh, sw] = [Math.floor(h / l.size), Math.floor(w / l.size)];
			return {output: [l.size, l.size, c], window: {k: [h - (l.size - 1) * sh, w - (l.size - 1) * sw], s: [sh, sw], d: [1, 1]}};
		}
		case 'fc': {
			const nin = volume(x);
			const nout = l.units;
			return {
				output: [nout],
				weights: compute('fcWeights', {nin, nout}),
				biases: l.bias ? nout : 0,
				macs: compute('fcMacs', {nin, nout}),
			};
		}
		case 'concat': {
			if (inputs.length < 2) throw new ShapeError(`${name}: concat needs at least two inputs`);
			const [h, w] = spatial(name, x);
			let c = 0;
			for (const other of inputs) {
				const [oh, ow, oc] = spatial(name, other);
				if (oh !== h || ow !== w) throw new ShapeError(`${name}: cannot join ${h}×${w} and ${oh}×${ow} feature maps`);
				c += oc;
			}
			return {output: [h, w, c]};
		}
		case 'lrn':
		case 'dropout':
		case 'relu':
		case 'softmax':
			return {output: x};
	}
}

/** The facts of one layer given its input shapes and the receptive field flowing in; `imageSize` is the network input's longer side. */
export function layerFacts(spec: LayerSpec, inputs: readonly Shape[], field: Field, imageSize: number): LayerFacts {
	const layer = normalizeLayer(spec);
	if (layer.op !== 'concat' && inputs.length > 1) {
		throw new ShapeError(`${spec.name}: a ${layer.op} layer takes one input, not ${inputs.length}`);
	}
	const c = count(layer, inputs);
	const weights = c.weights ?? 0;
	const biases = c.biases ?? 0;
	const params = weights + biases;
	const activations = volume(c.output);
	for (const [what, v] of [
		['parameters', params],
		['MACs', c.macs ?? 0],
		['activations', activations],
	] as const) {
		if (!Number.isSafeInteger(v)) throw new ShapeError(`${spec.name}: ${what} exceed 2^53 and cannot be counted exactly`);
	}
	let {rf, jump, rfW, jumpW} = field;
	// A fully connected unit sees every input position, so at least the whole image.
	if (layer.op === 'fc') {
		rf = Math.max(rf, imageSize);
		rfW = Math.max(rfW, imageSize);
	} else if (c.window) {
		const {k, s, d} = c.window;
		rf = compute('receptiveField', {r: rf, d: d[0]!, k: k[0]!, j: jump});
		rfW = compute('receptiveField', {r: rfW, d: d[1]!, k: k[1]!, j: jumpW});
		jump = compute('jump', {j: jump, s: s[0]!});
		jumpW = compute('jump', {j: jumpW, s: s[1]!});
	}
	return {
		spec,
		layer,
		inputs,
		output: c.output,
		weights,
		biases,
		params,
		macs: c.macs ?? 0,
		activations,
		activationBytes: compute('activationBytes', {a: activations}),
		weightBytes: compute('weightBytes', {params}),
		rf,
		jump,
		rfW,
		jumpW,
		fieldIn: field,
	};
}
