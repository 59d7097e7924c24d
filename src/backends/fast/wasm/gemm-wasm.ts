/**
 * The fast backend's matrix product in WebAssembly SIMD (gemm.wat beside this file, 4×8 blocks of f32x4).
 * The bytes below are gemm.wat assembled by wabt's wat2wasm (regenerate with scripts/build-gemm-wasm.mjs after
 * editing it); this wrapper pads the matrices to whole blocks, copies them in, and copies the product out.
 */
const bytes =
	'AGFzbQEAAAABLwRgCn9/f39/f39/f38AYAh/f39/f39/fwBgCX9/f39/f39/fwBgB39/f39/f38AAwcGAAAAAQIDBQMBAAEHRQcGbWVtb3J5AgAEZ2VtbQAABWdlbW10AAEFZ2VtbWkAAgZwbGFuZXMAAwp3aW5vZ3JhZEluAAQLd2lub2dyYWRPdXQABQrxIAbhBQMLfwt7AX8gBkECdCENIAdBAnQhDiAIQQJ0ISACQANAIAogA08NAUEAIQsCQANAIAsgBU8NAf0MAAAAAAAAAAAAAAAAAAAAACEY/QwAAAAAAAAAAAAAAAAAAAAAIRn9DAAAAAAAAAAAAAAAAAAAAAAhGv0MAAAAAAAAAAAAAAAAAAAAACEb/QwAAAAAAAAAAAAAAAAAAAAAIRz9DAAAAAAAAAAAAAAAAAAAAAAhHf0MAAAAAAAAAAAAAAAAAAAAACEe/QwAAAAAAAAAAAAAAAAAAAAAIR8gACAKIA1saiEPIA8gDWohECAQIA1qIREgESANaiESIAEgC0ECdGohEyAEIQwCQANAIAxFDQEgE/0ABAAhFSAT/QAEECEWIA/9CQIAIRcgGCAXIBX95gH95AEhGCAZIBcgFv3mAf3kASEZIBD9CQIAIRcgGiAXIBX95gH95AEhGiAbIBcgFv3mAf3kASEbIBH9CQIAIRcgHCAXIBX95gH95AEhHCAdIBcgFv3mAf3kASEdIBL9CQIAIRcgHiAXIBX95gH95AEhHiAfIBcgFv3mAf3kASEfIA9BBGohDyAQQQRqIRAgEUEEaiERIBJBBGohEiATIA5qIRMgDEEBayEMDAALCyACIAogCGwgC2pBAnRqIRQgCQRAIBggFP0ABAD95AEhGCAZIBT9AAQQ/eQBIRkgGiAUICBq/QAEAP3kASEaIBsgFCAgav0ABBD95AEhGyAcIBQgIEEBdGr9AAQA/eQBIRwgHSAUICBBAXRq/QAEEP3kASEdIB4gFCAgQQNsav0ABAD95AEhHiAfIBQgIEEDbGr9AAQQ/eQBIR8LIBQgGP0LBAAgFCAZ/QsEECAUICBqIRQgFCAa/QsEACAUIBv9CwQQIBQgIGohFCAUIBz9CwQAIBQgHf0LBBAgFCAgaiEUIBQgHv0LBAAgFCAf/QsEECALQQhqIQsMAAsLIApBBGohCgwACwsL7QUDC38LewF/IAdBAnQhDiAIQQJ0ISACQANAIAogA08NAUEAIQsCQANAIAsgBU8NAf0MAAAAAAAAAAAAAAAAAAAAACEY/QwAAAAAAAAAAAAAAAAAAAAAIRn9DAAAAAAAAAAAAAAAAAAAAAAhGv0MAAAAAAAAAAAAAAAAAAAAACEb/QwAAAAAAAAAAAAAAAAAAAAAIRz9DAAAAAAAAAAAAAAAAAAAAAAhHf0MAAAAAAAAAAAAAAAAAAAAACEe/QwAAAAAAAAAAAAAAAAAAAAAIR8gACAKQQJ0aiENIA0oAgAgBmohDyANKAIEIAZqIRAgDSgCCCAGaiERIA0oAgwgBmohEiABIAtBAnRqIRMgBCEMAkADQCAMRQ0BIBP9AAQAIRUgE/0ABBAhFiAP/QkCACEXIBggFyAV/eYB/eQBIRggGSAXIBb95gH95AEhGSAQ/QkCACEXIBogFyAV/eYB/eQBIRogGyAXIBb95gH95AEhGyAR/QkCACEXIBwgFyAV/eYB/eQBIRwgHSAXIBb95gH95AEhHSAS/QkCACEXIB4gFyAV/eYB/eQBIR4gHyAXIBb95gH95AEhHyAPQQRqIQ8gEEEEaiEQIBFBBGohESASQQRqIRIgEyAOaiETIAxBAWshDAwACwsgAiAKIAhsIAtqQQJ0aiEUIAkEQCAYIBT9AAQA/eQBIRggGSAU/QAEEP3kASEZIBogFCAgav0ABAD95AEhGiAbIBQgIGr9AAQQ/eQBIRsgHCAUICBBAXRq/QAEAP3kASEcIB0gFCAgQQF0av0ABBD95AEhHSAeIBQgIEEDbGr9AAQA/eQBIR4gHyAUICBBA2xq/QAEEP3kASEfCyAUIBj9CwQAIBQgGf0LBBAgFCAgaiEUIBQgGv0LBAAgFCAb/QsEECAUICBqIRQgFCAc/QsEACAUIB39CwQQIBQgIGohFCAUIB79CwQAIBQgH/0LBBAgC0EIaiELDAALCyAKQQRqIQoMAAsLC+gFAwx/C3sBfyAGQQJ0IQ0gCEECdCEhAkADQCAKIANPDQFBACELAkADQCALIAVPDQH9DAAAAAAAAAAAAAAAAAAAAAAhGf0MAAAAAAAAAAAAAAAAAAAAACEa/QwAAAAAAAAAAAAAAAAAAAAAIRv9DAAAAAAAAAAAAAAAAAAAAAAhHP0MAAAAAAAAAAAAAAAAAAAAACEd/QwAAAAAAAAAAAAAAAAAAAAAIR79DAAAAAAAAAAAAAAAAAAAAAAhH/0MAAAAAAAAAAAAAAAAAAAAACEgIAAgCiANbGohECAQIA1qIREgESANaiESIBIgDWohEyABIQ4gByALQQJ0aiEPIAQhDAJAA0AgDEUNASAOKAIAIA9qIRQgFP0ABAAhFiAU/QAEECEXIBD9CQIAIRggGSAYIBb95gH95AEhGSAaIBggF/3mAf3kASEaIBH9CQIAIRggGyAYIBb95gH95AEhGyAcIBggF/3mAf3kASEcIBL9CQIAIRggHSAYIBb95gH95AEhHSAeIBggF/3mAf3kASEeIBP9CQIAIRggHyAYIBb95gH95AEhHyAgIBggF/3mAf3kASEgIBBBBGohECARQQRqIREgEkEEaiESIBNBBGohEyAOQQRqIQ4gDEEBayEMDAALCyACIAogCGwgC2pBAnRqIRUgCQRAIBkgFf0ABAD95AEhGSAaIBX9AAQQ/eQBIRogGyAVICFq/QAEAP3kASEbIBwgFSAhav0ABBD95AEhHCAdIBUgIUEBdGr9AAQA/eQBIR0gHiAVICFBAXRq/QAEEP3kASEeIB8gFSAhQQNsav0ABAD95AEhHyAgIBUgIUEDbGr9AAQQ/eQBISALIBUgGf0LBAAgFSAa/QsEECAVICFqIRUgFSAb/QsEACAVIBz9CwQQIBUgIWohFSAVIB39CwQAIBUgHv0LBBAgFSAhaiEVIBUgH/0LBAAgFSAg/QsEECALQQhqIQsMAAsLIApBBGohCgwACwsLoAEDBH8BewJ/IAZBAnQhDSAHQQJ0IQ4CQANAIAggA08NASACIAhBAnRq/QkCACEMIAAgCCAEbEECdGohCUEAIQoCQANAIAogBU8NAUEAIQsCQANAIAsgDU8NASABIAtqIAkgC2r9AAQAIAz95AH9CwQAIAtBEGohCwwACwsgASANaiEBIAkgDmohCSAKQQFqIQoMAAsLIAhBAWohCAwACwsL+AgCCH8keyAEQQJ0IQ8gCEECdCEQAkADQCAJIAJPDQFBACEKAkADQCAKIAVPDQFBACELAkADQCALIAZPDQEgACAJIANsIApBAXRqIARsIAtBAXRqQQJ0aiEMIAxBACAPbGohDSAN/QAEACERIA39AAQQIRIgDf0ABAghEyAN/QAEGCEUIBEgEv0NAAECAwgJCgsQERITGBkaGyEVIBEgEv0NBAUGBwwNDg8UFRYXHB0eHyEWIBMgFP0NAAECAwgJCgsQERITGBkaGyEXIBMgFP0NBAUGBwwNDg8UFRYXHB0eHyEYIAxBASAPbGohDSAN/QAEACERIA39AAQQIRIgDf0ABAghEyAN/QAEGCEUIBEgEv0NAAECAwgJCgsQERITGBkaGyEZIBEgEv0NBAUGBwwNDg8UFRYXHB0eHyEaIBMgFP0NAAECAwgJCgsQERITGBkaGyEbIBMgFP0NBAUGBwwNDg8UFRYXHB0eHyEcIAxBAiAPbGohDSAN/QAEACERIA39AAQQIRIgDf0ABAghEyAN/QAEGCEUIBEgEv0NAAECAwgJCgsQERITGBkaGyEdIBEgEv0NBAUGBwwNDg8UFRYXHB0eHyEeIBMgFP0NAAECAwgJCgsQERITGBkaGyEfIBMgFP0NBAUGBwwNDg8UFRYXHB0eHyEgIAxBAyAPbGohDSAN/QAEACERIA39AAQQIRIgDf0ABAghEyAN/QAEGCEUIBEgEv0NAAECAwgJCgsQERITGBkaGyEhIBEgEv0NBAUGBwwNDg8UFRYXHB0eHyEiIBMgFP0NAAECAwgJCgsQERITGBkaGyEjIBMgFP0NBAUGBwwNDg8UFRYXHB0eHyEkIB0gFf3lASElIBkgHf3kASEpIB0gGf3lASEtICEgGf3lASExIB4gFv3lASEmIBogHv3kASEqIB4gGv3lASEuICIgGv3lASEyIB8gF/3lASEnIBsgH/3kASErIB8gG/3lASEvICMgG/3lASEzICAgGP3lASEoIBwgIP3kASEsICAgHP3lASEwICQgHP3lASE0IAEgCSAHbCAKIAZsIAtqakECdGohDiAOQQAgEGxqICcgJf3lAf0LBAAgDkEBIBBsaiAmICf95AH9CwQAIA5BAiAQbGogJyAm/eUB/QsEACAOQQMgEGxqICggJv3lAf0LBAAgDkEEIBBsaiArICn95QH9CwQAIA5BBSAQbGogKiAr/eQB/QsEACAOQQYgEGxqICsgKv3lAf0LBAAgDkEHIBBsaiAsICr95QH9CwQAIA5BCCAQbGogLyAt/eUB/QsEACAOQQkgEGxqIC4gL/3kAf0LBAAgDkEKIBBsaiAvIC795QH9CwQAIA5BCyAQbGogMCAu/eUB/QsEACAOQQwgEGxqIDMgMf3lAf0LBAAgDkENIBBsaiAyIDP95AH9CwQAIA5BDiAQbGogMyAy/eUB/QsEACAOQQ8gEGxqIDQgMv3lAf0LBAAgC0EEaiELDAALCyAKQQFqIQoMAAsLIAlBAWohCQwACwsLlgUCCH8ceyAGQQJ0IQwgBEEDdCENIANBAXQgDWwhDgJAA0AgByACTw0BQQAhCAJAA0AgCCADTw0BQQAhCQJAA0AgCSAETw0BIAAgByAFbCAIIARsIAlqakECdGohCiAKQQAgDGxq/QAEACETIApBASAMbGr9AAQAIRQgCkECIAxsav0ABAAhFSAKQQMgDGxq/QAEACEWIApBBCAMbGr9AAQAIRcgCkEFIAxsav0ABAAhGCAKQQYgDGxq/QAEACEZIApBByAMbGr9AAQAIRogCkEIIAxsav0ABAAhGyAKQQkgDGxq/QAEACEcIApBCiAMbGr9AAQAIR0gCkELIAxsav0ABAAhHiAKQQwgDGxq/QAEACEfIApBDSAMbGr9AAQAISAgCkEOIAxsav0ABAAhISAKQQ8gDGxq/QAEACEiIBMgF/3kASAb/eQBISMgFyAb/eUBIB/95AEhJyAUIBj95AEgHP3kASEkIBggHP3lASAg/eQBISggFSAZ/eQBIB395AEhJSAZIB395QEgIf3kASEpIBYgGv3kASAe/eQBISYgGiAe/eUBICL95AEhKiAjICT95AEgJf3kASEPICQgJf3lASAm/eQBIRAgJyAo/eQBICn95AEhESAoICn95QEgKv3kASESIAEgByAObCAIQQF0IA1sIAlBA3RqamohCyALIA8gEP0NAAECAxAREhMEBQYHFBUWF/0LBAAgCyAPIBD9DQgJCgsYGRobDA0ODxwdHh/9CwQQIAsgDWohCyALIBEgEv0NAAECAxAREhMEBQYHFBUWF/0LBAAgCyARIBL9DQgJCgsYGRobDA0ODxwdHh/9CwQQIAlBBGohCQwACwsgCEEBaiEIDAALCyAHQQFqIQcMAAsLCw==';

