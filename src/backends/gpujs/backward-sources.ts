/**
 * gpu.js kernel sources of the backward ops (training), one output element per thread, each gathering
 * what flows into it (a GPU thread cannot add into another's output). Sizes are literal numbers.
 */
import {inversePower, lrnSumOfSquares} from './kernel-sources.js';

/** ReLU's gradient: dy where x > 0, else 0. */
export const reluBackwardSource = `function (x, dy) {
  return x[this.thread.x] > 0.0 ? dy[this.thread.x] : 0.0;
}`;

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

/** Where each max-pool window's maximum sits (row·wp + column in the padded plane; the first on a tie), thread (x=ox, y=oy, z=plane). */
export function maxpoolArgmaxSource(k: number, s: number, hp: number, wp: number): string {
	return `function (x) {
  const y0 = this.thread.y * ${s};
  const x0 = this.thread.x * ${s};
  const base = (this.thread.z * ${hp} + y0) * ${wp} + x0;
  let m = x[base];
  let at = y0 * ${wp} + x0;
  for (let ky = 0; ky < ${k}; ky++) {
    for (let kx = 0; kx < ${k}; kx++) {
      const v = x[base + ky * ${wp} + kx];
      if (v > m) {
        m = v;
        at = (y0 + ky) * ${wp} + x0 + kx;
      }
    }
  }
  return at;
}`;
}

/** Max pooling's gradient, thread (x=ix, y=iy, z=plane): the dy of every window whose maximum is this input. */
export function maxpoolBackwardSource(k: number, s: number, p: number, ho: number, wo: number, wo4: number, wp: number): string {
	const t = Math.ceil(k / s);
	return `function (arg, dy) {
  const py = this.thread.y + ${p};
  const px = this.thread.x + ${p};
  const me = py * ${wp} + px;
  let sum = 0.0;
  for (let ty = 0; ty < ${t}; ty++) {
    const oy = Math.floor(py / ${s}) - ty;
    if (oy >= 0 && oy < ${ho} && oy * ${s} + ${k} > py) {
      for (let tx = 0; tx < ${t}; tx++) {
        const ox = Math.floor(px / ${s}) - tx;
        if (ox >= 0 && ox < ${wo} && ox * ${s} + ${k} > px) {
          if (arg[(this.thread.z * ${ho} + oy) * ${wo4} + ox] === me) {
            sum += dy[(this.thread.z * ${ho} + oy) * ${wo} + ox];
          }
        }
      }
    }
  }
  return sum;
}`;
}

/** fc: dx[n][i] = Σ_o dy[n][o]·w[o][i], thread (x=i, y=n). */
export function fcBackwardInputSource(nout: number): string {
	return `function (dy, w) {
  let sum = 0.0;
  for (let o = 0; o < ${nout}; o++) {
    sum += dy[this.thread.y][o] * w[o][this.thread.x];
  }
  return sum;
}`;
}

/** fc: dw[o][i] = Σ_n dy[n][o]·x[n][i], thread (x=i, y=o). */
export function fcBackwardWeightsSource(n: number): string {
	return `function (dy, x) {
  let sum = 0.0;
  for (let b = 0; b < ${n}; b++) {
    sum += dy[b][this.thread.y] * x[b][this.thread.x];
  }
  return sum;
}`;
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
