import type {Preprocess} from '../data/preprocess.js';
import {UsageError} from '../errors.js';
import {readOnnx} from '../io/onnx.js';
import {analyzeNetwork, type NetworkSummary} from '../model/analyze.js';
import {analyzeOnnx} from '../model/import/onnx-graph.js';
import {onnxToNetwork, type ImportedNetwork} from '../model/import/onnx-network.js';
import {checkWeights, type Weights} from './weights.js';

/** A trained model from a file: our network as data, its weights, in words what it is, and how its images were preprocessed. */
export type LoadedModel = {
	readonly summary: NetworkSummary;
	readonly weights: Weights;
	readonly description: string;
	/** The built-in variant it matches, in words ("torchvision's AlexNet"), if any. */
	readonly matches?: string;
	/** The preprocessing its source used, where the file tells (torchvision for a PyTorch export, Caffe for Caffe's). */
	readonly preprocess?: Preprocess;
};

/** The preprocessing an ONNX producer implies. */
function preprocessOf(producer: string): Preprocess | undefined {
	if (/pytorch|torch/i.test(producer)) return 'torchvision';
	if (/caffe/i.test(producer)) return 'caffe';
	return undefined;
}

/** Our network and the file's weights from an imported graph, checked layer by layer against the network's shapes. */
export function fromImported(file: string, imported: ImportedNetwork, preprocess: Preprocess | undefined): LoadedModel {
	if (imported.missing.length > 0) {
		throw new UsageError(`${file}: the backends cannot run ${imported.missing.join(', ')}, so nothing runs (calc ${file} gives every figure)`);
	}
	const summary = analyzeNetwork(imported.network);
	const weights = checkWeights(summary, imported.weights, file);
	const what = imported.matches ? `: ${imported.matches}, layer for layer` : '';
	return {summary, weights, description: `trained weights from ${file}${what}`, ...(imported.matches ? {matches: imported.matches} : {}), ...(preprocess ? {preprocess} : {})};
}

/** Loads `--model FILE`: an ONNX model (a `.caffemodel` with its prototxt is read by loadCaffeModel). */
export function loadOnnxModel(file: string): LoadedModel {
	const model = readOnnx(file);
	return fromImported(file, onnxToNetwork(model, analyzeOnnx(model)), preprocessOf(model.producer));
}
