import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {LrnAttrs} from '../backend.js';
import {lrnSizes} from '../nchw.js';
import type {KernelRunner} from './kernel-runner.js';
import {sameShape, shapeKey} from './kernel-shared.js';

/**
 * base^−β without a call out of the kernel where β allows: gpu.js's WebAssembly backend runs Math.pow as a
 * call into JavaScript per lane, but Math.sqrt as one instruction (AlexNet's β = 0.75 is 1/(√b·√√b)).
 */
export function inversePower(beta: number): string {
	if (beta === 0.75) return '1.0 / (Math.sqrt(b) * Math.sqrt(Math.sqrt(b)))';
	if (beta === 0.5) return '1.0 / Math.sqrt(b)';
	if (beta === 1) return '1.0 / b';
	return 'Math.pow(b, -this.constants.beta)';
}

/** Kernel statements that set `plane` and `sum` = Σ a² over the `size` channels around this thread's (x=pixel, y=channel, z=n). */
export function lrnSumOfSquares(c: number, pixels: number, size: number): string {
	const half = (size - 1) / 2;
	return `  const plane = this.thread.z * ${c};
  let sum = 0.0;
  for (let t = 0; t < ${size}; t++) {
    const j = this.thread.y - ${half} + t;
    if (j >= 0 && j < ${c}) {
      const a = x[(plane + j) * ${pixels} + this.thread.x];
      sum += a * a;
    }
  }
`;
}

/** LRN across channels, thread (x=pixel, y=channel, z=n): a / (k + α·Σ a²)^β over the `size` channels around it. */
export function lrnSource(c: number, pixels: number, size: number, beta: number): string {
	return `function (x) {
${lrnSumOfSquares(c, pixels, size)}  const v = x[(plane + this.thread.y) * ${pixels} + this.thread.x];
  const b = this.constants.k + this.constants.alpha * sum;
  return v * ${inversePower(beta)};
}`;
}

/** LRN's denominator base D = k + α·Σ a² per element, thread (x=pixel, y=channel, z=n). */
export function lrnBaseSource(c: number, pixels: number, size: number): string {
	return `function (x) {
${lrnSumOfSquares(c, pixels, size)}  return this.constants.k + this.constants.alpha * sum;
}`;
}

/** LRN's gradient: dy_m·D_m^−β − 2αβ·a_m·Σ_{i near m} dy_i·y_i / D_i (the reference's formula). */
export function lrnBackwardSource(c: number, pixels: number, size: number, beta: number): string {
	const half = (size - 1) / 2;
	return `function (x, y, dy, base) {
  const plane = this.thread.z * ${c};
  let sum = 0.0;
  for (let t = 0; t < ${size}; t++) {
    const i = this.thread.y - ${half} + t;
    if (i >= 0 && i < ${c}) {
      const ai = (plane + i) * ${pixels} + this.thread.x;
      sum += dy[ai] * y[ai] / base[ai];
    }
  }
  const at = (plane + this.thread.y) * ${pixels} + this.thread.x;
  const b = base[at];
  return dy[at] * ${inversePower(beta)} - ${2 * beta} * this.constants.alpha * x[at] * sum;
}`;
}

/** LRN across channels, paper §3.3. */
export async function gpujsLrn(r: KernelRunner, x: Tensor, a: LrnAttrs): Promise<Tensor> {
	const {n, c, h, w} = lrnSizes(x, a);
	const spec = () => ({source: lrnSource(c, h * w, a.size, a.beta), output: [h * w, c, n], constants: {k: a.k, alpha: a.alpha, beta: a.beta}});
	const key = `${shapeKey(x)}|${a.size},${a.alpha},${a.beta},${a.k}`;
	return tensor(x.shape, await r.run('lrn', key, spec, [x.data], x.data.length));
}

/** LRN's gradient, in two passes: the denominators D, then every input's gradient. */
export async function gpujsLrnBackward(r: KernelRunner, x: Tensor, y: Tensor, dy: Tensor, a: LrnAttrs): Promise<Tensor> {
	const {n, c, h, w} = lrnSizes(x, a);
	sameShape(y, x, 'lrn backward: y');
	sameShape(dy, x, 'lrn backward: dy');
	const key = `${x.shape.join(',')}|${a.size},${a.alpha},${a.beta},${a.k}`;
	const output = [h * w, c, n];
	const base = await r.run('lrnBase', key, () => ({source: lrnBaseSource(c, h * w, a.size), output, constants: {k: a.k, alpha: a.alpha}}), [x.data], x.data.length);
	const spec = () => ({source: lrnBackwardSource(c, h * w, a.size, a.beta), output, constants: {alpha: a.alpha, beta: a.beta}});
	return tensor(x.shape, await r.run('lrnBackward', key, spec, [x.data, y.data, dy.data, base], x.data.length));
}
