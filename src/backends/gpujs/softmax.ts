import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {KernelRunner} from './kernel-runner.js';

/** Softmax, pass 1, one thread per batch row: the row's maximum and Σ exp(x − max), as [max, sum, 0, 0]. */
export function softmaxStatsSource(units: number): string {
	return `function (x) {
  const row = this.thread.x * ${units};
  let m = x[row];
  for (let i = 1; i < ${units}; i++) {
    m = Math.max(m, x[row + i]);
  }
  let sum = 0.0;
  for (let i = 0; i < ${units}; i++) {
    sum += Math.exp(x[row + i] - m);
  }
  return [m, sum, 0.0, 0.0];
}`;
}

/** Softmax, pass 2, thread (x=unit, y=row): exp(x − max) / sum with the row's stats as [max, sum, 0, 0] quads. */
export function softmaxApplySource(units: number): string {
	return `function (x, stats) {
  const m = stats[this.thread.y * 4];
  const sum = stats[this.thread.y * 4 + 1];
  return Math.exp(x[this.thread.y * ${units} + this.thread.x] - m) / sum;
}`;
}

/** Softmax cross-entropy's gradient, thread (x=unit, y=row): (p − onehot(label)) / N with the rows' [max, sum] stats. */
export function softmaxCrossEntropyGradSource(units: number, n: number): string {
	return `function (x, stats, labels) {
  const m = stats[this.thread.y * 4];
  const sum = stats[this.thread.y * 4 + 1];
  const p = Math.exp(x[this.thread.y * ${units} + this.thread.x] - m) / sum;
  const hit = this.thread.x === labels[this.thread.y] ? 1.0 : 0.0;
  return (p - hit) / ${n};
}`;
}

/** Softmax over each batch row, in two passes: the row's max and Σ exp, then every unit. */
export async function gpujsSoftmax(r: KernelRunner, x: Tensor): Promise<Tensor> {
	const n = x.shape[0];
	if (x.shape.length < 2 || n === undefined || n === 0) throw new ShapeError(`softmax: expected [N, units], got [${x.shape.join(', ')}]`);
	const units = x.data.length / n;
	const stats = await r.run('softmaxStats', `${n},${units}`, () => ({source: softmaxStatsSource(units), output: [n], vec4: true}), [x.data], n * 4);
	const spec = () => ({source: softmaxApplySource(units), output: [units, n]});
	return tensor(x.shape, await r.run('softmax', `${n},${units}`, spec, [x.data, stats], x.data.length));
}

/** Mean softmax cross-entropy and its gradient; the loss is summed from each row's max and Σ exp on the host. */
export async function gpujsSoftmaxCrossEntropy(r: KernelRunner, logits: Tensor, labels: Int32Array): Promise<{loss: number; dlogits: Tensor}> {
	const n = logits.shape[0];
	if (logits.shape.length < 2 || n === undefined || n === 0) throw new ShapeError(`softmax cross-entropy: expected [N, units], got [${logits.shape.join(', ')}]`);
	if (labels.length !== n) throw new ShapeError(`softmax cross-entropy: ${n} rows of logits but ${labels.length} labels`);
	const units = logits.data.length / n;
	for (const label of labels) {
		if (label < 0 || label >= units) throw new RangeError(`softmax cross-entropy: label ${label} is not a class in 0…${units - 1}`);
	}
	const stats = await r.run('softmaxStats', `${n},${units}`, () => ({source: softmaxStatsSource(units), output: [n], vec4: true}), [logits.data], n * 4);
	let loss = 0;
	for (let b = 0; b < n; b++) loss += stats[b * 4]! + Math.log(stats[b * 4 + 1]!) - logits.data[b * units + labels[b]!]!;
	const spec = () => ({source: softmaxCrossEntropyGradSource(units, n), output: [units, n]});
	const dlogits = await r.run('softmaxCrossEntropyGrad', `${n},${units}`, spec, [logits.data, stats, Float32Array.from(labels)], logits.data.length);
	return {loss: loss / n, dlogits: tensor(logits.shape, dlogits)};
}
