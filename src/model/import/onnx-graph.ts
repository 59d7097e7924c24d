import {ShapeError} from '../../errors.js';
import {inputField, layerFacts, type LayerFacts} from '../layer-facts.js';
import type {LayerSpec, Shape} from '../layer-spec.js';
import {onnxOps, RunTimeShape, tensorValue, type Value} from './onnx-ops.js';
import {isFloatType, type OnnxDim, type OnnxModel, type OnnxTensor} from './onnx-types.js';

/** The image size `--input` sets for dynamic dimensions: H×W, and C where the channels are dynamic too. */
export type InputSize = {readonly h: number; readonly w: number; readonly c?: number};

/** One node's figures: output shapes (batch included), parameters, buffers, weight bytes, MACs and activations per image. */
export type OnnxNodeFacts = {
	readonly name: string;
	readonly opType: string;
	readonly outputs: readonly {readonly name: string; readonly shape?: readonly number[]}[];
	readonly params: number;
	/** Running mean and variance of a BatchNormalization (counted in params too; PyTorch calls them buffers). */
	readonly buffers: number;
	readonly weightBytes: number;
	readonly macs: number;
	readonly activations: number;
	/** ok; unknown: an op the calculator does not know or a shape only a run gives; blocked: an input depends on one. */
	readonly status: 'ok' | 'unknown' | 'blocked';
	readonly note?: string;
	/** The layer spec it is, where the model has one, and that layer's facts (for derivations). */
	readonly spec?: LayerSpec;
	readonly facts?: LayerFacts;
	/** True when its outputs are constants computed from constants (shape arithmetic): no activation. */
	readonly folded: boolean;
};

/** A whole ONNX graph's figures per image, and the ops that left it incomplete. */
export type OnnxSummary = {
	/** The file's base name (what reports call the network), and the name its graph gives itself. */
	readonly name: string;
	readonly graphName: string;
	readonly file: string;
	readonly producer: string;
	readonly opset: number;
	readonly inputs: readonly {readonly name: string; readonly shape: readonly number[]}[];
	readonly nodes: readonly OnnxNodeFacts[];
	readonly totals: {
		readonly params: number;
		readonly buffers: number;
		readonly weightBytes: number;
		readonly macs: number;
		readonly flops: number;
		readonly activations: number;
		readonly activationBytes: number;
	};
	/** The ops the calculator does not know (or could not size), by op type; empty when every figure is complete. */
	readonly unknownOps: readonly string[];
};

const volume = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** The inputs of an op that hold weights, when stored in the file: (op, input index, tensor) → params, buffers or neither. */
function weightRole(op: string, i: number, t: OnnxTensor): 'params' | 'buffers' | undefined {
	if (!isFloatType(t.dtype)) return undefined;
	switch (op) {
		case 'Conv':
		case 'ConvTranspose':
			return i >= 1 ? 'params' : undefined;
		case 'Gemm':
		case 'MatMul':
		case 'PRelu':
			return 'params';
		case 'BatchNormalization':
			return i === 1 || i === 2 ? 'params' : i >= 3 ? 'buffers' : undefined;
		case 'InstanceNormalization':
		case 'LayerNormalization':
			return i >= 1 ? 'params' : undefined;
		// A tensor of scales or shifts is a weight (a folded BatchNorm, a layer scale); a scalar (x + 3 in a hard swish) is a constant of the formula.
		case 'Add':
		case 'Sub':
		case 'Mul':
		case 'Div':
			return volume(t.dims) > 1 ? 'params' : undefined;
		default:
			return undefined;
	}
}

