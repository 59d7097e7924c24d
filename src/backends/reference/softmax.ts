import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';

/** Batch size and units per row of x [N, units…]. */
function rows(x: Tensor, what: string) {
	const n = x.shape[0];
	if (x.shape.length < 2 || n === undefined || n === 0) throw new ShapeError(`${what}: expected [N, units], got [${x.shape.join(', ')}]`);
	return {n, units: x.data.length / n};
}

/** Writes softmax of row b of x into p (float64), and returns log Σ exp(x) of that row. */
function softmaxRow(x: Float32Array, b: number, units: number, p: Float64Array): number {
	// Subtracting the row's maximum leaves softmax unchanged and keeps exp() from overflowing.
	let max = -Infinity;
	for (let i = 0; i < units; i++) max = Math.max(max, x[b * units + i]!);
	let sum = 0;
	for (let i = 0; i < units; i++) {
		p[i] = Math.exp(x[b * units + i]! - max);
		sum += p[i]!;
	}
	for (let i = 0; i < units; i++) p[i]! /= sum;
	return max + Math.log(sum);
}

/** Softmax over each batch row: p_i = exp(x_i) / Σ_j exp(x_j), probabilities that sum to 1. */
export function softmax(x: Tensor): Tensor {
	const {n, units} = rows(x, 'softmax');
	const y = new Float32Array(x.data.length);
	const p = new Float64Array(units);
	for (let b = 0; b < n; b++) {
		softmaxRow(x.data, b, units, p);
		y.set(p, b * units);
	}
	return tensor(x.shape, y);
}

/**
 * Mean cross-entropy of softmax(logits) against integer labels, L = (1/N)·Σ_b −log p[b, label_b],
 * and its gradient ∂L/∂logits = (p − onehot(label))/N: the softmax and the log cancel into that difference.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Int32Array): {loss: number; dlogits: Tensor} {
	const {n, units} = rows(logits, 'softmax cross-entropy');
	if (labels.length !== n) throw new ShapeError(`softmax cross-entropy: ${n} rows of logits but ${labels.length} labels`);
	const dlogits = new Float32Array(logits.data.length);
	const p = new Float64Array(units);
	let loss = 0;
	for (let b = 0; b < n; b++) {
		const label = labels[b]!;
		if (label < 0 || label >= units) throw new RangeError(`softmax cross-entropy: label ${label} is not a class in 0…${units - 1}`);
		const logSumExp = softmaxRow(logits.data, b, units, p);
		loss += logSumExp - logits.data[b * units + label]!; // −log p[label], without rounding p first
		for (let i = 0; i < units; i++) dlogits[b * units + i] = (p[i]! - (i === label ? 1 : 0)) / n;
	}
	return {loss: loss / n, dlogits: tensor(logits.shape, dlogits)};
}
