import {statSync} from 'node:fs';
import {InputError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import type {Tensor} from '../tensor/tensor.js';
import {readWeightsDir} from './npy-dir.js';
import {readInputFile} from './read-file.js';
import {decodeSafetensors, encodeSafetensors, looksLikeSafetensors} from './safetensors.js';
import {writeAtomic} from './write-atomic.js';

/** A network's parameters by layer name: weights w and biases b (runner/weights.ts makes and checks them). */
export type LayerTensors = ReadonlyMap<string, {readonly w: Tensor; readonly b: Tensor}>;

/*
 * `train --save FILE` writes safetensors, the ecosystem's weights format: PyTorch's names (`conv1.weight`,
 * `conv1.bias`) and layouts ([cout, cin/g, kh, kw], fc [out, in]), float32, and in the metadata the network as JSON,
 * its figures and a note on how the weights were made. Python reads it with `safetensors.numpy.load_file(FILE)`.
 */

/** What a weights file holds: the network it was saved for, a note (how the weights were made) and its tensors by layer. */
export type WeightsContents = {
	readonly network: string;
	readonly note: string;
	readonly layers: Map<string, {w?: Tensor; b?: Tensor}>;
};

/** Writes weights as safetensors, atomically (a temporary file renamed into place, so never a half-written file). */
export function saveWeightsFile(file: string, summary: NetworkSummary, weights: LayerTensors, note: string, figures: Readonly<Record<string, string>> = {}): void {
	const tensors = new Map<string, Tensor>();
	for (const [layer, {w, b}] of weights) {
		tensors.set(`${layer}.weight`, w);
		tensors.set(`${layer}.bias`, b);
	}
	const {network, totals} = summary;
	const metadata = {
		format: 'alexnet-tour weights (safetensors)',
		network: network.name,
		spec: JSON.stringify({name: network.name, input: network.input, layers: network.layers}),
		params: String(totals.params),
		macs: String(totals.macs),
		note,
		...figures,
	};
	writeAtomic(file, encodeSafetensors(tensors, metadata));
}

/** The metadata of a safetensors weights file (its figures: network, note, test accuracy), without decoding the tensors' values. */
export function readWeightsMetadata(file: string): Readonly<Record<string, string>> {
	const bytes = readInputFile(file, 'weights');
	if (!looksLikeSafetensors(bytes)) throw new InputError(`${file} is not a safetensors weights file`);
	return decodeSafetensors(bytes, file).metadata;
}

/** Reads a safetensors weights file (names `layer.weight` and `layer.bias`); anything else is an InputError naming it. */
export function readWeightsFile(file: string): WeightsContents {
	const bytes = readInputFile(file, 'weights');
	if (!looksLikeSafetensors(bytes)) throw new InputError(`${file} is not a safetensors weights file (nor a directory saved by forward --save)`);
	const {tensors, metadata} = decodeSafetensors(bytes, file);
	const layers = new Map<string, {w?: Tensor; b?: Tensor}>();
	for (const [name, t] of tensors) {
		const m = /^(.+)\.(weight|bias)$/.exec(name);
		if (!m) throw new InputError(`${file}: tensor "${name}" is not named layer.weight or layer.bias`);
		const slot = layers.get(m[1]!) ?? {};
		slot[m[2] === 'weight' ? 'w' : 'b'] = t;
		layers.set(m[1]!, slot);
	}
	return {network: metadata['network'] ?? '', note: metadata['note'] ?? '', layers};
}

/** Reads `--weights PATH`: a safetensors file `train --save` wrote, or a directory `forward --save` wrote. */
export function readWeights(path: string): WeightsContents {
	let isDirectory: boolean;
	try {
		isDirectory = statSync(path).isDirectory();
	} catch {
		throw new InputError(`cannot read weights ${path}: no such file or directory`);
	}
	return isDirectory ? readWeightsDir(path) : readWeightsFile(path);
}
