import type {Tensor} from '../../tensor/tensor.js';
import type {LayerSpec, Network} from '../layer-spec.js';
import {matchVariant} from './match-variant.js';
import type {OnnxSummary} from './onnx-graph.js';
import type {OnnxModel, OnnxTensor} from './onnx-types.js';

/** A graph turned into our network as data, with the file's weights (views onto its bytes where the layout allows). */
export type ImportedNetwork = {
	readonly network: Network;
	readonly weights: ReadonlyMap<string, {readonly w: Tensor; readonly b: Tensor}>;
	/** The built-in variant it matches layer for layer, and in words what it is; undefined when it matches none. */
	readonly variant?: string;
	readonly matches?: string;
	/** The ops the backends cannot run, by op type (then it runs nothing; `calc` still gives its figures). */
	readonly missing: readonly string[];
};

const zeros = (n: number): Tensor => ({shape: [n], data: new Float32Array(n)});
const asTensor = (t: OnnxTensor): Tensor => ({shape: [...t.dims], data: t.float32()});

/** [in, out] → [out, in] (a Gemm without transB, a MatMul): the one layout our fc layers take. */
function transposed(t: OnnxTensor): Tensor {
	const [nin, nout] = t.dims as [number, number];
	const src = t.float32();
	const data = new Float32Array(nin * nout);
	for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) data[o * nin + i] = src[i * nout + o]!;
	return {shape: [nout, nin], data};
}

/** The stored tensors of a model: initializers and Constant nodes' values. */
function storedTensors(model: OnnxModel): Map<string, OnnxTensor> {
	const stored = new Map(model.initializers);
	for (const n of model.nodes) {
		const t = n.attrs['value'];
		if (n.opType === 'Constant' && t && typeof t === 'object' && 'dims' in t) stored.set(n.outputs[0]!, t as OnnxTensor);
	}
	return stored;
}

/**
 * Turns an analysed ONNX graph into layer specs (the same specs the variants use) and weights: Conv, Relu, LRN,
 * MaxPool, AveragePool, GlobalAveragePool, Gemm or MatMul (+ Add) as fc, Dropout, Softmax and channel Concat; Flatten,
 * a Reshape to [N, C·H·W] and Identity pass through (fc flattens NCHW in C, H, W order, as ONNX does). Any other op is
 * listed as missing. Shape arithmetic folded by the calculator is left out.
 */
export function onnxToNetwork(model: OnnxModel, summary: OnnxSummary): ImportedNetwork {
	const stored = storedTensors(model);
	const layers: LayerSpec[] = [];
	const weights = new Map<string, {w: Tensor; b: Tensor}>();
	const missing = new Set<string>();
	const imageInput = summary.inputs.find((i) => i.shape.length === 4);
	const source = new Map<string, string>(imageInput ? [[imageInput.name, 'input']] : []);
	const used = new Set<string>(['input']);
	let previous = 'input';
	const unique = (name: string) => {
		let n = name.replace(/\s+/g, '_') || 'layer';
		for (let i = 2; used.has(n); i++) n = `${name}_${i}`;
		used.add(n);
		return n;
	};
	const add = (spec: LayerSpec, from: readonly string[], output: string) => {
		const ins = from.map((f) => source.get(f) ?? 'input');
		const withInputs = ins.length === 1 && ins[0] === previous ? spec : {...spec, inputs: ins};
		layers.push(withInputs);
		source.set(output, spec.name);
		previous = spec.name;
	};
	for (const [index, node] of model.nodes.entries()) {
		const facts = summary.nodes.find((n) => n.outputs[0]?.name === node.outputs[0]);
		if (node.opType === 'Constant' || facts?.folded) continue;
		const data = node.inputs.filter((i) => i !== '' && !stored.has(i) && source.has(i));
		const name = unique(node.name || node.outputs[0] || `${node.opType}${index}`);
		const out = node.outputs[0]!;
		const pass = () => source.set(out, source.get(data[0]!) ?? 'input');
		switch (node.opType) {
			case 'Conv': {
				const spec = facts?.spec;
				const w = stored.get(node.inputs[1]!);
				if (spec?.op !== 'conv' || !w) {
					missing.add('Conv (weights computed at run time)');
					break;
				}
				const b = node.inputs[2] ? stored.get(node.inputs[2]) : undefined;
				add({...spec, name}, data, out);
				weights.set(name, {w: asTensor(w), b: b ? asTensor(b) : zeros(spec.filters)});
				break;
			}
			case 'Gemm':
			case 'MatMul': {
				const [a, bName, cName] = node.inputs;
				const bT = stored.get(bName!);
				const alpha = node.attrs['alpha'] ?? 1;
				const beta = node.attrs['beta'] ?? 1;
				if (bT?.dims.length !== 2 || stored.has(a!) || node.attrs['transA'] || alpha !== 1 || beta !== 1) {
					missing.add(`${node.opType} (not a fully connected layer)`);
					break;
				}
				const transB = node.opType === 'Gemm' && node.attrs['transB'] === 1;
				const w = transB ? asTensor(bT) : transposed(bT);
				const units = w.shape[0]!;
				const c = cName ? stored.get(cName) : undefined;
				add({name, op: 'fc', units, ...(c ? {} : {bias: false})}, [a!], out);
				weights.set(name, {w, b: c ? asTensor(c) : zeros(units)});
				break;
			}
			case 'Add': {
				// A MatMul's bias, added after it (Keras and TensorFlow exports).
				const last = layers.at(-1);
				const bias = node.inputs.map((i) => stored.get(i)).find((t) => t !== undefined);
				const lw = last && weights.get(last.name);
				if (last?.op === 'fc' && last.bias === false && lw && bias && bias.dims.reduce((x, y) => x * y, 1) === last.units && source.get(data[0]!) === last.name) {
					layers[layers.length - 1] = {name: last.name, op: 'fc', units: last.units, ...(last.inputs ? {inputs: last.inputs} : {})};
					weights.set(last.name, {w: lw.w, b: {shape: [last.units], data: bias.float32()}});
					source.set(out, last.name);
				} else missing.add('Add');
				break;
			}
			case 'Relu':
				add({name, op: 'relu'}, data, out);
				break;
			case 'LRN':
			case 'MaxPool':
			case 'AveragePool':
			case 'GlobalAveragePool':
			case 'Dropout':
			case 'Concat': {
				const spec = facts?.spec;
				const unsupported = node.opType === 'AveragePool' && node.attrs['count_include_pad'] !== 1 && spec?.op === 'avgpool' && spec.pad !== undefined && JSON.stringify(spec.pad) !== '[0,0,0,0]';
				if (!spec || unsupported) missing.add(unsupported ? 'AveragePool (padding left out of the average)' : node.opType);
				else add({...spec, name}, node.opType === 'Concat' ? data : data.slice(0, 1), out);
				break;
			}
			case 'Softmax':
				add({name, op: 'softmax'}, data, out);
				break;
			case 'Flatten':
			case 'Identity':
			case 'Reshape':
				pass();
				break;
			default:
				missing.add(node.opType);
		}
	}
	const fileName = summary.name;
	if (layers.at(-1)?.op !== 'softmax') layers.push({name: unique('prob'), op: 'softmax'});
	const network: Network = {name: fileName, input: imageInput ? [imageInput.shape[2]!, imageInput.shape[3]!, imageInput.shape[1]!] : [1, 1, 1], layers};
	if (missing.size > 0) return {network, weights, missing: [...missing]};
	return {...matchVariant(network, weights), missing: []};
}
