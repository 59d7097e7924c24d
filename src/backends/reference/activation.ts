import {tensor, type Tensor} from '../../tensor/tensor.js';
import {checkShape} from '../nchw.js';

/** ReLU, max(0, x), element by element (paper §3.1: it trains several times faster than tanh). */
export function relu(x: Tensor): Tensor {
	const y = new Float32Array(x.data.length);
	for (let i = 0; i < y.length; i++) y[i] = Math.max(x.data[i]!, 0);
	return tensor(x.shape, y);
}

/** Gradient of ReLU: dy passes where x > 0 and stops elsewhere (at x = 0 too, as PyTorch and Caffe do). */
export function reluBackward(x: Tensor, dy: Tensor): Tensor {
	checkShape(dy, x.shape, 'relu backward: dy');
	const dx = new Float32Array(x.data.length);
	for (let i = 0; i < dx.length; i++) dx[i] = x.data[i]! > 0 ? dy.data[i]! : 0;
	return tensor(x.shape, dx);
}

function keepScale(ratio: number): number {
	if (!(ratio >= 0 && ratio < 1)) throw new RangeError(`dropout: ratio must be in [0, 1), got ${ratio}`);
	return 1 / (1 - ratio);
}

/**
 * Inverted dropout: y = x·mask/(1 − ratio), mask being 0 or 1 per unit. Scaling the kept units while
 * training means inference uses x as is; the paper (§4.2) instead halves the outputs at test time.
 */
export function dropout(x: Tensor, mask: Tensor, ratio: number): Tensor {
	checkShape(mask, x.shape, 'dropout mask');
	const scale = keepScale(ratio);
	const y = new Float32Array(x.data.length);
	for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * mask.data[i]! * scale;
	return tensor(x.shape, y);
}

/** Gradient of dropout: the same mask and scale applied to dy. */
export function dropoutBackward(dy: Tensor, mask: Tensor, ratio: number): Tensor {
	return dropout(dy, mask, ratio);
}
