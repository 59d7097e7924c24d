import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {KernelRunner} from './kernel-runner.js';
import {shapeKey} from './kernel-shared.js';

/** Inverted dropout, one element per thread: x·mask·scale. */
export const dropoutSource = `function (x, mask) {
  return x[this.thread.x] * mask[this.thread.x] * this.constants.scale;
}`;

/** Inverted dropout: x·mask/(1 − ratio). */
export async function gpujsDropout(r: KernelRunner, x: Tensor, mask: Tensor, ratio: number): Promise<Tensor> {
	if (!(ratio >= 0 && ratio < 1)) throw new RangeError(`dropout: ratio must be in [0, 1), got ${ratio}`);
	if (shapeKey(mask) !== shapeKey(x)) throw new ShapeError(`dropout: mask [${mask.shape.join(', ')}] must match the input [${x.shape.join(', ')}]`);
	const n = x.data.length;
	const scale = 1 / (1 - ratio);
	const spec = () => ({source: dropoutSource, output: [n], constants: {scale}});
	return tensor(x.shape, await r.run('dropout', `${n}|${scale}`, spec, [x.data, mask.data], n));
}