type Kernel = {
	readonly memory: WebAssembly.Memory;
	readonly gemm: (a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number, acc: number) => void;
	readonly gemmi: (a: number, table: number, c: number, m: number, k: number, n: number, lda: number, bj: number, ldc: number, acc: number) => void;
	readonly gemmt: (table: number, b: number, c: number, m: number, k: number, n: number, ak: number, ldb: number, ldc: number, acc: number) => void;
	readonly planes: (c: number, dst: number, bias: number, m: number, n8: number, ho: number, wo: number, wp: number) => void;
	readonly winogradIn: (x: number, v: number, planes: number, hp: number, wp: number, ty: number, tx4: number, vRow: number, vXi: number) => void;
	readonly winogradOut: (m: number, o: number, rows: number, ty: number, tx4: number, mRow: number, mXi: number) => void;
};

/**
 * Block sizes of the product, chosen by measurement on this machine's EPYC cores: a slice of `kc` rows of B by `nc`
 * columns (kc·nc·4 = 128 KiB) stays in L2 while every block of 4 rows of A (4·kc floats, in L1) passes over it.
 */
const kc = 256;
const nc = 128;

/** Calls `visit` for each block of a product over k rows and n columns: a slice from row q of kk rows, columns j to j + nn. */
function eachBlock(k: number, n: number, visit: (q: number, kk: number, j: number, nn: number) => void): void {
	for (let q = 0; q < k; q += kc) for (let j = 0; j < n; j += nc) visit(q, Math.min(kc, k - q), j, Math.min(nc, n - j));
}

