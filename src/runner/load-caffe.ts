import {UsageError} from '../errors.js';
import {findPrototxt, readCaffemodel, type CaffeBlob} from '../io/caffemodel.js';
import {readNetworkFile} from '../io/read-file.js';
import {analyzeNetwork} from '../model/analyze.js';
import {matchVariant} from '../model/import/match-variant.js';
import type {Tensor} from '../tensor/tensor.js';
import {fromImported, type LoadedModel} from './load-model.js';

/** A blob with the leading 1s of Caffe's legacy 4-D dims dropped down to `rank` ([1, 1, 4096, 9216] → [4096, 9216]). */
function ranked(b: CaffeBlob, rank: number): Tensor {
	const shape = [...b.shape];
	while (shape.length > rank && shape[0] === 1) shape.shift();
	return {shape, data: b.data};
}

/** Loads `--model FILE.caffemodel` with its deploy prototxt: the network from the prototxt, the weights from the model. */
export function loadCaffeModel(file: string, prototxt: string | undefined): LoadedModel {
	const netFile = findPrototxt(file, prototxt);
	if (!netFile) throw new UsageError(`${file}: a .caffemodel holds weights only; give its network with --prototxt deploy.prototxt (none found beside it)`);
	const network = readNetworkFile(netFile, 'prototxt');
	const summary = analyzeNetwork(network);
	const blobs = readCaffemodel(file).layers;
	const weights = new Map<string, {w: Tensor; b: Tensor}>();
	for (const facts of summary.layers) {
		const l = facts.layer;
		if (l.op !== 'conv' && l.op !== 'fc') continue;
		const got = blobs.get(l.name);
		if (!got) continue; // checkWeights names the layer with no weights
		const units = l.op === 'conv' ? l.filters : l.units;
		weights.set(l.name, {w: ranked(got[0]!, l.op === 'conv' ? 4 : 2), b: got[1] ? ranked(got[1], 1) : {shape: [units], data: new Float32Array(units)}});
	}
	return fromImported(file, {...matchVariant(network, weights), missing: []}, 'caffe');
}
