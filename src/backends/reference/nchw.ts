import {ShapeError} from '../../errors.js';
import type {Tensor} from '../../tensor/tensor.js';

/** The four dimensions [N, C, H, W] of a rank-4 tensor (or [cout, cin/g, kh, kw] of conv weights); `what` names it in the error. */
export function nchw(t: Tensor, what: string): [number, number, number, number] {
	const [n, c, h, w] = t.shape;
	if (t.shape.length !== 4 || n === undefined || c === undefined || h === undefined || w === undefined) {
		throw new ShapeError(`${what} must have 4 dimensions (N, C, H, W), got [${t.shape.join(', ')}]`);
	}
	return [n, c, h, w];
}

/** Checks that a tensor has the expected shape (a gradient and its activation, a mask and its input); `what` names it. */
export function checkShape(t: Tensor, shape: readonly number[], what: string): void {
	if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
		throw new ShapeError(`${what}: expected shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
	}
}
