import type {WeightsUse} from '../backend.js';
import {arrayId} from '../planes.js';
import {compileTransform, winograd} from '../winograd-transforms.js';
import type {simdKernel} from './wasm/gemm-wasm.js';
import {kernelHeap, stridedProduct} from './wasm/gemm-wasm.js';

/**
 * The fast backend's stride-1 3×3 and 5×5 convolutions by Winograd's F(2×2, r×r) (Lavin & Gray 2015), with the
 * matrices of winograd-transforms.ts: each 2×2 output tile from an α×α input patch (α = r + 1) with α² multiplies
 * instead of 4r² (16 for 36, 36 for 100), as α² matrix products M[ξ] = U[ξ]·V[ξ] (filters by channels, channels by
 * tiles) in gemm.wat's kernel, between gemm.wat's input and output transforms (winogradIn, winogradOut, written by
 * scripts/build-winograd-wat.ts: four tiles a step, one per lane). Filters are transformed in TypeScript, once per
 * fixed weights array.
 */

type Kernel = NonNullable<ReturnType<typeof simdKernel>>;

/** The filter sizes that go by Winograd, and each one's transforms. */
const transforms = new Map([3, 5].map((r) => [r, {alpha: r + 1, filter: compileTransform(winograd(2, r).g)}]));

/** Whether a stride-1, undilated convolution with r×r filters (square) goes by Winograd here. */
export function winogradFits(kh: number, kw: number, dilation: number): boolean {
	return kh === kw && dilation === 1 && transforms.has(kh);
}

/** Transformed filters kept per weights array (fixed weights only), at most this many. */
const cache = new Map<string, Float32Array>();
const cacheLimit = 16;

/**
 * U = G·g·Gᵀ of every r×r filter of w ([cout][cinG][r][r]), as [cout][α²][cinG]: each filter's α² rows of its input
 * channels, so a run of filters is a run of U. Kept per array for fixed weights.
 */
export function winogradFilters(w: Float32Array, cout: number, cinG: number, r: number, use: WeightsUse): Float32Array {
	const {alpha, filter} = transforms.get(r)!;
	const key = use === 'fixed' ? `${cout},${cinG},${r}|${arrayId(w)}` : undefined;
	const kept = key === undefined ? undefined : cache.get(key);
	if (kept) return kept;
	const u = new Float32Array(cout * alpha * alpha * cinG);
	for (let co = 0; co < cout; co++) {
		for (let ci = 0; ci < cinG; ci++) filter(w, (co * cinG + ci) * r * r, r, 1, u, co * alpha * alpha * cinG + ci, alpha * cinG, cinG);
	}
	if (key !== undefined) {
		if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
		cache.set(key, u);
	}
	return u;
}

/** The sizes of a Winograd convolution of n images of cin h×w planes, padding p, r×r filters, into cout ho×wo planes in groups. */
export type WinogradGeometry = {
	readonly n: number;
	readonly cin: number;
	readonly h: number;
	readonly w: number;
	readonly pad: number;
	readonly kh: number;
	readonly cout: number;
	readonly groups: number;
	readonly ho: number;
	readonly wo: number;
	/**
	 * Where x is not this convolution's input but the input of a strided one (cin / s² channels of h×w), which
	 * spaceToDepth turns into it: rearranged here on its way into the kernel's memory.
	 */
	readonly blocks?: {readonly stride: number; readonly pad: number; readonly h: number; readonly w: number};
};

const up = (n: number, to: number) => Math.ceil(n / to) * to;

/**
 * y (n × cout × ho × wo) = the r×r convolution of x with the transformed filters u (winogradFilters) plus bias, at
 * stride 1 and padding p; ho and wo may be less than the convolution gives (the rest is not kept).
 */
export function winogradConv(kernel: Kernel, x: Float32Array, u: Float32Array, bias: Float32Array, geo: WinogradGeometry, y: Float32Array): void {
	const {n, cin, h, w, pad: p, kh: r, cout, groups, ho, wo, blocks} = geo;
	const {alpha} = transforms.get(r)!;
	const xis = alpha * alpha;
	const cinG = cin / groups;
	const coutG = cout / groups;
	const m4 = up(coutG, 4);
	// Tiles of 2×2 outputs, rows of them padded to a multiple of 4 (the kernels take 4 a step); t8 columns in the products.
	const ty = Math.ceil(ho / 2);
	const tx4 = up(Math.ceil(wo / 2), 4);
	const tiles = ty * tx4;
	const t8 = up(tiles, 8);
	// Each image's padded planes cover every tile's α×α patch (and the transform's loads, 4 floats wide).
	const hp = 2 * ty + alpha - 2;
	const wp = 2 * tx4 + alpha - 2;
	const planeO = 2 * ty * 2 * tx4;
	const uRow = xis * cinG;
	// U (m4 rows) | V (α² × cinG × t8) | M (α² × m4 × t8) | padded planes | output tiles | biases | the kept outputs |
	// the image's planes as they come.
	const vAt = m4 * uRow;
	const mAt = vAt + xis * cinG * t8;
	const xAt = mAt + xis * m4 * t8;
	const oAt = xAt + cinG * hp * wp + 8;
	const bAt = oAt + m4 * planeO + 8;
	const dAt = bAt + m4;
	const sAt = dAt + coutG * ho * wo + 4;
	// The planes as they come: a strided convolution's have s² fewer channels, each s² times the size (or a little less).
	const given = blocks ? {planes: cinG / blocks.stride ** 2, size: blocks.h * blocks.w} : {planes: cinG, size: h * w};
	const {heap} = kernelHeap(kernel, sAt + given.planes * given.size);
	// Columns past the last tile are computed and never read: zeros, so they hold no stale numbers.
	if (t8 > tiles) heap.fill(0, vAt, mAt);
	const transformIn = kernel[`winogradIn${alpha as 4 | 6}`];
	const transformOut = kernel[`winogradOut${alpha as 4 | 6}`];
	for (let g = 0; g < groups; g++) {
		heap.set(u.subarray(g * coutG * uRow, (g + 1) * coutG * uRow), 0);
		heap.fill(0, coutG * uRow, vAt);
		heap.set(bias.subarray(g * coutG, (g + 1) * coutG), bAt);
		for (let b = 0; b < n; b++) {
			heap.fill(0, xAt, oAt);
			const from = (b * groups + g) * given.planes * given.size;
			heap.set(x.subarray(from, from + given.planes * given.size), sAt);
			if (blocks) kernel.spaceToDepth(sAt * 4, xAt * 4, given.planes, blocks.h, blocks.w, blocks.stride, blocks.pad, h, w, hp, wp, p * wp + p);
			else kernel.pad(sAt * 4, xAt * 4, cinG, h, w, hp, wp, p * wp + p);
			transformIn(xAt * 4, vAt * 4, cinG, hp, wp, ty, tx4, t8, cinG * t8);
			for (let xi = 0; xi < xis; xi++) stridedProduct(kernel, xi * cinG, vAt + xi * cinG * t8, mAt + xi * m4 * t8, m4, cinG, t8, uRow);
			transformOut(mAt * 4, oAt * 4, coutG, ty, tx4, t8, m4 * t8);
			kernel.planes(oAt * 4, dAt * 4, bAt * 4, coutG, planeO, ho, wo, 2 * tx4);
			y.set(heap.subarray(dAt, dAt + coutG * ho * wo), (b * cout + g * coutG) * ho * wo);
		}
	}
}
