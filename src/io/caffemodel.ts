import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import protobuf from 'protobufjs';
import {InputError} from '../errors.js';
import {printable} from '../format/printable.js';
import {readInputFile} from './read-file.js';

/*
 * A .caffemodel is a binary NetParameter (caffe.proto): layers (V2 `layer`, field 100, or V1 `layers`, field 2), each
 * with a name and blobs (BlobProto: a BlobShape, or the legacy num/channels/height/width, and packed float data). Only
 * those fields are declared here, written from caffe.proto's field numbers; protobufjs skips every other field. The
 * packed floats are declared as bytes (the wire format of a packed field is the same), so the weights stay views onto
 * the file's bytes instead of 61 million JavaScript numbers.
 */
const schema = `
syntax = "proto2";
message BlobShape { repeated int64 dim = 1 [packed = true]; }
message BlobProto {
  optional BlobShape shape = 7;
  optional bytes data = 5;
  optional int32 num = 1;
  optional int32 channels = 2;
  optional int32 height = 3;
  optional int32 width = 4;
}
message LayerParameter { optional string name = 1; optional string type = 2; repeated BlobProto blobs = 7; }
message V1LayerParameter { optional string name = 4; repeated BlobProto blobs = 6; }
message NetParameter { optional string name = 1; repeated V1LayerParameter layers = 2; repeated LayerParameter layer = 100; }
`;

const NetParameter = protobuf.parse(schema).root.lookupType('NetParameter');
// The same with the floats as caffe.proto declares them, for a file whose floats are not packed (slower: numbers).
const NetParameterFloats = protobuf.parse(schema.replace('optional bytes data = 5;', 'repeated float data = 5 [packed = true];')).root.lookupType('NetParameter');

/** One blob of a layer: its shape (BlobShape, or the legacy 4-D dims) and its float32 values. */
export type CaffeBlob = {readonly shape: readonly number[]; readonly data: Float32Array};

/** The layers of a .caffemodel that have blobs, by name, in file order. */
export type CaffeWeights = {readonly name: string; readonly layers: ReadonlyMap<string, readonly CaffeBlob[]>};

type Long = {toNumber(): number};
type Blob = {shape?: {dim?: (number | Long)[]}; data?: Uint8Array | number[]; num?: number; channels?: number; height?: number; width?: number};
type Layer = {name?: string; blobs?: Blob[]};

function blobOf(b: Blob, file: string, layer: string): CaffeBlob {
	const dims = b.shape?.dim?.length ? b.shape.dim.map((d) => (typeof d === 'number' ? d : d.toNumber())) : [b.num ?? 0, b.channels ?? 0, b.height ?? 0, b.width ?? 0];
	const count = dims.reduce((x, y) => x * y, 1);
	const bytes = Array.isArray(b.data) ? new Uint8Array(Float32Array.from(b.data).buffer) : (b.data ?? new Uint8Array(0));
	if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0) || bytes.byteLength !== count * 4) {
		throw new InputError(`${file}: layer "${layer}" has a blob of shape [${dims.join(', ')}] holding ${bytes.byteLength / 4} values (float32 data is what this reader takes)`);
	}
	const data = bytes.byteOffset % 4 === 0 ? new Float32Array(bytes.buffer, bytes.byteOffset, count) : new Float32Array(new Uint8Array(bytes).buffer); // a copy (Buffer.slice() is a view)
	const bad = data.findIndex((v) => !Number.isFinite(v));
	if (bad >= 0) throw new InputError(`${file}: layer "${layer}" holds ${data[bad]} at index ${bad}`);
	return {shape: dims, data};
}

/** Decodes a .caffemodel (V1 or V2 layers); a file that is not one is an InputError naming it. */
export function decodeCaffemodel(bytes: Uint8Array, file: string): CaffeWeights {
	let net: {name?: string; layers?: Layer[]; layer?: Layer[]};
	try {
		net = NetParameter.decode(bytes) as unknown as typeof net;
	} catch {
		try {
			net = NetParameterFloats.decode(bytes) as unknown as typeof net;
		} catch (error) {
			throw new InputError(`${file} is not a Caffe model (truncated, or not protobuf): ${(error as Error).message}`);
		}
	}
	const layers = new Map<string, CaffeBlob[]>();
	for (const l of [...(net.layer ?? []), ...(net.layers ?? [])]) {
		const name = printable(l.name ?? '');
		if ((l.blobs ?? []).length > 0)
			layers.set(
				name,
				l.blobs!.map((b) => blobOf(b, file, name)),
			);
	}
	if (layers.size === 0) throw new InputError(`${file} holds no layer with weights: not a trained .caffemodel`);
	return {name: printable(net.name ?? ''), layers};
}

/** Reads a .caffemodel file. */
export function readCaffemodel(file: string): CaffeWeights {
	return decodeCaffemodel(readInputFile(file, 'Caffe model'), file);
}

/** The deploy prototxt of a .caffemodel: the one given, or one beside it (same base name, or deploy.prototxt). */
export function findPrototxt(file: string, given: string | undefined): string | undefined {
	if (given !== undefined) return given;
	return [file.replace(/\.caffemodel$/i, '.prototxt'), join(dirname(file), 'deploy.prototxt')].find((c) => existsSync(c));
}
