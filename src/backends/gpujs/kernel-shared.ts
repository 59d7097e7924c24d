import {ShapeError} from '../../errors.js';
import type {Tensor} from '../../tensor/tensor.js';

/*
 * What the per-op files of gpu.js share. Kernel sources are kept as text so the bundler's minifier never rewrites
 * them and sizes are literal numbers to the WebAssembly and GLSL compilers; kernels read flat NCHW arrays, and the
 * host side pads inputs so no kernel tests bounds. Backward kernels take weights as arguments: they change every step.
 */

/** Largest flat index a GL kernel addresses exactly: its index arithmetic runs in float32 (24-bit mantissa). */
export const glIndexLimit = 1 << 24;

/** A float32 stand-in for −∞ in max-pool padding: GL textures and kernels handle it, and it never wins a window with a real input. */
export const minusHuge = -3.4e38;

/** A tensor's shape as a cache-key part. */
export function shapeKey(t: Tensor): string {
	return t.shape.join(',');
}

/** Checks that `a` (a gradient, a mask) has `b`'s shape. */
export function sameShape(a: Tensor, b: Tensor, what: string): void {
	if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
		throw new ShapeError(`${what}: expected shape [${b.shape.join(', ')}], got [${a.shape.join(', ')}]`);
	}
}

/**
 * Where a kernel finds its weights: as constants (uploaded once with the kernel: inference) or as
 * arguments (copied in on every call, but one kernel for all values: weights that training changes).
 */
export type WeightsAt = 'constants' | 'arguments';

/** The kernel's parameter list and the names its body reads weights and biases by. */
export function weightRefs(at: WeightsAt): {params: string; w: string; bias: string} {
	return at === 'constants' ? {params: 'x', w: 'this.constants.w', bias: 'this.constants.bias'} : {params: 'x, w, bias', w: 'w', bias: 'bias'};
}

/** A bias gradient: the sum of `count` consecutive values of each of `per` rows of dy, thread x = unit; rows [n][units][count]. */
export function biasGradSource(n: number, units: number, count: number): string {
	return `function (dy) {
  let sum = 0.0;
  for (let b = 0; b < ${n}; b++) {
    for (let t = 0; t < ${count}; t++) {
      sum += dy[b * ${units} + this.thread.x][t];
    }
  }
  return sum;
}`;
}