/**
 * C[m×n] = A[m×k]·B[k×n] on float offsets into the kernel's memory (m a multiple of 4, n of 8), block by block; rows
 * of A, B and C are lda, ldb and ldc floats apart (by default k, n and n: dense).
 */
export function stridedProduct(kernel: Kernel, a: number, b: number, c: number, m: number, k: number, n: number, lda = k, ldb = n, ldc = n): void {
	eachBlock(k, n, (q, kk, j, nn) => kernel.gemm((a + q) * 4, (b + q * ldb + j) * 4, (c + j) * 4, m, kk, nn, lda, ldb, ldc, q > 0 ? 1 : 0));
}

let kernel: Kernel | null | undefined;

/** The kernel of this thread, or null where WebAssembly SIMD is not available (the caller then uses plain TypeScript). */
export function simdKernel(): Kernel | null {
	if (kernel !== undefined) return kernel;
	try {
		const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(bytes, 'base64')));
		kernel = instance.exports as unknown as Kernel;
	} catch {
		kernel = null;
	}
	return kernel;
}

/**
 * C[m×n] = A[m×k]·B (or C += it with `accumulate`), where B is k×n row-major, or, with `transposed`, stored n×k
 * (so the product is A·Bᵀ). Float32 sums, in another order than the reference's float64 ones.
 */
