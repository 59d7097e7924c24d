/**
 * Writes ONNX models for the tests with protobufjs (through onnx-proto, as the program reads them): tensors,
 * nodes, value infos and models, so every case is a real file that onnxruntime-node can run too.
 */
import onnxProto from 'onnx-proto';

const {onnx} = onnxProto;

/** ONNX element types by name. */
export const dtype = {float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, float16: 10} as const;

/** A float attribute that happens to be a whole number (LRN's bias k = 2): `float(2)`. */
export const float = (value: number) => ({float: value});

type Attr = number | string | readonly number[] | Float32Array | {readonly float: number};

/** A tensor: float32 values as raw little-endian bytes, or int64 values, or any dtype from raw bytes. */
export function tensor(name: string, dims: readonly number[], values: ArrayLike<number> | Uint8Array, type: keyof typeof dtype = 'float32') {
	let rawData: Uint8Array;
	if (values instanceof Uint8Array && type !== 'uint8' && type !== 'int8') rawData = values;
	else if (type === 'int64') rawData = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
	else if (type === 'int32') rawData = new Uint8Array(Int32Array.from(values).buffer);
	else if (type === 'uint8' || type === 'int8') rawData = Uint8Array.from(values);
	else rawData = new Uint8Array(Float32Array.from(values).buffer);
	return onnx.TensorProto.create({name, dims: [...dims], dataType: dtype[type], rawData});
}

/** A tensor whose data lives in an external file (the file itself is written by the caller). */
export function externalTensor(name: string, dims: readonly number[], location: string, offset: number, length: number) {
	return onnx.TensorProto.create({
		name,
		dims: [...dims],
		dataType: dtype.float32,
		dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
		externalData: [
			{key: 'location', value: location},
			{key: 'offset', value: String(offset)},
			{key: 'length', value: String(length)},
		],
	});
}

function attribute(name: string, v: Attr) {
	const T = onnx.AttributeProto.AttributeType;
	if (typeof v === 'string') return onnx.AttributeProto.create({name, type: T.STRING, s: new TextEncoder().encode(v)});
	if (typeof v === 'number') return Number.isInteger(v) ? onnx.AttributeProto.create({name, type: T.INT, i: v}) : onnx.AttributeProto.create({name, type: T.FLOAT, f: v});
	if ('float' in v) return onnx.AttributeProto.create({name, type: T.FLOAT, f: v.float});
	if (v instanceof Float32Array) return onnx.AttributeProto.create({name, type: T.FLOATS, floats: [...v]});
	return onnx.AttributeProto.create({name, type: T.INTS, ints: [...v]});
}

/** A node; attributes given as numbers (ints; non-integers as floats), strings, int lists or Float32Array float lists. */
export function node(opType: string, inputs: readonly string[], outputs: readonly string[], attrs: Readonly<Record<string, Attr>> = {}, name = outputs[0]!) {
	return onnx.NodeProto.create({opType, name, input: [...inputs], output: [...outputs], attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v))});
}

/** A Constant node holding a tensor (as paddle2onnx stores weights). */
export function constantNode(output: string, t: ReturnType<typeof tensor>) {
	return onnx.NodeProto.create({opType: 'Constant', name: output, output: [output], attribute: [onnx.AttributeProto.create({name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t})]});
}

/** A graph input or output of element type `type` and shape `dims` (a string is a dynamic dimension). */
export function valueInfo(name: string, dims: readonly (number | string)[] | undefined, type: keyof typeof dtype = 'float32') {
	const shape = dims ? {dim: dims.map((d) => (typeof d === 'string' ? {dimParam: d} : {dimValue: d}))} : undefined;
	return onnx.ValueInfoProto.create({name, type: {tensorType: {elemType: dtype[type], ...(shape ? {shape} : {})}}});
}

/** A whole model, encoded. */
export function model(parts: {inputs: ReturnType<typeof valueInfo>[]; outputs: ReturnType<typeof valueInfo>[]; nodes: ReturnType<typeof node>[]; initializers?: ReturnType<typeof tensor>[]; opset?: number; name?: string}): Uint8Array {
	const graph = onnx.GraphProto.create({name: parts.name ?? 'test', input: parts.inputs, output: parts.outputs, node: parts.nodes, initializer: parts.initializers ?? []});
	return onnx.ModelProto.encode(onnx.ModelProto.create({irVersion: 8, producerName: 'alexnet-tour tests', opsetImport: [{domain: '', version: parts.opset ?? 13}], graph})).finish();
}

/** The same model with every node output made a graph output, so onnxruntime reports every tensor's shape. */
export function withEveryOutput(bytes: Uint8Array): Uint8Array {
	const m = onnx.ModelProto.decode(bytes);
	const have = new Set((m.graph!.output ?? []).map((o) => o.name));
	for (const n of m.graph!.node ?? []) {
		if (n.opType === 'Constant') continue;
		for (const o of n.output ?? []) {
			if (o && !have.has(o)) {
				m.graph!.output!.push(onnx.ValueInfoProto.create({name: o}));
				have.add(o);
			}
		}
	}
	return onnx.ModelProto.encode(m).finish();
}
