import {ShapeError} from '../errors.js';
import type {AdaptiveAvgPoolSpec, ConcatSpec, DropoutSpec, LayerSpec, Pad, ReluSpec, Size2, SoftmaxSpec} from './layer-spec.js';
import {checkLrnSize, checkSize} from './shapes.js';

/** A size per axis: [height, width]. */
export type Pair = readonly [number, number];

/** Zero padding per side: [top, left, bottom, right] (ONNX's begin… end… order for 2-D). */
export type Pads = readonly [number, number, number, number];

type Named = {readonly name: string; readonly inputs?: readonly string[]};

/** A convolution with every default written out and every size per axis. */
export type FullConv = Named & {
	readonly op: 'conv';
	readonly filters: number;
	readonly kernel: Pair;
	readonly stride: Pair;
	readonly pads: Pads;
	readonly dilation: Pair;
	readonly groups: number;
	readonly bias: boolean;
	readonly ceil: boolean;
};

/** A pooling with every default written out and every size per axis. */
export type FullPool = Named & {
	readonly op: 'maxpool' | 'avgpool';
	readonly kernel: Pair;
	readonly stride: Pair;
	readonly pads: Pads;
	readonly ceil: boolean;
};

/** LRN with α as the paper writes it (§3.3): Caffe's α/n already divided out. */
export type FullLrn = Named & {
	readonly op: 'lrn';
	readonly size: number;
	readonly alpha: number;
	readonly beta: number;
	readonly k: number;
};

/** A fully connected layer with its bias default written out. */
export type FullFc = Named & {readonly op: 'fc'; readonly units: number; readonly bias: boolean};

/** A layer spec in its full form: what every figure, derivation, weight shape and backend call reads. */
export type FullLayer = FullConv | FullPool | FullLrn | FullFc | AdaptiveAvgPoolSpec | ReluSpec | DropoutSpec | SoftmaxSpec | ConcatSpec;

const isPair = (v: unknown): v is readonly [number, number] => Array.isArray(v) && v.length === 2;

function pair(layer: string, what: string, v: Size2 | undefined, fallback: number | undefined, min = 1): Pair {
	if (v === undefined && fallback === undefined) throw new ShapeError(`${layer}: ${what} is missing`);
	if (v !== undefined && typeof v !== 'number' && !isPair(v)) throw new ShapeError(`${layer}: ${what} must be a number or [height, width], got ${JSON.stringify(v)}`);
	const p: Pair = v === undefined ? [fallback!, fallback!] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
	checkSize(layer, what, p[0], min);
	checkSize(layer, what, p[1], min);
	return p;
}

function pads(layer: string, v: Pad | undefined): Pads {
	let p: Pads;
	if (v === undefined) p = [0, 0, 0, 0];
	else if (typeof v === 'number') p = [v, v, v, v];
	else if (Array.isArray(v) && v.length === 2) p = [v[0], v[1], v[0], v[1]];
	else if (Array.isArray(v) && v.length === 4) p = [v[0], v[1], v[2], v[3]];
	else throw new ShapeError(`${layer}: pad must be a number, [height, width] or [top, left, bottom, right], got ${JSON.stringify(v)}`);
	for (const side of p) checkSize(layer, 'pad', side, 0);
	return p;
}

/** The inputs field, kept only where the spec names some (a chain layer takes the one before it). */
const inputsOf = (spec: LayerSpec) => (spec.inputs === undefined ? {} : {inputs: spec.inputs});

/**
 * The one place layer defaults live: stride 1, pad 0, dilation 1, groups 1, bias on, rounding down, Caffe's α/n
 * divided out. Every size is checked here (a positive integer, a pad ≥ 0, an odd LRN window), so `calc` refuses what
 * `forward` would; the shape of the input is checked later, by layerFacts.
 */