export function simdGemm(kernel: Kernel, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean, transposed: boolean): void {
	const m4 = Math.ceil(m / 4) * 4;
	const n8 = Math.ceil(n / 8) * 8;
	const offB = m4 * k;
	const offC = offB + k * n8;
	const {heap} = kernelHeap(kernel, offC + m4 * n8);
	heap.set(a.subarray(0, m * k), 0);
	heap.fill(0, m * k, offB); // padding rows of A
	if (transposed) {
		for (let q = 0; q < k; q++) {
			const row = offB + q * n8;
			for (let j = 0; j < n; j++) heap[row + j] = b[j * k + q]!;
			heap.fill(0, row + n, row + n8);
		}
	} else if (n8 === n) heap.set(b.subarray(0, k * n), offB);
	else {
		for (let q = 0; q < k; q++) {
			heap.set(b.subarray(q * n, q * n + n), offB + q * n8);
			heap.fill(0, offB + q * n8 + n, offB + (q + 1) * n8);
		}
	}
	stridedProduct(kernel, 0, offB, offC, m4, k, n8);
	for (let i = 0; i < m; i++) {
		const from = offC + i * n8;
		if (accumulate) for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + heap[from + j]!;
		else c.set(heap.subarray(from, from + n), i * n);
	}
}

