/**
 * gpu.js kernel sources of the ops without weights (conv and fc are in weighted-sources.ts), kept as text
 * so the bundler's minifier never rewrites them and so sizes are literal numbers to the WebAssembly and
 * GLSL compilers. Kernels read flat NCHW arrays; the host side pads inputs so no kernel tests bounds.
 */

/** ReLU, one element per thread. */
export const reluSource = `function (x) {
  return Math.max(x[this.thread.x], 0.0);
}`;

/** Inverted dropout, one element per thread: x·mask·scale. */
export const dropoutSource = `function (x, mask) {
  return x[this.thread.x] * mask[this.thread.x] * this.constants.scale;
}`;

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

/** Max pooling over a padded input (padding holds a huge negative), thread (x=ox, y=oy, z=plane). */
export function maxpoolSource(k: number, s: number, hp: number, wp: number): string {
	return `function (x) {
  const base = (this.thread.z * ${hp} + this.thread.y * ${s}) * ${wp} + this.thread.x * ${s};
  let m = x[base];
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      m = Math.max(m, x[base + ky * ${wp} + kx]);
    }
  }
  return m;
}`;
}

/**
 * Average pooling over a zero-padded input, thread (x=ox, y=oy, z=plane): the window sum divided by the
 * window's area clipped to the padded extent limH×limW (Caffe's AVE pooling, PyTorch's count_include_pad).
 */
export function avgpoolSource(k: number, s: number, hp: number, wp: number, limH: number, limW: number): string {
	return `function (x) {
  const y0 = this.thread.y * ${s};
  const x0 = this.thread.x * ${s};
  const base = (this.thread.z * ${hp} + y0) * ${wp} + x0;
  let sum = 0.0;
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      sum += x[base + ky * ${wp} + kx];
    }
  }
  const area = (Math.min(y0 + ${k}, ${limH}) - y0) * (Math.min(x0 + ${k}, ${limW}) - x0);
  return sum / area;
}`;
}

/**
 * Adaptive average pooling, thread (x=ox, y=oy, z=plane): averages rows ys[oy]…ye[oy]−1 and columns
 * xs[ox]…xe[ox]−1, window bounds computed on the host (constants) so no kernel divides; `kh`×`kw` bound the loops.
 */
export function adaptiveSource(h: number, w: number, kh: number, kw: number): string {
	return `function (x) {
  const y0 = this.constants.ys[this.thread.y];
  const y1 = this.constants.ye[this.thread.y];
  const x0 = this.constants.xs[this.thread.x];
  const x1 = this.constants.xe[this.thread.x];
  let sum = 0.0;
  for (let ty = 0; ty < ${kh}; ty++) {
    for (let tx = 0; tx < ${kw}; tx++) {
      if (y0 + ty < y1 && x0 + tx < x1) {
        sum += x[(this.thread.z * ${h} + y0 + ty) * ${w} + x0 + tx];
      }
    }
  }
  return sum / ((y1 - y0) * (x1 - x0));
}`;
}

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
