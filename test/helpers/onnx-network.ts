/**
 * One of our networks (layer specs and weights) written as an ONNX graph, the way exporters write it: Conv with
 * its pads and groups, LRN with ONNX's α (divided by the window size, as Caffe's), MaxPool with ceil_mode, a flatten
 * before the first fully connected layer as Flatten, a constant Reshape, or the Shape → Gather → Concat → Reshape
 * chain torch.onnx emits, and Gemm with transB. So the tests can compare our figures and outputs with onnxruntime's.
 */
import type {NetworkSummary} from '../../src/model/analyze.js';
import type {Weights} from '../../src/runner/weights.js';
import {float, model, node, tensor, valueInfo} from './onnx-writer.js';

/** How the flatten before the first fc layer is written. */
export type FlattenStyle = 'Flatten' | 'Reshape' | 'ShapeChain';

export function networkToOnnx(summary: NetworkSummary, weights: Weights, flatten: FlattenStyle = 'Flatten', opset = 13): Uint8Array {
	const [h, w, c] = summary.network.input;
	const nodes: ReturnType<typeof node>[] = [];
	const initializers: ReturnType<typeof tensor>[] = [];
	const produced = new Map<string, string>([['input', 'input']]);
	let previous = 'input';
	let flat = false;
	for (const facts of summary.layers) {
		const l = facts.layer;
		const ins = (l.inputs ?? [previous]).map((n) => produced.get(n)!);
		const out = l.name;
		const param = (suffix: string, t: {shape: readonly number[]; data: Float32Array}) => {
			initializers.push(tensor(`${l.name}.${suffix}`, t.shape, t.data));
			return `${l.name}.${suffix}`;
		};
		switch (l.op) {
			case 'conv': {
				const lw = weights.get(l.name)!;
				const inputs = [ins[0]!, param('weight', lw.w), ...(l.bias ? [param('bias', lw.b)] : [])];
				nodes.push(node('Conv', inputs, [out], {kernel_shape: l.kernel, strides: l.stride, pads: l.pads, dilations: l.dilation, group: l.groups}));
				break;
			}
			case 'relu':
				nodes.push(node('Relu', ins, [out]));
				break;
			case 'lrn':
				nodes.push(node('LRN', ins, [out], {size: l.size, alpha: float(l.alpha * l.size), beta: float(l.beta), bias: float(l.k)}));
				break;
			case 'maxpool':
			case 'avgpool':
				nodes.push(node(l.op === 'maxpool' ? 'MaxPool' : 'AveragePool', ins, [out], {kernel_shape: l.kernel, strides: l.stride, pads: l.pads, ceil_mode: l.ceil ? 1 : 0, ...(l.op === 'avgpool' ? {count_include_pad: 1} : {})}));
				break;
			case 'adaptiveavgpool': {
				const [ih] = facts.inputs[0] as readonly number[];
				if (l.size === 1) nodes.push(node('GlobalAveragePool', ins, [out]));
				else nodes.push(node('AveragePool', ins, [out], {kernel_shape: [ih! / l.size, ih! / l.size], strides: [ih! / l.size, ih! / l.size]}));
				break;
			}
			case 'fc': {
				let x = ins[0]!;
				if (!flat && facts.inputs[0]!.length === 3) {
					const f = `${l.name}.flat`;
					if (flatten === 'Flatten') nodes.push(node('Flatten', [x], [f], {axis: 1}));
					else if (flatten === 'Reshape') {
						initializers.push(tensor(`${l.name}.shape`, [2], [1, -1], 'int64'));
						nodes.push(node('Reshape', [x, `${l.name}.shape`], [f]));
					} else {
						// torch.onnx's x.view(x.size(0), -1): Shape → Gather(0) → Unsqueeze → Concat([n, -1]) → Reshape
						initializers.push(tensor(`${l.name}.zero`, [], [0], 'int64'), tensor(`${l.name}.minus1`, [1], [-1], 'int64'), tensor(`${l.name}.axes`, [1], [0], 'int64'));
						nodes.push(node('Shape', [x], [`${l.name}.shape`]));
						nodes.push(node('Gather', [`${l.name}.shape`, `${l.name}.zero`], [`${l.name}.n`], {axis: 0}));
						nodes.push(opset >= 13 ? node('Unsqueeze', [`${l.name}.n`, `${l.name}.axes`], [`${l.name}.n1`]) : node('Unsqueeze', [`${l.name}.n`], [`${l.name}.n1`], {axes: [0]}));
						nodes.push(node('Concat', [`${l.name}.n1`, `${l.name}.minus1`], [`${l.name}.target`], {axis: 0}));
						nodes.push(node('Reshape', [x, `${l.name}.target`], [f]));
					}
					x = f;
				}
				flat = true;
				const lw = weights.get(l.name)!;
				nodes.push(node('Gemm', [x, param('weight', lw.w), ...(l.bias ? [param('bias', lw.b)] : [])], [out], {transB: 1}));
				break;
			}
			case 'dropout':
				nodes.push(node('Dropout', ins, [out]));
				break;
			case 'softmax':
				nodes.push(node('Softmax', ins, [out], {axis: 1}));
				break;
			case 'concat':
				nodes.push(node('Concat', ins, [out], {axis: 1}));
				break;
		}
		produced.set(l.name, out);
		previous = l.name;
	}
	const last = summary.layers.at(-1)!;
	const outDims = last.output.length === 3 ? [1, last.output[2]!, last.output[0]!, last.output[1]!] : [1, last.output[0]!];
	return model({inputs: [valueInfo('input', [1, c, h, w])], outputs: [valueInfo(previous, outDims)], nodes, initializers, opset, name: summary.network.name});
}
