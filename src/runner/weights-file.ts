import {readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {InputError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import {readFloat32Le, writeFloat32Le} from '../tensor/float-bytes.js';
import {sizeOf, type Tensor} from '../tensor/tensor.js';
import type {Weights} from './weights.js';

/*
 * One-file weights (what `train --save FILE` writes): the line "alexnet-tour weights 1\n", a uint32 (little-endian)
 * header length, a JSON header padded with spaces to a 64-byte boundary, then every tensor as little-endian float32,
 * in the order the header lists them. The header: {network, input, note, tensors: [{layer, kind, shape, offset}]},
 * offsets in bytes from the start of the data.
 */
const magic = 'alexnet-tour weights 1\n';

/** What a weights file holds: the network it was saved for, a note (how the weights were made) and its tensors by layer. */
export type WeightsContents = {
	readonly network: string;
	readonly note: string;
	readonly layers: Map<string, {w?: Tensor; b?: Tensor}>;
};

type Entry = {layer: string; kind: 'weights' | 'bias'; shape: number[]; offset: number};

/** Writes weights to one file atomically (a temporary file renamed into place, so never a half-written file). */
export function saveWeightsFile(file: string, summary: NetworkSummary, weights: Weights, note: string): void {
	const entries: Entry[] = [];
	let offset = 0;
	const tensors: Tensor[] = [];
	for (const [layer, {w, b}] of weights) {
		for (const [kind, t] of [['weights', w], ['bias', b]] as const) {
			entries.push({layer, kind, shape: [...t.shape], offset});
			tensors.push(t);
			offset += t.data.length * 4;
		}
	}
	const json = JSON.stringify({network: summary.network.name, input: summary.network.input, note, tensors: entries});
	const headerBytes = new TextEncoder().encode(json);
	const dataStart = Math.ceil((magic.length + 4 + headerBytes.length) / 64) * 64;
	const out = Buffer.alloc(dataStart + offset, 0x20);
	out.write(magic, 0, 'latin1');
	out.writeUInt32LE(dataStart - magic.length - 4, magic.length);
	out.set(headerBytes, magic.length + 4);
	let at = dataStart;
	for (const t of tensors) {
		writeFloat32Le(t.data, out, at);
		at += t.data.length * 4;
	}
	const temporary = `${file}.${process.pid}.tmp`;
	try {
		writeFileSync(temporary, out);
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw new InputError(`cannot write ${file}: ${(error as Error).message}`);
	}
}

/** True when the bytes start like a one-file weights file. */
export function isWeightsFile(bytes: Uint8Array): boolean {
	return Buffer.from(bytes.subarray(0, magic.length)).toString('latin1') === magic;
}

/** Reads a one-file weights file; a missing, foreign or truncated file is an InputError naming it. */
export function readWeightsFile(file: string): WeightsContents {
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		throw new InputError(`cannot read weights ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
	}
	if (!isWeightsFile(bytes)) throw new InputError(`${file} is not an alexnet-tour weights file (nor a directory saved by forward --save)`);
	const truncated = () => new InputError(`${file} is truncated: re-save it (train --save or forward --save)`);
	if (bytes.length < magic.length + 4) throw truncated();
	const headerLength = bytes.readUInt32LE(magic.length);
	const dataStart = magic.length + 4 + headerLength;
	if (bytes.length < dataStart) throw truncated();
	let header: {network?: unknown; note?: unknown; tensors?: unknown};
	try {
		header = JSON.parse(bytes.subarray(magic.length + 4, dataStart).toString('utf8'));
	} catch {
		throw new InputError(`${file}: the weights header is not valid JSON`);
	}
	if (typeof header.network !== 'string' || !Array.isArray(header.tensors)) throw new InputError(`${file}: the weights header lacks network or tensors`);
	const layers = new Map<string, {w?: Tensor; b?: Tensor}>();
	for (const entry of header.tensors as Entry[]) {
		if (typeof entry?.layer !== 'string' || !Array.isArray(entry.shape) || typeof entry.offset !== 'number') {
			throw new InputError(`${file}: a tensor entry of the weights header is malformed`);
		}
		const n = sizeOf(entry.shape);
		const start = dataStart + entry.offset;
		if (start + n * 4 > bytes.length) throw truncated();
		const data = readFloat32Le(bytes, start, n);
		const slot = layers.get(entry.layer) ?? {};
		slot[entry.kind === 'weights' ? 'w' : 'b'] = {shape: [...entry.shape], data};
		layers.set(entry.layer, slot);
	}
	return {network: header.network, note: typeof header.note === 'string' ? header.note : '', layers};
}