export function normalizeLayer(spec: LayerSpec): FullLayer {
	const name = spec.name;
	switch (spec.op) {
		case 'conv': {
			checkSize(name, 'filters', spec.filters);
			checkSize(name, 'groups', spec.groups ?? 1);
			return {
				op: 'conv',
				name,
				...inputsOf(spec),
				filters: spec.filters,
				kernel: pair(name, 'kernel', spec.kernel, undefined),
				stride: pair(name, 'stride', spec.stride, 1),
				pads: pads(name, spec.pad),
				dilation: pair(name, 'dilation', spec.dilation, 1),
				groups: spec.groups ?? 1,
				bias: spec.bias ?? true,
				ceil: spec.ceil ?? false,
			};
		}
		case 'maxpool':
		case 'avgpool':
			return {
				op: spec.op,
				name,
				...inputsOf(spec),
				kernel: pair(name, 'kernel', spec.kernel, undefined),
				stride: pair(name, 'stride', spec.stride, 1),
				pads: pads(name, spec.pad),
				ceil: spec.ceil ?? false,
			};
		case 'lrn':
			checkLrnSize(name, spec.size);
			for (const [what, v] of [
				['alpha', spec.alpha],
				['beta', spec.beta],
				['k', spec.k],
			] as const) {
				if (!Number.isFinite(v)) throw new ShapeError(`${name}: ${what} must be a finite number, got ${v}`);
			}
			// The backends take the paper's α (§3.3); Caffe's spec gives α to be divided by the window size n.
			return {op: 'lrn', name, ...inputsOf(spec), size: spec.size, alpha: spec.alphaOverN ? spec.alpha / spec.size : spec.alpha, beta: spec.beta, k: spec.k};
		case 'fc':
			checkSize(name, 'units', spec.units);
			return {op: 'fc', name, ...inputsOf(spec), units: spec.units, bias: spec.bias ?? true};
		case 'adaptiveavgpool':
			checkSize(name, 'size', spec.size);
			return spec;
		case 'dropout':
			if (!(spec.ratio >= 0 && spec.ratio < 1)) throw new ShapeError(`${name}: dropout ratio must be in [0, 1), got ${spec.ratio}`);
			return spec;
		case 'relu':
		case 'softmax':
		case 'concat':
			return spec;
	}
}

/** True when both axes agree. */
export const square = (p: Pair): boolean => p[0] === p[1];

/** True when every side has the same padding. */
export const evenPads = (p: Pads): boolean => p.every((x) => x === p[0]);

/** The kernel as text: 11×11, 1×7. */
export const pairText = (p: Pair): string => `${p[0]}×${p[1]}`;

/** Convolution attributes the backends take (formula symbols: stride s, pad p, dilation d, groups g); the kernel size comes from the weights. */
export type ConvAttrs = {readonly stride: number; readonly pad: number; readonly dilation: number; readonly groups: number};

/** Pooling attributes the backends take: kernel k, stride s, pad p, and whether the output size rounds up (Caffe) or down. */
export type PoolAttrs = {readonly kernel: number; readonly stride: number; readonly pad: number; readonly ceil: boolean};

/** LRN attributes the backends take, in the paper's form b = a / (k + α·Σa²)^β over `size` channels. */
export type LrnAttrs = {readonly size: number; readonly alpha: number; readonly beta: number; readonly k: number};

/**
 * Why the backends cannot run this layer (they run square windows, even padding and convolutions that round down), or
 * null when they can. `calc` still gives every figure of such a layer; only running it needs more of the kernels.
 */
export function runProblem(l: FullLayer): string | null {
	if (l.op !== 'conv' && l.op !== 'maxpool' && l.op !== 'avgpool') return null;
	const what: string[] = [];
	if (!square(l.kernel)) what.push(`a ${pairText(l.kernel)} kernel`);
	if (!square(l.stride)) what.push(`a ${pairText(l.stride)} stride`);
	if (!evenPads(l.pads)) what.push(`padding [${l.pads.join(', ')}]`);
	if (l.op === 'conv' && !square(l.dilation)) what.push(`a ${pairText(l.dilation)} dilation`);
	if (l.op === 'conv' && l.ceil) what.push('rounding the output size up');
	return what.length === 0 ? null : `${l.name}: the backends run square, evenly padded windows only, not ${what.join(', ')} (calc gives its figures)`;
}

function runnable<T extends FullLayer>(l: T): T {
	const problem = runProblem(l);
	if (problem) throw new ShapeError(problem);
	return l;
}

/** The backend attributes of a convolution; a layer the backends cannot run is a ShapeError saying why. */
export function convAttrs(l: FullConv): ConvAttrs {
	const {stride, pads, dilation, groups} = runnable(l);
	return {stride: stride[0], pad: pads[0], dilation: dilation[0], groups};
}

/** The backend attributes of a pooling; a layer the backends cannot run is a ShapeError saying why. */
export function poolAttrs(l: FullPool): PoolAttrs {
	const {kernel, stride, pads, ceil} = runnable(l);
	return {kernel: kernel[0], stride: stride[0], pad: pads[0], ceil};
}

/** The backend attributes of an LRN (α already in the paper's form). */
export function lrnAttrs(l: FullLrn): LrnAttrs {
	return {size: l.size, alpha: l.alpha, beta: l.beta, k: l.k};
}