/** The graph inputs' shapes with every dynamic dimension set: batch 1, and H, W (and C) from `--input`. */
function inputShapes(model: OnnxModel, size: InputSize | undefined): Map<string, number[]> {
	const shapes = new Map<string, number[]>();
	let imageSet = false;
	for (const input of model.inputs) {
		const declared = input.dims;
		if (!declared) throw new ShapeError(`${model.file}: input "${input.name}" declares no shape; this calculator needs one`);
		const isImage = declared.length === 4 && !imageSet;
		if (isImage) imageSet = true;
		const dims = declared.map((d: OnnxDim, i) => {
			const dynamic = typeof d !== 'number' || d <= 0;
			const label = typeof d === 'string' ? `"${d}"` : `${i}`;
			if (isImage && size && i >= 2) {
				const want = i === 2 ? size.h : size.w;
				if (!dynamic && d !== want) throw new ShapeError(`${model.file}: input "${input.name}" is fixed at ${declared.slice(2).join('×')}; --input ${size.h}x${size.w} does not fit it`);
				return want;
			}
			if (isImage && size?.c !== undefined && i === 1) {
				if (!dynamic && d !== size.c) throw new ShapeError(`${model.file}: input "${input.name}" has ${d} channels, --input says ${size.c}`);
				return size.c;
			}
			if (!dynamic) return d as number;
			if (i === 0) return 1; // batch 1: every figure is per image
			const hint = isImage ? (i === 1 ? ' (give --input HxWxC)' : ' (give --input HxW)') : '';
			throw new ShapeError(`${model.file}: input "${input.name}" has a dynamic dimension ${label} at axis ${i}${hint}`);
		});
		shapes.set(input.name, dims);
	}
	return shapes;
}

/** Facts of the layer a node is, for its derivations; undefined where its input is not what the layer spec reads. */
function specFacts(spec: LayerSpec | undefined, input: Value | undefined, imageSize: number): LayerFacts | undefined {
	if (!spec || !input) return undefined;
	const s = input.shape;
	const shape: Shape | undefined = s.length === 4 && s[0] === 1 ? [s[2]!, s[3]!, s[1]!] : s.length === 2 && s[0] === 1 ? [s[1]!] : undefined;
	if (!shape) return undefined;
	try {
		return layerFacts(spec, [shape], inputField, imageSize);
	} catch {
		return undefined; // the spec cannot say it (a Gemm on a transposed A): the node's own figures stand
	}
}

/**
 * Infers every node's output shape and figures, in graph order, folding small constants so exporters' shape
 * arithmetic (Shape → Gather → Concat → Reshape) evaluates. An op the calculator does not know marks its outputs
 * unknown, the nodes that need them say so, and the totals list it: never a silent zero.
 */
