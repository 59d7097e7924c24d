import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {InputError} from '../errors.js';
import {printable} from '../format/printable.js';
import {featureMapsPng, filtersPng} from './png-grid.js';
import {readInputFile} from './read-file.js';
import type {NetworkSummary} from '../model/analyze.js';
import type {LayerSpec} from '../model/layer-spec.js';
import {unbatchedShape} from '../tensor/layout.js';
import {decodeNpy, encodeNpy} from '../tensor/npy.js';
import type {Tensor} from '../tensor/tensor.js';
import type {LayerTensors, WeightsContents} from './weights-file.js';

/** What a directory of .npy files holds: weights always; the preprocessed input and layer outputs after a forward pass. */
export type DirContents = {
	readonly summary: NetworkSummary;
	readonly weights: LayerTensors;
	/** How the weights were made or where they came from. */
	readonly note: string;
	readonly input?: Tensor;
	readonly outputs?: ReadonlyMap<string, Tensor>;
	/** More facts for the manifest (backend, device, image). */
	readonly extra?: Readonly<Record<string, unknown>>;
	/** Also each output's channels as one PNG grid and each conv layer's filters as a PNG (forward --png). */
	readonly png?: boolean;
};

/** One file of the directory, as manifest.json lists it. */
export type ManifestFile = {file: string; layer: string; kind: 'input' | 'output' | 'weights' | 'bias' | 'picture'; shape: number[]};

const layouts = 'float32, C order; activations [C, H, W] (a vector [N]), conv weights [cout, cin/groups, kh, kw], ' + 'fc weights [out, in] with the input flattened in C, H, W order (as PyTorch, ONNX and Caffe)';

/** A layer's attributes with every default written out, so a reader in Python needs no knowledge of ours. */
function attributes(spec: LayerSpec): Record<string, unknown> {
	switch (spec.op) {
		case 'conv':
			return {stride: 1, pad: 0, dilation: 1, groups: 1, bias: true, ...spec};
		case 'maxpool':
		case 'avgpool':
			return {stride: 1, pad: 0, ceil: false, ...spec};
		case 'lrn':
			return {alphaOverN: false, ...spec};
		default:
			return {...spec};
	}
}

/** Writes .npy files (and with `png` the pictures) and manifest.json into `dir` (created if needed); returns the manifest's file list. */
export function saveDir(dir: string, contents: DirContents): ManifestFile[] {
	const {summary, weights, input, outputs} = contents;
	try {
		// Where the parent exists, a plain mkdir: Node's recursive one loops forever on procfs (forward --save /proc/x).
		if (existsSync(dirname(resolve(dir)))) {
			if (!existsSync(dir)) mkdirSync(dir);
		} else mkdirSync(dir, {recursive: true});
	} catch (error) {
		throw new InputError(`cannot create ${dir}: ${(error as Error).message}`);
	}
	const files: ManifestFile[] = [];
	const write = (file: string, bytes: Uint8Array | string) => {
		try {
			writeFileSync(join(dir, file), bytes);
		} catch (error) {
			throw new InputError(`cannot write ${join(dir, file)}: ${(error as Error).message}`);
		}
	};
	const put = (file: string, layer: string, kind: ManifestFile['kind'], t: Tensor, shape = [...t.shape]) => {
		write(file, encodeNpy(shape, t.data));
		files.push({file, layer, kind, shape});
	};
	const picture = (file: string, layer: string, png: Uint8Array, shape: number[]) => {
		write(file, png);
		files.push({file, layer, kind: 'picture', shape});
	};
	if (input) put('input.npy', 'input', 'input', input, unbatchedShape(input));
	for (const facts of summary.layers) {
		const name = facts.spec.name;
		const output = outputs?.get(name);
		if (output) put(`${name}.output.npy`, name, 'output', output, unbatchedShape(output));
		if (output && contents.png) picture(`${name}.output.png`, name, featureMapsPng(output), unbatchedShape(output));
		const lw = weights.get(name);
		if (lw) {
			put(`${name}.weights.npy`, name, 'weights', lw.w);
			if (facts.biases > 0) put(`${name}.bias.npy`, name, 'bias', lw.b);
			if (contents.png && lw.w.shape.length === 4) picture(`${name}.weights.png`, name, filtersPng(lw.w), [...lw.w.shape]);
		}
	}
	const manifest = {
		format: 'alexnet-tour npy directory',
		version: 1,
		network: summary.network.name,
		input: summary.network.input,
		weights: contents.note,
		...contents.extra,
		layouts,
		layers: summary.layers.map((l) => ({...attributes(l.spec), output: l.output})),
		files,
	};
	write('manifest.json', `${JSON.stringify(manifest, null, '\t')}\n`);
	return files;
}

/** Reads the weights of a directory that saveDir wrote (forward --save); a missing or broken one is an InputError. */
export function readWeightsDir(dir: string): WeightsContents {
	const manifestPath = join(dir, 'manifest.json');
	if (!existsSync(manifestPath)) throw new InputError(`${dir} is not a weights directory: it has no manifest.json (write one with forward --save)`);
	let manifest: unknown;
	try {
		manifest = JSON.parse(readInputFile(manifestPath, 'manifest', 16 * 1024 ** 2).toString('utf8'));
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw new InputError(`${manifestPath} is not valid JSON: ${(error as Error).message}`);
	}
	const m = manifest as {network?: unknown; weights?: unknown; files?: unknown} | null;
	if (typeof m !== 'object' || m === null || typeof m.network !== 'string' || !Array.isArray(m.files)) throw new InputError(`${manifestPath}: lacks "network" or "files"`);
	const layers = new Map<string, {w?: Tensor; b?: Tensor}>();
	for (const [i, raw] of m.files.entries()) {
		const entry = raw as Partial<ManifestFile> | null;
		if (entry?.kind !== 'weights' && entry?.kind !== 'bias') continue;
		const bad = (why: string) => new InputError(`${manifestPath}: files[${i}] ${why}`);
		if (typeof entry.file !== 'string' || typeof entry.layer !== 'string') throw bad('needs "file" and "layer" as strings');
		if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw bad(`has a malformed "shape" ${printable(JSON.stringify(entry.shape) ?? 'nothing')}`);
		// A file of the directory, by name: never a path that leaves it (../../etc/passwd, an absolute path).
		const path = resolve(dir, entry.file);
		if (basename(entry.file) !== entry.file || dirname(path) !== resolve(dir)) throw bad(`names "${printable(entry.file)}", which is not a file of this directory`);
		const t = decodeNpy(readInputFile(path, 'NumPy'), path);
		if (t.shape.join() !== entry.shape.join()) throw new InputError(`${path} is [${t.shape.join(', ')}], manifest.json says [${entry.shape.join(', ')}]`);
		const nan = t.data.findIndex((v) => !Number.isFinite(v));
		if (nan >= 0) throw new InputError(`${path} holds ${t.data[nan]} at index ${nan}: the weights have blown up`);
		const slot = layers.get(entry.layer) ?? {};
		slot[entry.kind === 'weights' ? 'w' : 'b'] = t;
		layers.set(entry.layer, slot);
	}
	return {network: m.network, note: typeof m.weights === 'string' ? m.weights : '', layers};
}
