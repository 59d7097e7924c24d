/**
 * gpu.js kernel sources of the convolution's gradients, each output element gathering its own sum
 * (sizes as literal numbers, the padded input and dy read as rows, as in the forward kernels).
 */

/** Sizes of a convolution's backward pass: input n×cin×h×w padded to hp×wp, output cout×ho×wo, kernel kh×kw. */
export type ConvBackwardSizes = {
	n: number; cin: number; cinG: number; h: number; w: number; hp: number; wp: number;
	cout: number; coutG: number; ho: number; wo: number; kh: number; kw: number; s: number; p: number; d: number;
};

/**
 * dW[co][ci][ky][kx] = Σ_{n, oy, ox} dy[n][co][oy][ox]·x[n][g·cin/g + ci][oy·s − p + ky·d][ox·s − p + kx·d],
 * thread (x=kx, y=ky, z=co·cin/g + ci), over the zero-padded input read as rows x[(n·cin + c)·hp + row][column].
 */
export function convWeightsGradSource(z: ConvBackwardSizes): string {
	return `function (x, dy) {
  const co = Math.floor(this.thread.z / ${z.cinG});
  const ci = this.thread.z - co * ${z.cinG};
  const g = Math.floor(co / ${z.coutG});
  const kys = this.thread.y * ${z.d};
  const kxs = this.thread.x * ${z.d};
  let sum = 0.0;
  for (let b = 0; b < ${z.n}; b++) {
    for (let oy = 0; oy < ${z.ho}; oy++) {
      const xr = (b * ${z.cin} + g * ${z.cinG} + ci) * ${z.hp} + oy * ${z.s} + kys;
      const dr = (b * ${z.cout} + co) * ${z.ho} + oy;
      for (let ox = 0; ox < ${z.wo}; ox++) {
        sum += dy[dr][ox] * x[xr][ox * ${z.s} + kxs];
      }
    }
  }
  return sum;
}`;
}

/**
 * dX[n][c][iy][ix] = Σ over the filters of c's group and the taps (ky, kx) that put (iy, ix) under output
 * (oy, ox) = ((iy + p − ky·d)/s, (ix + p − kx·d)/s) when those divide exactly and fall inside the output.
 * Thread (x=ix, y=iy, z=n·cin + c); weights read as rows w[(co·cin/g + ci)·kh + ky][kx].
 */
export function convInputGradSource(z: ConvBackwardSizes): string {
	return `function (dy, w) {
  const b = Math.floor(this.thread.z / ${z.cin});
  const c = this.thread.z - b * ${z.cin};
  const g = Math.floor(c / ${z.cinG});
  const ci = c - g * ${z.cinG};
  let sum = 0.0;
  for (let j = 0; j < ${z.coutG}; j++) {
    const co = g * ${z.coutG} + j;
    for (let ky = 0; ky < ${z.kh}; ky++) {
      const ty = this.thread.y + ${z.p} - ky * ${z.d};
      const oy = Math.floor(ty / ${z.s});
      if (ty >= 0 && oy * ${z.s} === ty && oy < ${z.ho}) {
        for (let kx = 0; kx < ${z.kw}; kx++) {
          const tx = this.thread.x + ${z.p} - kx * ${z.d};
          const ox = Math.floor(tx / ${z.s});
          if (tx >= 0 && ox * ${z.s} === tx && ox < ${z.wo}) {
            sum += dy[(b * ${z.cout} + co) * ${z.ho} + oy][ox] * w[(co * ${z.cinG} + ci) * ${z.kh} + ky][kx];
          }
        }
      }
    }
  }
  return sum;
}`;
}