export function analyzeOnnx(model: OnnxModel, size?: InputSize): OnnxSummary {
	const values = new Map<string, Value | null>();
	const stored = new Map<string, OnnxTensor>(model.initializers);
	for (const [name, t] of model.initializers) values.set(name, tensorValue(t));
	const inputs = inputShapes(model, size);
	const batch = [...inputs.values()][0]?.[0] ?? 1;
	const imageSize = Math.max(...[...inputs.values()].filter((s) => s.length === 4).map((s) => Math.max(s[2]!, s[3]!)), 1);
	for (const [name, shape] of inputs) values.set(name, {shape, dtype: model.inputs.find((i) => i.name === name)!.dtype});
	const counted = new Set<string>();
	const unknown = new Set<string>();
	const blame = new Map<string, string>();
	const nodes: OnnxNodeFacts[] = [];
	for (const [index, node] of model.nodes.entries()) {
		const name = node.name || node.outputs[0] || `${node.opType} ${index}`;
		if (node.opType === 'Constant') {
			const t = node.attrs['value'];
			if (t && typeof t === 'object' && 'dims' in t) stored.set(node.outputs[0]!, t as OnnxTensor);
		}
		const ins = node.inputs.map((i) => (i === '' ? undefined : values.get(i)));
		const missing = node.inputs.find((i, j) => i !== '' && !ins[j]);
		let result: {outputs: readonly Value[]; macs?: number; spec?: LayerSpec} | undefined;
		let status: OnnxNodeFacts['status'] = 'ok';
		let note: string | undefined;
		const op = node.domain === '' || node.domain === 'ai.onnx' ? onnxOps[node.opType] : undefined;
		if (missing !== undefined) {
			status = 'blocked';
			const cause = blame.get(missing);
			note = values.has(missing) ? `its input ${missing} comes from ${cause ?? 'an unknown op'}` : `its input ${missing} is produced by no node`;
		} else if (!op) {
			status = 'unknown';
			const which = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
			note = `the calculator does not know ${which}`;
			unknown.add(which);
		} else {
			try {
				result = op({node, name, opset: model.opset, inputs: ins as (Value | undefined)[]});
			} catch (error) {
				if (!(error instanceof RunTimeShape)) throw error;
				status = 'unknown';
				note = `${error.message}, so its output shape is not known without running it`;
				unknown.add(`${node.opType} (run-time shape)`);
			}
		}
		for (const [j, out] of node.outputs.entries()) {
			if (out === '') continue;
			values.set(out, result?.outputs[j] ?? null);
			if (!result) blame.set(out, status === 'blocked' ? (blame.get(missing!) ?? node.opType) : `${node.opType} node ${name}`);
		}
		if (node.opType === 'Constant') continue; // its tensor is counted where it is used, as a weight or not
		let params = 0;
		let buffers = 0;
		let weightBytes = 0;
		for (const [j, input] of node.inputs.entries()) {
			const t = stored.get(input);
			if (!t || counted.has(input)) continue;
			const role = weightRole(node.opType, j, t);
			if (!role) continue;
			counted.add(input);
			const n = volume(t.dims);
			params += n;
			if (role === 'buffers') buffers += n;
			weightBytes += n * t.elementBytes;
		}
		const first = result?.outputs[0];
		const folded = result?.outputs.every((o) => o.values !== undefined) === true;
		const spec = result?.spec;
		const facts = specFacts(spec, ins[0] ?? undefined, imageSize);
		nodes.push({
			name,
			opType: node.opType,
			outputs: node.outputs.filter((o) => o !== '').map((o, j) => ({name: o, ...(result?.outputs[j] ? {shape: result.outputs[j]!.shape} : {})})),
			params,
			buffers,
			weightBytes,
			macs: (result?.macs ?? 0) / batch,
			activations: first && !folded ? volume(first.shape) / batch : 0,
			status,
			...(note ? {note} : {}),
			...(spec ? {spec} : {}),
			...(facts ? {facts} : {}),
			folded,
		});
	}
	const sum = (key: 'params' | 'buffers' | 'weightBytes' | 'macs' | 'activations') => nodes.reduce((a, n) => a + n[key], 0);
	const activationBytes = sum('activations') * (model.inputs[0]?.dtype === 'float16' ? 2 : 4);
	for (const [key, v] of [
		['parameters', sum('params')],
		['MACs', sum('macs')],
		['activations', activationBytes],
	] as const) {
		if (!Number.isSafeInteger(Math.round(v))) throw new ShapeError(`${model.file}: the ${key} exceed 2^53 and cannot be counted exactly`);
	}
	return {
		name: model.file
			.split(/[\\/]/)
			.pop()!
			.replace(/\.onnx$/i, ''),
		graphName: model.graphName,
		file: model.file,
		producer: model.producer,
		opset: model.opset,
		inputs: [...inputs].map(([name, shape]) => ({name, shape})),
		nodes,
		totals: {params: sum('params'), buffers: sum('buffers'), weightBytes: sum('weightBytes'), macs: sum('macs'), flops: 2 * sum('macs'), activations: sum('activations'), activationBytes},
		unknownOps: [...unknown],
	};
}

/** A node by name, for `calc --layer`. */
export function findOnnxNode(summary: OnnxSummary, name: string): OnnxNodeFacts | undefined {
	return summary.nodes.find((n) => n.name === name || n.outputs.some((o) => o.name === name));
}
