import {InputError} from '../errors.js';
import {printable} from '../format/printable.js';
import {readFloat32Le, writeFloat32Le} from '../tensor/float-bytes.js';
import type {Tensor} from '../tensor/tensor.js';

/*
 * safetensors (Hugging Face's format, read by `safetensors.numpy.load_file` and PyTorch): a little-endian u64 header
 * length N, N bytes of JSON {"__metadata__": {string: string}, "<name>": {"dtype", "shape", "data_offsets": [begin,
 * end]}}, padded with spaces to 8 bytes, then the raw little-endian data (offsets from the end of the header).
 */

/** A file's tensors by name and its string metadata. */
export type SafetensorsContents = {readonly tensors: ReadonlyMap<string, Tensor>; readonly metadata: Readonly<Record<string, string>>};

/** The largest header this reader accepts (the format's own reference reader stops at 100 MB). */
const maxHeaderBytes = 100 * 1024 * 1024;

/** Encodes float32 tensors and string metadata as the parts of a safetensors file (header, then each tensor's bytes). */
export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor>, metadata: Readonly<Record<string, string>>): Uint8Array[] {
	const header: Record<string, unknown> = {__metadata__: metadata};
	let offset = 0;
	for (const [name, t] of tensors) {
		header[name] = {dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.length * 4]};
		offset += t.data.length * 4;
	}
	let json = JSON.stringify(header);
	json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
	const head = Buffer.alloc(8 + Buffer.byteLength(json));
	head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)), 0);
	head.write(json, 8, 'utf8');
	const parts: Uint8Array[] = [head];
	for (const t of tensors.values()) {
		const bytes = new Uint8Array(t.data.length * 4);
		writeFloat32Le(t.data, bytes, 0);
		parts.push(bytes);
	}
	return parts;
}

/** True when the bytes start like a safetensors file: a plausible header length, then '{' (a truncated one still does). */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
	if (bytes.length < 9) return false;
	const n = Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0);
	return n > 1n && n <= BigInt(maxHeaderBytes) && bytes[8] === 0x7b;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Decodes a safetensors file of F32 tensors; every field of the header is checked (offsets in bounds, contiguous and
 * not overlapping, shapes of non-negative integers matching their byte counts), and any value that is NaN or ±∞ is
 * refused, so nothing downstream ever shows one. Errors are InputErrors naming `file`.
 */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
	const fail = (why: string): never => {
		throw new InputError(`${file}: ${why}`);
	};
	if (bytes.length < 8) fail('too short to be a safetensors file');
	const n = Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0);
	if (n > BigInt(maxHeaderBytes) || n > BigInt(bytes.length - 8)) fail('is truncated, or not a safetensors file (its header length runs past the end)');
	const start = 8 + Number(n);
	let header: unknown;
	try {
		header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, Number(n)).toString('utf8'));
	} catch {
		fail('the safetensors header is not valid JSON');
	}
	if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the safetensors header is not a JSON object');
	const entries = Object.entries(header as Record<string, unknown>);
	const metadata: Record<string, string> = {};
	const raw = (header as Record<string, unknown>)['__metadata__'];
	if (raw !== undefined) {
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('__metadata__ must be an object of strings');
		for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
			if (typeof v !== 'string') fail(`__metadata__.${k} must be a string`);
			metadata[k] = v as string;
		}
	}
	const spans: {name: string; begin: number; end: number; shape: number[]}[] = [];
	for (const [rawName, entry] of entries) {
		if (rawName === '__metadata__') continue;
		const name = printable(rawName);
		const e = entry as {dtype?: unknown; shape?: unknown; data_offsets?: unknown} | null;
		if (typeof e !== 'object' || e === null) fail(`tensor "${name}" is not described by an object`);
		if (e!.dtype !== 'F32') fail(`tensor "${name}" ${e!.dtype === undefined ? 'has no dtype' : `is ${printable(JSON.stringify(e!.dtype))}`}; this program reads F32 (float32) weights`);
		const shape = e!.shape;
		if (!Array.isArray(shape) || !shape.every(isCount)) fail(`tensor "${name}" has a malformed shape ${shape === undefined ? '(none)' : printable(JSON.stringify(shape))}`);
		const offsets = e!.data_offsets;
		if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[1]! < offsets[0]!) {
			fail(`tensor "${name}" has malformed data_offsets ${offsets === undefined ? '(none)' : printable(JSON.stringify(offsets))}`);
		}
		const [begin, end] = offsets as [number, number];
		const count = (shape as number[]).reduce((a, b) => a * b, 1);
		if (!Number.isSafeInteger(count) || end - begin !== count * 4) fail(`tensor "${name}" is [${(shape as number[]).join(', ')}] but holds ${end - begin} bytes`);
		if (start + end > bytes.length) fail(`is truncated: tensor "${name}" runs past the end of the file`);
		spans.push({name, begin, end, shape: shape as number[]});
	}
	// The format asks for the data to be covered exactly once, in order, with no gap.
	spans.sort((a, b) => a.begin - b.begin);
	let at = 0;
	for (const s of spans) {
		if (s.begin !== at) fail(`tensor "${s.name}" starts at byte ${s.begin} of the data, not at ${at}: the offsets overlap or leave a gap`);
		at = s.end;
	}
	const tensors = new Map<string, Tensor>();
	for (const s of spans) {
		const data = readFloat32Le(bytes, start + s.begin, (s.end - s.begin) / 4);
		const bad = data.findIndex((v) => !Number.isFinite(v));
		if (bad >= 0) fail(`tensor "${s.name}" holds ${data[bad]} at index ${bad}: the weights have blown up`);
		tensors.set(s.name, {shape: s.shape, data});
	}
	return {tensors, metadata};
}
