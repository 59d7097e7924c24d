import {InputError} from '../errors.js';
import {readFloat32Le, writeFloat32Le} from './float-bytes.js';
import {sizeOf, type Tensor} from './tensor.js';

// NumPy's format, version 1.0: magic, version bytes, a uint16 header length, a Python dict literal, then the data.
const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const preamble = 10; // magic (6) + version (2) + header length (2)

/** A shape as Python writes a tuple: [] → "()", [5] → "(5,)", [3, 4] → "(3, 4)". */
function pythonTuple(shape: readonly number[]): string {
	return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Encodes float32 data of a shape as a NumPy .npy file (v1.0, little-endian '<f4', C order), as `numpy.save` writes it. */
export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
	if (sizeOf(shape) !== data.length) throw new Error(`npy: shape [${shape.join(', ')}] needs ${sizeOf(shape)} values, got ${data.length}`);
	let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${pythonTuple(shape)}, }`;
	// numpy pads the header with spaces and ends it with '\n' so the data starts on a 64-byte boundary.
	const total = Math.ceil((preamble + header.length + 1) / 64) * 64;
	header = `${header.padEnd(total - preamble - 1, ' ')}\n`;
	const out = new Uint8Array(total + data.length * 4);
	out.set(magic, 0);
	out[6] = 1;
	out[7] = 0;
	new DataView(out.buffer).setUint16(8, header.length, true);
	for (let i = 0; i < header.length; i++) out[preamble + i] = header.charCodeAt(i);
	writeFloat32Le(data, out, total);
	return out;
}

/** Decodes a float32 .npy file (v1, v2 or v3 header, '<f4', C order); anything else is an InputError naming `source`. */
export function decodeNpy(bytes: Uint8Array, source = 'npy'): Tensor {
	const bad = (why: string) => new InputError(`${source}: ${why}`);
	if (bytes.length < preamble || magic.some((b, i) => bytes[i] !== b)) throw bad('not a NumPy .npy file');
	const major = bytes[6]!;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (major < 1 || major > 3) throw bad(`unknown .npy version ${major}.${bytes[7]}`);
	const lengthBytes = major === 1 ? 2 : 4;
	const headerLength = lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
	const start = 8 + lengthBytes;
	if (bytes.length < start + headerLength) throw bad('truncated header');
	const header = new TextDecoder().decode(bytes.subarray(start, start + headerLength));
	const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
	const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
	const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
	if (descr === undefined || fortran === undefined || shapeText === undefined) throw bad('malformed header');
	if (descr !== '<f4') throw bad(`holds '${descr}' values; only little-endian float32 ('<f4') is read`);
	if (fortran === 'True') throw bad('is in Fortran order; save it with numpy.ascontiguousarray first');
	const shape = shapeText
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '')
		.map(Number);
	if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(`malformed shape (${shapeText})`);
	const n = sizeOf(shape);
	const dataStart = start + headerLength;
	if (bytes.length - dataStart < n * 4) throw bad(`truncated: shape (${shape.join(', ')}) needs ${n * 4} bytes of data, found ${bytes.length - dataStart}`);
	return {shape, data: readFloat32Le(bytes, dataStart, n)};
}
