import {ShapeError} from '../errors.js';
import {compute} from './formulas.js';
import type {LayerSpec, Shape} from './layer-spec.js';
import {checkSize, convOutSize, poolOutSize} from './shapes.js';

/** What one layer takes and gives: output shape, parameters (weights and biases), MACs, receptive field (pixels) and jump. */
export type LayerFacts = {
	readonly spec: LayerSpec;
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
	/** Receptive field: how many input pixels (along one side) one output unit sees; fc layers see the whole input. */
	readonly rf: number;
	/** Effective stride: how many input pixels one step of this layer's output moves. */
	readonly jump: number;
	/** The receptive field and jump flowing in, from which rf and jump were derived. */
	readonly fieldIn: Field;
};

/** Receptive field and jump flowing into a layer. */
export type Field = {readonly rf: number; readonly jump: number};

type Counted = {output: Shape; weights?: number; biases?: number; macs?: number; k?: number; s?: number; d?: number};

const spatial = (layer: string, shape: Shape): readonly [number, number, number] => {
	if (shape.length !== 3) throw new ShapeError(`${layer}: needs an H×W×C input, got a vector of ${shape[0]}`);
	return shape;
};

const volume = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

function count(spec: LayerSpec, inputs: readonly Shape[]): Counted {
	const name = spec.name;
	const x = inputs[0]!;
	switch (spec.op) {
		case 'conv': {
			const [h, w, cin] = spatial(name, x);
			const {filters: cout, kernel: k, stride: s = 1, pad: p = 0, dilation: d = 1, groups: g = 1} = spec;
			checkSize(name, 'filters', cout);
			checkSize(name, 'kernel', k);
			checkSize(name, 'stride', s);
			checkSize(name, 'pad', p, 0);
			checkSize(name, 'dilation', d);
			checkSize(name, 'groups', g);
			if (cin % g !== 0) throw new ShapeError(`${name}: ${cin} input channels do not divide into ${g} groups`);
			if (cout % g !== 0) throw new ShapeError(`${name}: ${cout} filters do not divide into ${g} groups`);
			const ho = convOutSize(h, k, s, p, d, name);
			const wo = convOutSize(w, k, s, p, d, name);
			const weights = compute(g === 1 ? 'convWeights' : 'convWeightsGrouped', {k, cin, g, cout});
			return {
				output: [ho, wo, cout],
				weights,
				biases: spec.bias === false ? 0 : cout,
				macs: compute(g === 1 ? 'convMacs' : 'convMacsGrouped', {ho, wo, cout, k, cin, g}),
				k,
				s,
				d,
			};
		}
		case 'maxpool':
		case 'avgpool': {
			const [h, w, c] = spatial(name, x);
			const {kernel: k, stride: s = 1, pad: p = 0, ceil = false} = spec;
			checkSize(name, 'kernel', k);
			checkSize(name, 'stride', s);
			checkSize(name, 'pad', p, 0);
			return {output: [poolOutSize(h, k, s, p, ceil, name), poolOutSize(w, k, s, p, ceil, name), c], k, s};
		}
		case 'adaptiveavgpool': {
			const [h, w, c] = spatial(name, x);
			checkSize(name, 'size', spec.size);
			if (spec.size > Math.min(h, w)) throw new ShapeError(`${name}: output ${spec.size} is larger than the input ${h}×${w}`);
			// Equivalent fixed pooling when the size divides: stride ⌊n / size⌋, kernel n − (size − 1)·stride.
			const s = Math.floor(h / spec.size);
			return {output: [spec.size, spec.size, c], k: h - (spec.size - 1) * s, s};
		}
		case 'fc': {
			checkSize(name, 'units', spec.units);
			const nin = volume(x);
			const nout = spec.units;
			return {
				output: [nout],
				weights: compute('fcWeights', {nin, nout}),
				biases: spec.bias === false ? 0 : nout,
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
			checkSize(name, 'size', spec.size);
			return {output: x};
		case 'dropout':
			if (!(spec.ratio >= 0 && spec.ratio < 1)) throw new ShapeError(`${name}: dropout ratio must be in [0, 1), got ${spec.ratio}`);
			return {output: x};
		case 'relu':
		case 'softmax':
			return {output: x};
	}
}

/** The facts of one layer given its input shapes and the receptive field flowing in; `imageSize` is the network input's longer side. */
export function layerFacts(spec: LayerSpec, inputs: readonly Shape[], field: Field, imageSize: number): LayerFacts {
	const c = count(spec, inputs);
	const weights = c.weights ?? 0;
	const biases = c.biases ?? 0;
	const params = weights + biases;
	const activations = volume(c.output);
	let {rf, jump} = field;
	// A fully connected unit sees every input position, so at least the whole image.
	if (spec.op === 'fc') rf = Math.max(rf, imageSize);
	else if (c.k !== undefined && c.s !== undefined) {
		rf = compute('receptiveField', {r: rf, d: c.d ?? 1, k: c.k, j: jump});
		jump = compute('jump', {j: jump, s: c.s});
	}
	return {
		spec,
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
		fieldIn: field,
	};
}
