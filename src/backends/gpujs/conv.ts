import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads, WeightsUse} from '../backend.js';
import {convSizes} from '../nchw.js';
import {padPlanes} from '../planes.js';
import {placeWeights, roundUp4} from './host-prep.js';
import type {KernelRunner} from './kernel-runner.js';
import {biasGradSource, sameShape, weightRefs, type WeightsAt} from './kernel-shared.js';
import {spaceToDepth} from '../space-to-depth.js';
import {gpujsWinogradConv} from './winograd-conv.js';

/** Sizes of a convolution as the conv kernels see them (padded input hp×wp, output rows padded to wo4). */
export type ConvKernelSizes = {
	cin: number;
	cinG: number;
	hp: number;
	wp: number;
	kh: number;
	kw: number;
	s: number;
	d: number;
	quads: number;
	quadsPerGroup: number;
	coutG: number;
	cout: number;
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

/** Sizes of a convolution's backward pass: input n×cin×h×w padded to hp×wp, output cout×ho×wo, kernel kh×kw. */
export type ConvBackwardSizes = {
	n: number;
	cin: number;
	cinG: number;
	h: number;
	w: number;
	hp: number;
	wp: number;
	cout: number;
	coutG: number;
	ho: number;
	wo: number;
	kh: number;
	kw: number;
	s: number;
	p: number;
	d: number;
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

/** Output tile of the Winograd convolutions: F(4×4, r×r). */
const winogradTile = 4;

/** Regroups weights [cout][cin/g][kh][kw] as [cout/4][cin/g][kh][kw][4], so a thread's four filters sit side by side. */
function regroup(w: Float32Array, cout: number, perFilter: number): Float32Array {
	const out = new Float32Array(w.length);
	for (let co = 0; co < cout; co++) {
		const q = co >> 2;
		const j = co & 3;
		for (let t = 0; t < perFilter; t++) out[(q * perFilter + t) * 4 + j] = w[co * perFilter + t]!;
	}
	return out;
}

/**
 * Convolution on gpu.js: the input is zero-padded on the host (so the kernel has no bounds tests) and its
 * output rows are padded to a multiple of 4 wide (SIMD and threads on WebAssembly); filters go four per
 * thread where each group's filter count allows, and weights are kernel constants, uploaded once.
 */
export async function gpujsConv(r: KernelRunner, x: Tensor, w: Tensor, b: Tensor, a: ConvAttrs, use: WeightsUse = 'fixed'): Promise<Tensor> {
	const {n, cin, h, w: wd, cout, cinG, kh, kw, ho, wo} = convSizes(x, w, a);
	const {stride: s, pad: p, dilation: d, groups: g} = a;
	if (b.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${b.data.length}`);
	// F(4×4, r×r): 4× (3×3) to 6.3× (5×5) fewer multiplies than direct, ~1.6× faster than F(2×2) here;
	// its worst error on the real layers (3e-4 of outputs up to ~70) is ~3× the direct sums', within tolerance
	if (s === 1 && d === 1 && kh === kw && kh >= 3) return gpujsWinogradConv(r, x, w, b, {m: winogradTile, pad: p, groups: g, weights: use});
	// strided (conv1): the same stride-1 conv over s² times the channels, then Winograd; direct took 1.5–2× longer
	if (d === 1 && kh === kw && s > 1 && Math.ceil(kh / s) >= 2) {
		const z = spaceToDepth(x, w, s, p, use);
		// Its filters are a new array each call when the weights change, so the kernel must take them as arguments.
		return gpujsWinogradConv(r, z.x, z.w, b, {m: winogradTile, pad: 0, groups: g, out: [ho, wo], weights: use});
	}
	const wo4 = roundUp4(wo);
	const hp = (ho - 1) * s + (kh - 1) * d + 1;
	const wp = (wo4 - 1) * s + (kw - 1) * d + 1;
	const xp = padPlanes(x.data, n * cin, h, wd, hp, wp, p, 0);
	const coutG = cout / g;
	const four = coutG % 4 === 0;
	const quads = cout / 4;
	const z: ConvKernelSizes = {cin, cinG, hp, wp, kh, kw, s, d, quads, quadsPerGroup: coutG / 4, coutG, cout};
	const shape = `${n},${cin},${h},${wd}|${cout},${cinG},${kh},${kw}|${s},${p},${d},${g}`;
	const {at, key} = placeWeights(use, w.data, b.data);
	const depth = n * (four ? quads : cout);
	const weights = () => r.gpujs.input(four ? regroup(w.data, cout, cinG * kh * kw) : w.data, [four ? kw * 4 : kw, (cout * cinG * kh) / (four ? 4 : 1)]);
	const input = r.gpujs.input(xp, [wp, n * cin * hp]);
	const flat = await r.run(
		four ? 'conv4' : 'conv',
		`${shape}|${key}`,
		() => ({
			source: four ? conv4Source(z, at) : conv1Source(z, at),
			output: [wo4, ho, depth],
			constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined,
			vec4: four,
			threaded: true,
		}),
		at === 'constants' ? [input] : [input, weights(), b.data],
		depth * ho * wo4 * (four ? 4 : 1),
	);
	const y = new Float32Array(n * cout * ho * wo);
	if (four) {
		// flat is [n][quad][oy][ox of wo4][4 filters]; y is NCHW
		for (let bq = 0; bq < n * quads; bq++) {
			for (let j = 0; j < 4; j++) {
				const plane = bq * 4 + j; // = b·cout + q·4 + j
				for (let oy = 0; oy < ho; oy++) {
					const from = (bq * ho + oy) * wo4 * 4 + j;
					const to = (plane * ho + oy) * wo;
					for (let ox = 0; ox < wo; ox++) y[to + ox] = flat[from + ox * 4]!;
				}
			}
		}
	} else {
		for (let row = 0; row < n * cout * ho; row++) y.set(flat.subarray(row * wo4, row * wo4 + wo), row * wo);
	}
	return tensor([n, cout, ho, wo], y);
}

/** Convolution's gradients: dW and dx each gathered per element, db summed per filter. */
export async function gpujsConvBackward(r: KernelRunner, x: Tensor, w: Tensor, dy: Tensor, a: ConvAttrs): Promise<ParamGrads> {
	const {n, cin, h, w: wd, cout, cinG, kh, kw, ho, wo} = convSizes(x, w, a);
	const {stride: s, pad: p, dilation: d, groups: g} = a;
	sameShape(dy, tensor([n, cout, ho, wo]), 'conv backward: dy');
	const hp = (ho - 1) * s + (kh - 1) * d + 1;
	const wp = (wo - 1) * s + (kw - 1) * d + 1;
	const z: ConvBackwardSizes = {n, cin, cinG, h, w: wd, hp, wp, cout, coutG: cout / g, ho, wo, kh, kw, s, p, d};
	const key = `${x.shape.join(',')}|${w.shape.join(',')}|${s},${p},${d},${g}`;
	const dyRows = r.gpujs.input(dy.data, [wo, n * cout * ho]);
	const xRows = r.gpujs.input(padPlanes(x.data, n * cin, h, wd, hp, wp, p, 0), [wp, n * cin * hp]);
	const dw = await r.run('convBackwardWeights', key, () => ({source: convWeightsGradSource(z), output: [kw, kh, cout * cinG], threaded: true}), [xRows, dyRows], w.data.length);
	const wRows = r.gpujs.input(w.data, [kw, cout * cinG * kh]);
	const dx = await r.run('convBackwardInput', key, () => ({source: convInputGradSource(z), output: [wd, h, n * cin], threaded: true}), [dyRows, wRows], x.data.length);
	const db = await r.run('convBackwardBias', key, () => ({source: biasGradSource(n, cout, ho * wo), output: [cout]}), [r.gpujs.input(dy.data, [ho * wo, n * cout])], cout);
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([cout], db)};
}
