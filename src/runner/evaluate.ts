import type {Backend, WeightsUse} from '../backends/backend.js';
import {mnistMeanPixel, type Digits} from '../data/mnist.js';
import type {NetworkSummary} from '../model/analyze.js';
import {tensor, type Tensor} from '../tensor/tensor.js';
import {forwardTo} from './forward.js';
import type {Weights} from './weights.js';

/** How a network did on a set of digits: accuracy (0–1), each digit's predicted class, and the confusion matrix [true][guess]. */
export type Evaluation = {
	readonly accuracy: number;
	readonly predictions: Uint8Array;
	readonly confusion: readonly (readonly number[])[];
};

/** Digits `indices` of a set as one NCHW batch [count, 1, 28, 28], the training set's mean pixel subtracted. */
export function digitBatch(digits: Digits, indices: ArrayLike<number>): Tensor {
	const pixels = digits.size * digits.size;
	const data = new Float32Array(indices.length * pixels);
	for (let i = 0; i < indices.length; i++) {
		const at = indices[i]! * pixels;
		for (let j = 0; j < pixels; j++) data[i * pixels + j] = digits.images[at + j]! - mnistMeanPixel;
	}
	return tensor([indices.length, 1, digits.size, digits.size], data);
}

/** The index of the largest value in each row of logits [N, classes]. */
export function argmaxRows(logits: Tensor): Uint8Array {
	const n = logits.shape[0]!;
	const classes = logits.data.length / n;
	const out = new Uint8Array(n);
	for (let b = 0; b < n; b++) {
		let best = 0;
		for (let c = 1; c < classes; c++) if (logits.data[b * classes + c]! > logits.data[b * classes + best]!) best = c;
		out[b] = best;
	}
	return out;
}

/** Runs the network over every digit (dropout off, paper §4.2) in batches of `batch` and scores it; `use` as in runForward (training: changing). */
export async function evaluate(backend: Backend, summary: NetworkSummary, weights: Weights, digits: Digits, batch = 250, use: WeightsUse = 'fixed'): Promise<Evaluation> {
	const predictions = new Uint8Array(digits.count);
	for (let from = 0; from < digits.count; from += batch) {
		const indices = Array.from({length: Math.min(batch, digits.count - from)}, (_, i) => from + i);
		// The logits are the input of the final softmax: its argmax is the same.
		const until = summary.layers.at(-2)?.layer.name;
		const logits = await forwardTo(summary, weights, backend, digitBatch(digits, indices), {...(until ? {until} : {}), weights: use});
		predictions.set(argmaxRows(logits), from);
	}
	const confusion = Array.from({length: 10}, () => new Array<number>(10).fill(0));
	let right = 0;
	for (let i = 0; i < digits.count; i++) {
		const truth = digits.labels[i]!;
		confusion[truth]![predictions[i]!]!++;
		if (truth === predictions[i]) right++;
	}
	return {accuracy: right / digits.count, predictions, confusion};
}
