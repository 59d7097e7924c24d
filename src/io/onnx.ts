import {dirname, isAbsolute, join, relative, resolve} from 'node:path';
import onnxProto, {type onnx as Onnx} from 'onnx-proto';
import {InputError} from '../errors.js';
import {printable} from '../format/printable.js';
import type {OnnxAttr, OnnxDim, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo} from '../model/import/onnx-types.js';
import {readInputFile} from './read-file.js';

/*
 * ONNX files, read with protobufjs through the `onnx-proto` package (onnx.proto compiled by protobufjs's pbjs), and
 * turned into plain objects: nodes, attributes, and tensors as views onto the file's bytes (raw_data is never copied,
 * so a 250 MB model costs one read). Weights may be graph initializers, Constant nodes or external data files.
 */

const {onnx} = onnxProto;

const dtypes: Readonly<Record<number, readonly [string, number]>> = {
	1: ['float32', 4],
	2: ['uint8', 1],
	3: ['int8', 1],
	4: ['uint16', 2],
	5: ['int16', 2],
	6: ['int32', 4],
	7: ['int64', 8],
	8: ['string', 0],
	9: ['bool', 1],
	10: ['float16', 2],
	11: ['float64', 8],
	12: ['uint32', 4],
	13: ['uint64', 8],
	14: ['complex64', 8],
	15: ['complex128', 16],
	16: ['bfloat16', 2],
	17: ['float8e4m3fn', 1],
	18: ['float8e4m3fnuz', 1],
	19: ['float8e5m2', 1],
	20: ['float8e5m2fnuz', 1],
	21: ['uint4', 0.5],
	22: ['int4', 0.5],
};

type Long = {toNumber(): number};
const num = (v: number | Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());
const text = (b: Uint8Array | null | undefined): string => (b ? Buffer.from(b).toString('utf8') : '');

function halfToFloat(h: number): number {
	const s = h & 0x8000 ? -1 : 1;
	const e = (h >> 10) & 0x1f;
	const f = h & 0x3ff;
	if (e === 0) return s * 2 ** -14 * (f / 1024);
	if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
	return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Decodes little-endian raw bytes of `dtype` into numbers (int64 through BigInt, exact up to 2^53). */
function decodeRaw(bytes: Uint8Array, dtype: string, n: number): number[] {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const out = new Array<number>(n);
	const at = (size: number, get: (i: number) => number) => {
		if (bytes.byteLength < n * size) throw new Error(`${n} values of ${dtype} need ${n * size} bytes, the tensor holds ${bytes.byteLength}`);
		for (let i = 0; i < n; i++) out[i] = get(i * size);
	};
	switch (dtype) {
		case 'float32':
			at(4, (o) => view.getFloat32(o, true));
			break;
		case 'float64':
			at(8, (o) => view.getFloat64(o, true));
			break;
		case 'float16':
			at(2, (o) => halfToFloat(view.getUint16(o, true)));
			break;
		case 'bfloat16':
			at(2, (o) => new Float32Array(new Uint32Array([view.getUint16(o, true) << 16]).buffer)[0]!);
			break;
		case 'int64':
			at(8, (o) => Number(view.getBigInt64(o, true)));
			break;
		case 'uint64':
			at(8, (o) => Number(view.getBigUint64(o, true)));
			break;
		case 'int32':
			at(4, (o) => view.getInt32(o, true));
			break;
		case 'uint32':
			at(4, (o) => view.getUint32(o, true));
			break;
		case 'int16':
			at(2, (o) => view.getInt16(o, true));
			break;
		case 'uint16':
			at(2, (o) => view.getUint16(o, true));
			break;
		case 'int8':
			at(1, (o) => view.getInt8(o));
			break;
		case 'uint8':
		case 'bool':
			at(1, (o) => view.getUint8(o));
			break;
		default:
			throw new Error(`values of type ${dtype} are not decoded`);
	}
	return out;
}

type ExternalFiles = Map<string, Buffer>;

/** The bytes of an external-data tensor, from a file beside the model (read once, kept for the other tensors). */
function externalBytes(t: Onnx.ITensorProto, modelFile: string, files: ExternalFiles, name: string): Uint8Array {
	const entries = new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
	const location = entries.get('location');
	if (!location) throw new InputError(`${modelFile}: tensor "${name}" is stored outside the file but names no location`);
	const dir = dirname(modelFile);
	const path = resolve(dir, location);
	const rel = relative(dir, path);
	if (isAbsolute(location) || rel.startsWith('..') || isAbsolute(rel)) {
		throw new InputError(`${modelFile}: tensor "${name}" points outside the model's folder (${location}); external data must sit beside the model`);
	}
	let bytes = files.get(path);
	if (!bytes) {
		try {
			bytes = readInputFile(join(dir, location), 'external data');
		} catch (error) {
			throw new InputError(`${modelFile}: the external data of tensor "${name}" is missing: ${(error as Error).message}`);
		}
		files.set(path, bytes);
	}
	const offset = Number(entries.get('offset') ?? 0);
	const length = entries.has('length') ? Number(entries.get('length')) : bytes.length - offset;
	if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > bytes.length) {
		throw new InputError(`${modelFile}: tensor "${name}" reads bytes ${offset}…${offset + length} of ${location}, which holds ${bytes.length}`);
	}
	return bytes.subarray(offset, offset + length);
}

