import type {WeightsUse} from '../backend.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import {arrayId, padPlanes} from '../planes.js';
import {placeWeights, roundUp4} from './host-prep.js';
import type {KernelRunner} from './kernel-runner.js';
import {compileTransform, winograd, type Transform2d, type Winograd} from '../winograd-transforms.js';
import type {WeightsAt} from './kernel-shared.js';

/** A stride-1, undilated convolution as the Winograd path sees it. */
export type WinogradConv = {
	readonly m: number;
	readonly pad: number;
	readonly groups: number;
	readonly weights: WeightsUse;
	/** Output rows and columns to keep, when fewer than the stride-1 convolution gives (a space-to-depth one). */
	readonly out?: readonly [number, number];
};

type Compiled = {readonly w: Winograd; readonly input: Transform2d; readonly filter: Transform2d; readonly output: Transform2d};
const compiled = new Map<string, Compiled>();

function transforms(m: number, r: number): Compiled {
	const key = `${m},${r}`;
	let c = compiled.get(key);
	if (!c) {
		const w = winograd(m, r);
		compiled.set(key, (c = {w, input: compileTransform(w.bt), filter: compileTransform(w.g), output: compileTransform(w.at)}));
	}
	return c;
}

/** Transformed filters kept per weights array (a forward pass transforms each layer's weights once). */
const filterCache = new Map<string, Float32Array>();
const filterCacheLimit = 16;

/**
 * The batched products M[ξ][k][t] = Σ_c U[ξ][k][c]·V[ξ][c][t], thread (x = tile t, y = quad of filters,
 * z = ξ): each lane-varying read of V (a gather on WebAssembly) feeds four filters, and the reads of U are
 * the same for the four lanes. V arrives as rows [ξ][cin] of tiles, U as rows [ξ][quad][cin/g ÷ u] of [u][4].
 */
export function winogradGemmSource(cin: number, cinG: number, quads: number, quadsPerGroup: number, u: number, at: WeightsAt): string {
	const uRef = at === 'constants' ? 'this.constants.u' : 'u';
	let body = '';
	for (let k = 0; k < u; k++) {
		body += `    e = v[vr + ${k}][this.thread.x];\n`;
		for (let j = 0; j < 4; j++) body += `    s${j} += e * ${uRef}[ur][${k * 4 + j}];\n`;
	}
	return `function (v${at === 'constants' ? '' : ', u'}) {
  const q = this.thread.y;
  const g = Math.floor(q / ${quadsPerGroup});
  const vb = this.thread.z * ${cin} + g * ${cinG};
  const ub = (this.thread.z * ${quads} + q) * ${cinG / u};
  let s0 = 0.0;
  let s1 = 0.0;
  let s2 = 0.0;
  let s3 = 0.0;
  let e = 0.0;
  for (let c = 0; c < ${cinG / u}; c++) {
    const vr = vb + c * ${u};
    const ur = ub + c;
${body}  }
  return [s0, s1, s2, s3];
}`;
}

/** Filters [cout][cin/g][r][r] → U as [ξ][quad][cin/g][4], each group's filters padded to a multiple of 4 with zeros. */
function transformFilters(t: Compiled, w: Float32Array, cout: number, cinG: number, groups: number, quads: number): Float32Array {
	const {alpha, r} = t.w;
	const coutG = cout / groups;
	const coutG4 = roundUp4(coutG);
	const u = new Float32Array(alpha * alpha * quads * cinG * 4);
	const dcs = quads * cinG * 4;
	for (let co = 0; co < cout; co++) {
		const co4 = Math.floor(co / coutG) * coutG4 + (co % coutG);
		for (let c = 0; c < cinG; c++) t.filter(w, (co * cinG + c) * r * r, r, 1, u, ((co4 >> 2) * cinG + c) * 4 + (co4 & 3), alpha * dcs, dcs);
	}
	return u;
}

/**
 * Stride-1 convolution by Winograd's F(m×m, r×r) (Lavin & Gray 2015): input and output transforms on the
 * host, the α² batched products — (m + r − 1)²/(m²r²) of the direct method's multiplies — in one gpu.js kernel.
 */
