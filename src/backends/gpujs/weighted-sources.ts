/**
 * gpu.js kernel sources of the layers with weights (conv, fc), as text with sizes written in as literal
 * numbers; the weights themselves are kernel constants, uploaded once per kernel.
 */

/**
 * Where a kernel finds its weights: as constants (uploaded once with the kernel: inference) or as
 * arguments (copied in on every call, but one kernel for all values: weights that training changes).
 */
export type WeightsAt = 'constants' | 'arguments';

/** The kernel's parameter list and the names its body reads weights and biases by. */
function weightRefs(at: WeightsAt): {params: string; w: string; bias: string} {
	return at === 'constants' ? {params: 'x', w: 'this.constants.w', bias: 'this.constants.bias'} : {params: 'x, w, bias', w: 'w', bias: 'bias'};
}

/** Sizes of a convolution as the conv kernels see them (padded input hp×wp, output rows padded to wo4). */
export type ConvKernelSizes = {
	cin: number; cinG: number; hp: number; wp: number; kh: number; kw: number;
	s: number; d: number; quads: number; quadsPerGroup: number; coutG: number; cout: number;
};

/** Filters up to this many taps are unrolled whole; larger ones (conv1's 11×11) keep a loop over rows, which ran faster. */
const unrollTaps = 25;

/**
 * The loop body over one input channel's filter, unrolled: for each tap (ky, kx) read input v and let
 * `acc(kx)` accumulate it against the weights of column kx in weight row `wr`.
 */
function unrolledFilter(kh: number, kw: number, d: number, acc: (kx: number) => string): string {
	const row = (ky: string) => {
		let out = `    const xr = xb + ${ky} * ${d};\n    const wr = wb + ${ky};\n`;
		for (let kx = 0; kx < kw; kx++) out += `    v = x[xr][oxs + ${kx * d}];\n${acc(kx)}`;
		return out;
	};
	if (kh * kw > unrollTaps) return `    for (let ky = 0; ky < ${kh}; ky++) {\n${row('ky')}    }\n`;
	let out = '';
	for (let ky = 0; ky < kh; ky++) out += `    {\n${row(String(ky))}    }\n`;
	return out;
}

/*
 * Both conv kernels read the padded input as rows (x[row][column], row = (n·cin + c)·hp + y) and the
 * weights as rows of one filter row each (w[row][column]): gpu.js's WebAssembly backend keeps every
 * local in float32 and converts it per array read, but a 2-D read converts the row once for the whole
 * unrolled filter row, which made conv2 1.5× faster than flat indexing; unrolling the filter's rows too
 * of filters up to 5×5 (no inner loops left) took about a fifth more off.
 */

/**
 * Convolution with four output channels per thread (Array(4)): thread (x=ox, y=oy, z=n·quads+q) reads each
 * input value once and uses it four times. Needs cout/groups to be a multiple of 4.
 * Weights arrive regrouped as rows [quad][cin/g][kh] of [kw][4], biases as [cout].
 */
export function conv4Source(z: ConvKernelSizes, at: WeightsAt): string {
	const r = weightRefs(at);
	const acc = (kx: number) => [0, 1, 2, 3].map((j) => `    s${j} += v * ${r.w}[wr][${kx * 4 + j}];\n`).join('');
	return `function (${r.params}) {
  const b = Math.floor(this.thread.z / ${z.quads});
  const q = this.thread.z - b * ${z.quads};
  const g = Math.floor(q / ${z.quadsPerGroup});
  const oys = this.thread.y * ${z.s};
  const oxs = this.thread.x * ${z.s};
  let s0 = ${r.bias}[q * 4];
  let s1 = ${r.bias}[q * 4 + 1];
  let s2 = ${r.bias}[q * 4 + 2];
  let s3 = ${r.bias}[q * 4 + 3];
  let v = 0.0;
  for (let ci = 0; ci < ${z.cinG}; ci++) {
    const xb = (b * ${z.cin} + g * ${z.cinG} + ci) * ${z.hp} + oys;
    const wb = (q * ${z.cinG} + ci) * ${z.kh};
${unrolledFilter(z.kh, z.kw, z.d, acc)}  }
  return [s0, s1, s2, s3];
}`;
}

/** Convolution, one output per thread (x=ox, y=oy, z=n·cout+co), for any groups; weights as rows [cout][cin/g][kh] of [kw]. */
export function conv1Source(z: ConvKernelSizes, at: WeightsAt): string {
	const r = weightRefs(at);
	const acc = (kx: number) => `    s += v * ${r.w}[wr][${kx}];\n`;
	return `function (${r.params}) {
  const b = Math.floor(this.thread.z / ${z.cout});
  const co = this.thread.z - b * ${z.cout};
  const g = Math.floor(co / ${z.coutG});
  const oys = this.thread.y * ${z.s};
  const oxs = this.thread.x * ${z.s};
  let s = ${r.bias}[co];
  let v = 0.0;
  for (let ci = 0; ci < ${z.cinG}; ci++) {
    const xb = (b * ${z.cin} + g * ${z.cinG} + ci) * ${z.hp} + oys;
    const wb = (co * ${z.cinG} + ci) * ${z.kh};
${unrolledFilter(z.kh, z.kw, z.d, acc)}  }
  return s;
}`;
}

/**
 * Fully connected, thread (x=o, y=n): bias + Σ_i x[n, i]·w[o, i], weights [rows][in] from output row `first`.
 * Both arrays are read as rows of `u` values (u divides the input size) with the u reads unrolled, so the
 * WebAssembly backend converts each row index once per u products; and 2-D reads keep the row·width product
 * in integers, where a flat float32 index is wrong past 2^24 (fc6 has 37.7 M weights).
 */
export function fcSource(nin: number, first: number, u: number, at: WeightsAt, parts = 1): string {
	const ref = weightRefs(at);
	const r = nin / u;
	let body = '';
	for (let j = 0; j < u; j++) body += `    s += x[xr][${j}] * ${ref.w}[wr][${j}];\n`;
	if (parts > 1) {
		// thread z sums the z-th of `parts` slices of the inputs; the host adds the slices and the bias
		return `function (${ref.params}) {
  let s = 0.0;
  const i0 = this.thread.z * ${r / parts};
  for (let i = 0; i < ${r / parts}; i++) {
    const xr = this.thread.y * ${r} + i0 + i;
    const wr = this.thread.x * ${r} + i0 + i;
${body}  }
  return s;
}`;
	}
	return `function (${ref.params}) {
  let s = ${ref.bias}[this.thread.x + ${first}];
  for (let i = 0; i < ${r}; i++) {
    const xr = this.thread.y * ${r} + i;
    const wr = this.thread.x * ${r} + i;
${body}  }
  return s;
}`;
}