/** Where a product's operands and result sit in the kernel's memory: float offsets, and the padded row lengths. */
export type Layout = {readonly heap: Float32Array; readonly a: number; readonly b: number; readonly c: number; readonly k: number; readonly n8: number};

/**
 * C[m×n] = A[m×k]·B[k×n] with A and B written by the caller straight into the kernel's memory (no copies in
 * between): `write` fills A's m rows of k at `a` and B's k rows at `b`, `n8` apart; the padding is zeroed here.
 * Returns the layout, whose C holds the product at `c`, rows `n8` apart.
 */
export function simdProduct(kernel: Kernel, m: number, k: number, n: number, write: (l: Layout) => void): Layout {
	const m4 = Math.ceil(m / 4) * 4;
	const n8 = Math.ceil(n / 8) * 8;
	const offB = m4 * k;
	const offC = offB + k * n8;
	const layout = {heap: kernelHeap(kernel, offC + m4 * n8).heap, a: 0, b: offB, c: offC, k, n8};
	write(layout);
	layout.heap.fill(0, m * k, offB);
	if (n8 > n) for (let q = 0; q < k; q++) layout.heap.fill(0, offB + q * n8 + n, offB + (q + 1) * n8);
	stridedProduct(kernel, 0, offB, offC, m4, k, n8);
	return layout;
}

