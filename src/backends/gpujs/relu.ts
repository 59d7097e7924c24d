import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {KernelRunner} from './kernel-runner.js';
import {sameShape} from './kernel-shared.js';

/** ReLU, one element per thread. */
export const reluSource = `function (x) {
  return Math.max(x[this.thread.x], 0.0);
}`;

/** ReLU's gradient: dy where x > 0, else 0. */
export const reluBackwardSource = `function (x, dy) {
  return x[this.thread.x] > 0.0 ? dy[this.thread.x] : 0.0;
}`;

/** ReLU, one element per thread. */
export async function gpujsRelu(r: KernelRunner, x: Tensor): Promise<Tensor> {
	const n = x.data.length;
	return tensor(x.shape, await r.run('relu', String(n), () => ({source: reluSource, output: [n]}), [x.data], n));
}

/** ReLU's gradient. */
export async function gpujsReluBackward(r: KernelRunner, x: Tensor, dy: Tensor): Promise<Tensor> {
	sameShape(dy, x, 'relu backward: dy');
	const n = x.data.length;
	return tensor(x.shape, await r.run('reluBackward', String(n), () => ({source: reluBackwardSource, output: [n]}), [x.data, dy.data], n));
}
