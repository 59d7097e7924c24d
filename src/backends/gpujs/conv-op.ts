import {ShapeError} from '../../errors.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs} from '../backend.js';
import {convSizes} from '../nchw.js';
import {padPlanes, placeWeights, roundUp4} from './host-prep.js';
import {conv1Source, conv4Source, type ConvKernelSizes} from './weighted-sources.js';
import type {KernelRunner} from './kernel-runner.js';
import {spaceToDepth} from './space-to-depth.js';
import {gpujsWinogradConv} from './winograd-conv.js';

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
export async function gpujsConv(r: KernelRunner, x: Tensor, w: Tensor, b: Tensor, a: ConvAttrs): Promise<Tensor> {
	const {n, cin, h, w: wd, cout, cinG, kh, kw, ho, wo} = convSizes(x, w, a);
	const {stride: s, pad: p, dilation: d, groups: g} = a;
	if (b.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${b.data.length}`);
	// F(4×4, r×r): 4× (3×3) to 6.3× (5×5) fewer multiplies than direct, ~1.6× faster than F(2×2) here;
	// its worst error on the real layers (3e-4 of outputs up to ~70) is ~3× the direct sums', within tolerance
	if (s === 1 && d === 1 && kh === kw && kh >= 3) return gpujsWinogradConv(r, x, w, b, {m: winogradTile, pad: p, groups: g});
	// strided (conv1): the same stride-1 conv over s² times the channels, then Winograd; direct took 1.5–2× longer
	if (d === 1 && kh === kw && s > 1 && Math.ceil(kh / s) >= 2) {
		const z = spaceToDepth(x, w, s, p);
		return gpujsWinogradConv(r, z.x, z.w, b, {m: winogradTile, pad: 0, groups: g, out: [ho, wo]});
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
	const {at, key} = placeWeights(shape, w.data, b.data);
	const depth = n * (four ? quads : cout);
	const weights = () => r.gpujs.input(four ? regroup(w.data, cout, cinG * kh * kw) : w.data, [four ? kw * 4 : kw, (cout * cinG * kh) / (four ? 4 : 1)]);
	const input = r.gpujs.input(xp, [wp, n * cin * hp]);
	const flat = await r.run(four ? 'conv4' : 'conv', `${shape}|${key}`, () => ({
		source: four ? conv4Source(z, at) : conv1Source(z, at),
		output: [wo4, ho, depth],
		constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined,
		vec4: four,
		threaded: true,
	}), at === 'constants' ? [input] : [input, weights(), b.data], depth * ho * wo4 * (four ? 4 : 1));
	const y = new Float32Array(n * cout * ho * wo);
	if (four) {
		// flat is [n][quad][oy][ox of wo4][4 filters]; y is NCHW
		for (let bq = 0; bq < n * quads; bq++) {
			for (let j = 0; j < 4; j++) {
				const plane = bq * 4 + j; // = b·cout + q·4 + j
				for (let oy = 0; oy < ho; oy++) {
					const from = ((bq * ho + oy) * wo4) * 4 + j;
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