/**
 * Where a product with table-found rows of B sits in the kernel's memory (float offsets): A's rows at `a` (k floats
 * each), the k row offsets of B at `t` (bytes, as the kernel reads them), a free region of the caller's at `x` (B's
 * rows point into it), the product at `c`, rows `n8` apart, then room for `planes` floats of output at `o` and one
 * bias per row of A at `bias` (for planesOut).
 */
export type TableLayout = {
	readonly heap: Float32Array;
	readonly table: Int32Array;
	readonly a: number;
	readonly t: number;
	readonly x: number;
	readonly c: number;
	readonly o: number;
	readonly bias: number;
	readonly k: number;
	readonly n8: number;
};

/** Lays out a product of m rows of A by n columns, k rows of B found through a table into a region of `region` floats. */
export function tableLayout(kernel: Kernel, m: number, k: number, n: number, region: number, planes = 0): TableLayout {
	const m4 = Math.ceil(m / 4) * 4;
	const n8 = Math.ceil(n / 8) * 8;
	const t = m4 * k;
	const x = t + k;
	const c = x + region;
	// 4 floats of room after C and after the planes: planesOut reads and writes 4 at a time.
	const o = c + m4 * n8 + 4;
	const bias = o + planes + 4;
	const {heap, ints} = kernelHeap(kernel, bias + m4);
	return {heap, table: ints, a: 0, t, x, c, o, bias, k, n8};
}

/**
 * The first m rows of a table layout's product as m output planes of ho×wo, each computed row of wp columns cut to
 * wo and the row's bias (at the layout's `bias`, written by the caller) added, packed at the layout's `o`.
 */
export function planesOut(kernel: Kernel, l: TableLayout, m: number, ho: number, wo: number, wp: number): Float32Array {
	kernel.planes(l.c * 4, l.o * 4, l.bias * 4, m, l.n8, ho, wo, wp);
	return l.heap.subarray(l.o, l.o + m * ho * wo);
}

/** C = A·B on a table layout (A and the table written by the caller), every row of B moved by `shift` floats. */
export function tableProduct(kernel: Kernel, l: TableLayout, m: number, shift: number): void {
	const m4 = Math.ceil(m / 4) * 4;
	eachBlock(l.k, l.n8, (q, kk, j, nn) => kernel.gemmi(q * 4, (l.t + q) * 4, (l.c + j) * 4, m4, kk, nn, l.k, (shift + j) * 4, l.n8, q > 0 ? 1 : 0));
}

/** A kernel's memory (this file's or ops-wasm's) grown to at least `floats` floats, as floats and as 32-bit integers. */
export function kernelHeap(kernel: {readonly memory: WebAssembly.Memory}, floats: number): {readonly heap: Float32Array; readonly ints: Int32Array} {
	const memory = kernel.memory;
	if (memory.buffer.byteLength < floats * 4) memory.grow(Math.ceil((floats * 4 - memory.buffer.byteLength) / 65536));
	return {heap: new Float32Array(memory.buffer), ints: new Int32Array(memory.buffer)};
}

/**
 * C[m×n] = A·B (or C += it with `accumulate`) with A's m rows (m a multiple of 4) found through the table at float
 * offset `t` (byte addresses, each moved by `shift` floats), B dense at `b` and C at `c`, both n (a multiple of 8) wide.
 */
export function tableRowsProduct(kernel: Kernel, t: number, b: number, c: number, m: number, k: number, n: number, shift: number, accumulate: boolean): void {
	eachBlock(k, n, (q, kk, j, nn) => kernel.gemmt(t * 4, (b + q * n + j) * 4, (c + j) * 4, m, kk, nn, (shift + q) * 4, n, n, accumulate || q > 0 ? 1 : 0));
}
