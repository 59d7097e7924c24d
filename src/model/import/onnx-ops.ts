import {ShapeError} from '../../errors.js';
import type {LayerSpec} from '../layer-spec.js';
import {conv, convTranspose, dropout, gemm, globalPool, lrn, matmul, pool} from './onnx-layer-ops.js';
import {concat, constantOfShape, constantOp, expand, flatten, gather, pad, range, reduce, reshape, resize, shapeOp, slice, split, squeeze, transpose, unsqueeze} from './onnx-shape-ops.js';
import {broadcast, broadcastIndex, foldLimit, int, need, volume, type OpInput, type OpOutput, type Value} from './onnx-op-kit.js';

export {broadcast, RunTimeShape, type OpInput, type OpOutput, type Value} from './onnx-op-kit.js';
export {tensorValue} from './onnx-shape-ops.js';

function elementwise(fn: ((...xs: number[]) => number) | undefined, outType?: string) {
	return (c: OpInput): OpOutput => {
		const xs = c.inputs.filter((v): v is Value => v !== undefined);
		if (xs.length === 0) throw new ShapeError(`${c.name}: ${c.node.opType} has no inputs`);
		const shape = broadcast(
			c.name,
			xs.map((x) => x.shape),
		);
		const dtype = outType ?? xs[0]!.dtype;
		if (fn && xs.every((x) => x.values) && volume(shape) <= foldLimit) {
			const values = Array.from({length: volume(shape)}, (_, i) => fn(...xs.map((x) => x.values![broadcastIndex(x.shape, shape, i)]!)));
			return {outputs: [{shape, dtype, values}]};
		}
		return {outputs: [{shape, dtype}]};
	};
}

/** The same shape as the first input (activations, normalisations). */
const same =
	(spec?: (c: OpInput) => LayerSpec | undefined) =>
	(c: OpInput): OpOutput => {
		const x = need(c, 0);
		const s = spec?.(c);
		return {outputs: [{shape: x.shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}], ...(s ? {spec: s} : {})};
	};

/** Pads [x1_begin, x2_begin, x1_end, x2_end] for a 2-D window, from `pads` or `auto_pad`. */

const arithmetic = {
	Add: (a: number, b: number) => a + b,
	Sub: (a: number, b: number) => a - b,
	Mul: (a: number, b: number) => a * b,
	Div: (a: number, b: number) => (Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b),
	Pow: (a: number, b: number) => a ** b,
	Max: Math.max,
	Min: Math.min,
};

/**
 * The ops the calculator knows, each its output shapes (and the values of small constants, for shape arithmetic
 * exporters compute with Shape → Gather → Concat → Reshape), its MACs, and the layer spec it is where there is one.
 */
export const onnxOps: Readonly<Record<string, (c: OpInput) => OpOutput>> = {
	Conv: conv,
	ConvTranspose: convTranspose,
	MaxPool: pool('maxpool'),
	AveragePool: pool('avgpool'),
	GlobalAveragePool: globalPool('avg'),
	GlobalMaxPool: globalPool('max'),
	LRN: lrn,
	BatchNormalization: same(),
	InstanceNormalization: same(),
	LayerNormalization: same(),
	Relu: same((c) => ({name: c.name, op: 'relu'})),
	LeakyRelu: same(),
	PRelu: elementwise(undefined),
	Elu: same(),
	Selu: same(),
	Clip: same(),
	Sigmoid: same(),
	HardSigmoid: same(),
	HardSwish: same(),
	Tanh: same(),
	Softplus: same(),
	Mish: same(),
	Gelu: same(),
	Erf: same(),
	Exp: same(),
	Log: same(),
	Softmax: same((c) => ({name: c.name, op: 'softmax'})),
	LogSoftmax: same(),
	Sqrt: elementwise(Math.sqrt),
	Neg: elementwise((a) => -a),
	Abs: elementwise(Math.abs),
	Floor: elementwise(Math.floor),
	Ceil: elementwise(Math.ceil),
	Reciprocal: elementwise((a) => 1 / a),
	...Object.fromEntries(Object.entries(arithmetic).map(([op, fn]) => [op, elementwise(fn)])),
	Equal: elementwise((a, b) => Number(a === b), 'bool'),
	Less: elementwise((a, b) => Number(a < b), 'bool'),
	Greater: elementwise((a, b) => Number(a > b), 'bool'),
	Where: elementwise((cond, a, b) => (cond ? a : b)),
	Gemm: gemm,
	MatMul: matmul,
	Flatten: flatten,
	Reshape: reshape,
	Transpose: transpose,
	Squeeze: squeeze,
	Unsqueeze: unsqueeze,
	Concat: concat,
	Split: split,
	Slice: slice,
	Pad: pad,
	Resize: resize,
	Upsample: resize,
	ReduceMean: reduce,
	ReduceSum: reduce,
	ReduceMax: reduce,
	ReduceMin: reduce,
	Dropout: dropout,
	Identity: same(),
	Cast: (c) => {
		const x = need(c, 0);
		const to = int(c.node, 'to', 1);
		const dtype = to === 7 || to === 6 ? 'int64' : to === 9 ? 'bool' : 'float32';
		return {outputs: [{shape: x.shape, dtype, ...(x.values ? {values: x.values.map((v) => (dtype === 'float32' ? v : Math.trunc(v)))} : {})}]};
	},
	Shape: shapeOp,
	Size: (c) => ({outputs: [{shape: [], dtype: 'int64', values: [volume(need(c, 0).shape)]}]}),
	Gather: gather,
	Constant: constantOp,
	ConstantOfShape: constantOfShape,
	Expand: expand,
	Range: range,
};