export async function gpujsWinogradConv(r: KernelRunner, x: Tensor, w: Tensor, b: Tensor, a: WinogradConv): Promise<Tensor> {
	const [n, cin, h, wd] = x.shape as [number, number, number, number];
	const [cout, cinG, k] = w.shape as [number, number, number, number];
	const {m, pad: p, groups: g} = a;
	const t = transforms(m, k);
	const alpha = t.w.alpha;
	const ho = a.out?.[0] ?? h + 2 * p - k + 1;
	const wo = a.out?.[1] ?? wd + 2 * p - k + 1;
	const th = Math.ceil(ho / m);
	const tw = Math.ceil(wo / m);
	const tiles = roundUp4(n * th * tw);
	const hp = th * m + k - 1;
	const wp = tw * m + k - 1;
	const xp = padPlanes(x.data, n * cin, h, wd, hp, wp, p, 0);
	const v = new Float32Array(alpha * alpha * cin * tiles);
	const vcs = cin * tiles;
	for (let bi = 0; bi < n; bi++) {
		for (let c = 0; c < cin; c++) {
			for (let ty = 0; ty < th; ty++) {
				for (let tx = 0; tx < tw; tx++) {
					t.input(xp, ((bi * cin + c) * hp + ty * m) * wp + tx * m, wp, 1, v, c * tiles + (bi * th + ty) * tw + tx, alpha * vcs, vcs);
				}
			}
		}
	}
	const coutG = cout / g;
	const quadsPerGroup = roundUp4(coutG) / 4;
	const quads = g * quadsPerGroup;
	const shape = `${cin},${cout},${cinG},${k},${g},${m}`;
	const {at, key} = placeWeights(a.weights, w.data);
	const wkey = `${shape}|${arrayId(w.data)}`;
	let uT = at === 'constants' ? filterCache.get(wkey) : undefined;
	if (!uT) {
		uT = transformFilters(t, w.data, cout, cinG, g, quads);
		// weights that change every step (arguments) would only fill the cache with stale transforms
		if (at === 'constants') {
			if (filterCache.size >= filterCacheLimit) filterCache.delete(filterCache.keys().next().value!);
			filterCache.set(wkey, uT);
		}
	}
	const unroll = [8, 4, 2, 1].find((u) => cinG % u === 0)!;
	const uIn = r.gpujs.input(uT, [unroll * 4, (alpha * alpha * quads * cinG) / unroll]);
	const vIn = r.gpujs.input(v, [tiles, alpha * alpha * cin]);
	const length = alpha * alpha * quads * tiles * 4;
	const flat = await r.run(
		'winograd',
		`${shape}|${n},${h},${wd},${p}|${key}`,
		() => ({
			source: winogradGemmSource(cin, cinG, quads, quadsPerGroup, unroll, at),
			output: [tiles, quads, alpha * alpha],
			constants: at === 'constants' ? {u: uIn} : undefined,
			vec4: true,
			threaded: true,
		}),
		at === 'constants' ? [vIn] : [vIn, uIn],
		length,
	);
	// flat is M[ξ][quad][tile][4]; each filter's tiles go back through Aᵀ·M·A, then crop and bias
	const full = new Float64Array(m * m);
	const y = new Float32Array(n * cout * ho * wo);
	const mcs = quads * tiles * 4;
	for (let bi = 0; bi < n; bi++) {
		for (let co = 0; co < cout; co++) {
			const co4 = Math.floor(co / coutG) * roundUp4(coutG) + (co % coutG);
			const bias = b.data[co]!;
			const plane = (bi * cout + co) * ho * wo;
			for (let ty = 0; ty < th; ty++) {
				for (let tx = 0; tx < tw; tx++) {
					t.output(flat, ((co4 >> 2) * tiles + (bi * th + ty) * tw + tx) * 4 + (co4 & 3), alpha * mcs, mcs, full, 0, m, 1);
					const rows = Math.min(m, ho - ty * m);
					const cols = Math.min(m, wo - tx * m);
					for (let i = 0; i < rows; i++) {
						const to = plane + (ty * m + i) * wo + tx * m;
						for (let j = 0; j < cols; j++) y[to + j] = full[i * m + j]! + bias;
					}
				}
			}
		}
	}
	return tensor([n, cout, ho, wo], y);
}
