import {SpecError} from '../errors.js';
import {analyzeNetwork, findLayer} from './analyze.js';
import {caffeInput, dataLayerShape, dataLayerTypes, type CaffeInput} from './caffe-input.js';
import {caffeLayer, v1LayerTypes} from './caffe-layer.js';
import type {LayerSpec, Network, Shape} from './layer-spec.js';
import {parseProtoText, type ProtoMessage} from './parse-proto-text.js';
import {protoReader, type ProtoReader} from './proto-reader.js';

// A blob that only training has (Data's second top, the label).
const label = Symbol('label');

/** Whether Caffe would build this layer in the TEST phase, the network a deploy file describes. */
function inTestPhase(layer: ProtoMessage, r: ProtoReader): boolean {
	const matches = (rule: ProtoMessage) => {
		const phase = r.str(rule, 'phase', 'phase');
		return phase === undefined || phase === 'TEST' || phase === '1';
	};
	const include = r.subs(layer, 'include');
	if (include.length > 0 && !include.some(matches)) return false;
	return !r.subs(layer, 'exclude').some(matches);
}

/**
 * Reads a Caffe prototxt (V2 `layer { type: "Convolution" }` or V1 `layers { type: CONVOLUTION }`) as a Network.
 * Figures are per image: the batch size is dropped. The net is the TEST phase; data layers of either phase declare the
 * input. Accuracy and Silence layers are skipped (they compute nothing a learner counts); SoftmaxWithLoss becomes a
 * softmax of its first bottom. In-place layers are followed through their blobs, so `inputs` always names layers.
 * Throws SpecError with file and line for malformed text, an unknown layer type or a layer the model cannot express.
 */
export function parsePrototxt(text: string, file: string): Network {
	const root = parseProtoText(text, file);
	const r = protoReader(file);
	let input: CaffeInput | undefined = caffeInput(root, r);
	// Each blob maps to the layer that last wrote it: an in-place ReLU takes over its bottom's blob.
	const blobs = new Map<string, string | typeof label>(input ? [[input.blob, 'input']] : []);
	const layers: LayerSpec[] = [];
	const lines = new Map<string, number>();
	let previous = 'input';
	for (const field of root.fields) {
		if (field.key !== 'layer' && field.key !== 'layers') continue;
		if (field.value.kind !== 'message') return r.fail(field.line, `${field.key} must be a block { … }`);
		const layer = field.value;
		const tops = r.strs(layer, 'top', field.key);
		const name = r.str(layer, 'name', field.key) ?? tops[0] ?? r.fail(layer.line, `${field.key} has neither a name nor a top`);
		const where = `layer "${name}"`;
		const written = r.str(layer, 'type', where) ?? r.fail(layer.line, `${where}: type is missing`);
		const type = v1LayerTypes[written] ?? written;
		const line = r.line(layer, 'type');
		if (dataLayerTypes.has(type)) {
			const blob = tops[0] ?? r.fail(layer.line, `${where}: a data layer needs a top`);
			// The TRAIN and TEST data layers of a train_val file are alternatives for the same blob.
			if (blobs.get(blob) === 'input') continue;
			if (input) r.fail(line, `${where}: only one network input is supported ("${input.blob}" is already one)`);
			input = {blob, shape: dataLayerShape(layer, type, where, r), line};
			blobs.set(blob, 'input');
			for (const top of tops.slice(1)) blobs.set(top, label);
			continue;
		}
		if (!inTestPhase(layer, r) || type === 'Accuracy' || type === 'Silence') continue;
		const bottoms = r.strs(layer, 'bottom', where);
		const producers = bottoms.map((b) => blobs.get(b) ?? r.fail(r.line(layer, 'bottom'), `${where}: bottom "${b}" is not the top of an earlier layer`));
		if (type === 'Split') {
			for (const top of tops) blobs.set(top, producers[0] ?? r.fail(layer.line, `${where}: Split has no bottom`));
			continue;
		}
		const sources = type === 'SoftmaxWithLoss' ? producers.slice(0, 1) : producers;
		const inputShape = (): Shape => {
			const from = sources[0];
			if (!input || typeof from !== 'string') return r.fail(line, `${where}: global pooling needs a known input shape`);
			if (from === 'input') return input.shape;
			return findLayer(analyzeNetwork({name: 'partial', input: input.shape, layers}), from).output;
		};
		const spec = caffeLayer(layer, type, {r, name, line, inputShape});
		if (!spec) return r.fail(line, `unknown layer type "${written}" in layer "${name}"`);
		if (sources.length === 0) r.fail(layer.line, `${where}: no bottom`);
		if (sources.includes(label)) r.fail(r.line(layer, 'bottom'), `${where}: takes the label, which exists only in training`);
		if (type !== 'Concat' && sources.length > 1) r.fail(r.line(layer, 'bottom'), `${where}: a ${type} layer takes one bottom, got ${sources.length}`);
		if (name === 'input') r.fail(layer.line, `${where}: the name "input" is reserved for the network input`);
		if (lines.has(name)) r.fail(layer.line, `${where}: a layer of this name is already on line ${lines.get(name)}`);
		lines.set(name, layer.line);
		const names = sources as string[];
		const chained = names.length === 1 && names[0] === previous;
		layers.push(chained ? spec : {...spec, inputs: names});
		previous = name;
		for (const top of tops) blobs.set(top, name);
	}
	if (!input) throw new SpecError(`${file}: no input is declared (input: with input_dim, input_shape, an Input layer or a data layer with crop_size)`);
	if (layers.length === 0) throw new SpecError(`${file}: no layers`);
	const base = file
		.split(/[\\/]/)
		.pop()!
		.replace(/\.[^.]*$/, '');
	return {name: r.str(root, 'name', 'name') ?? base, input: input.shape, layers, description: `${file} (Caffe prototxt)`};
}