function tensorOf(t: Onnx.ITensorProto, modelFile: string, files: ExternalFiles, fallbackName = ''): OnnxTensor {
	const name = printable(t.name || fallbackName);
	const [dtype, elementBytes] = dtypes[t.dataType ?? 0] ?? [`type ${t.dataType}`, 0];
	const dims = (t.dims ?? []).map(num);
	if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new InputError(`${modelFile}: tensor "${name}" has a malformed shape [${dims.join(', ')}]`);
	const count = dims.reduce((a, b) => a * b, 1);
	const external = t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
	let raw: Uint8Array | undefined;
	const rawBytes = () => {
		raw ??= external ? externalBytes(t, modelFile, files, name) : t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
		return raw;
	};
	// Resolve external data now, so a missing file is reported when the model is read, not later.
	if (external) rawBytes();
	const typed = (): number[] => {
		if (t.floatData?.length) return t.floatData;
		if (t.doubleData?.length) return t.doubleData;
		if (t.int64Data?.length) return t.int64Data.map(num);
		if (t.uint64Data?.length) return t.uint64Data.map(num);
		if (t.int32Data?.length) {
			if (dtype === 'float16') return t.int32Data.map(halfToFloat);
			if (dtype === 'bfloat16') return t.int32Data.map((h) => new Float32Array(new Uint32Array([h << 16]).buffer)[0]!);
			return t.int32Data;
		}
		return [];
	};
	return {
		name,
		dtype,
		dims,
		elementBytes,
		values() {
			const bytes = rawBytes();
			const values = bytes ? decodeRaw(bytes, dtype, count) : typed();
			if (values.length !== count) throw new InputError(`${modelFile}: tensor "${name}" is [${dims.join(', ')}] but holds ${values.length} values`);
			return values;
		},
		float32() {
			const bytes = rawBytes();
			if (dtype === 'float32' && bytes) {
				if (bytes.byteLength !== count * 4) throw new InputError(`${modelFile}: tensor "${name}" is [${dims.join(', ')}] but holds ${bytes.byteLength} bytes`);
				// A view where the bytes are 4-aligned (little-endian machines, as Node runs on); a copy otherwise.
				if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count);
				return new Float32Array(new Uint8Array(bytes).buffer, 0, count); // a copy: Buffer.slice() would be a view
			}
			return Float32Array.from(this.values());
		},
	};
}

function attrOf(a: Onnx.IAttributeProto, modelFile: string, files: ExternalFiles): OnnxAttr {
	const T = onnx.AttributeProto.AttributeType;
	switch (a.type) {
		case T.FLOAT:
			return a.f ?? 0;
		case T.INT:
			return num(a.i);
		case T.STRING:
			return text(a.s);
		case T.TENSOR:
			return tensorOf(a.t ?? {}, modelFile, files, a.name ?? '');
		case T.GRAPH:
			return {graph: a.g?.name ?? ''};
		case T.FLOATS:
			return a.floats ?? [];
		case T.INTS:
			return (a.ints ?? []).map(num);
		case T.STRINGS:
			return (a.strings ?? []).map(text);
		default:
			return {graph: `attribute of type ${a.type}`};
	}
}

function valueInfo(v: Onnx.IValueInfoProto): OnnxValueInfo {
	const tensor = v.type?.tensorType;
	const [dtype] = dtypes[tensor?.elemType ?? 0] ?? ['unknown'];
	const dims = tensor?.shape ? (tensor.shape.dim ?? []).map((d): OnnxDim => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? num(d.dimValue) : undefined)) : undefined;
	return {name: printable(v.name ?? ''), dtype, dims};
}

/** Decodes ONNX bytes (the file's name for messages, and for finding external data beside it). */
export function decodeOnnx(bytes: Uint8Array, file: string): OnnxModel {
	let model: Onnx.ModelProto;
	try {
		model = onnx.ModelProto.decode(bytes);
	} catch (error) {
		throw new InputError(`${file} is not a valid ONNX model (truncated, or not protobuf at all): ${(error as Error).message}`);
	}
	const graph = model.graph;
	const opset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
	if (!graph) {
		const what = num(model.irVersion) > 0 || (model.opsetImport ?? []).length > 0 ? 'has no graph' : 'is not an ONNX model (no IR version, opset or graph)';
		throw new InputError(`${file} ${what}`);
	}
	if ((graph.node ?? []).length === 0) throw new InputError(`${file}: its graph has no nodes`);
	const files: ExternalFiles = new Map();
	const initializers = new Map<string, OnnxTensor>();
	for (const t of graph.initializer ?? []) {
		const tensor = tensorOf(t, file, files);
		initializers.set(tensor.name, tensor);
	}
	const nodes = (graph.node ?? []).map(
		(n, i): OnnxNode => ({
			name: printable(n.name ?? ''),
			opType: printable(n.opType ?? `node ${i}`),
			domain: printable(n.domain ?? ''),
			// Names from the file reach the terminal: every one is made printable, the same way wherever it appears.
			inputs: (n.input ?? []).map(printable),
			outputs: (n.output ?? []).map(printable),
			attrs: Object.fromEntries((n.attribute ?? []).map((a) => [a.name ?? '', attrOf(a, file, files)])),
		}),
	);
	return {
		file,
		irVersion: num(model.irVersion),
		opset: opset ? num(opset.version) : 1,
		producer: printable([model.producerName, model.producerVersion].filter(Boolean).join(' ')),
		graphName: printable(graph.name ?? ''),
		inputs: (graph.input ?? []).map(valueInfo).filter((v) => !initializers.has(v.name)),
		outputs: (graph.output ?? []).map(valueInfo),
		initializers,
		nodes,
	};
}

/** Reads an ONNX model file (and any external data beside it). */
export function readOnnx(file: string): OnnxModel {
	return decodeOnnx(readInputFile(file, 'ONNX model'), file);
}
