import {simdGemm, simdKernel} from './wasm/gemm-wasm.js';

/**
 * Matrix products for the fast CPU backend, row-major, in plain TypeScript. Each works on 4×4 blocks of C
 * held in 16 local variables, so every number loaded from A or B is used four times before it is dropped:
 * that, not any trick of the language, is what makes these several times faster than the reference loops.
 */

/** C[m×n] = A[m×k]·B[k×n] (or C += A·B when `accumulate`); every matrix row-major. WebAssembly SIMD where it runs. */
export function gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
	const simd = simdKernel();
	if (simd && !plainOnly.value) return simdGemm(simd, a, b, c, m, k, n, accumulate, false);
	gemmJs(a, b, c, m, k, n, accumulate);
}

/** Set to true to run the plain-TypeScript products only (tests compare the two). */
export const plainOnly = {value: false};

/** gemm in plain TypeScript. */
export function gemmJs(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
	// With few rows of A a packed strip of B is reused too rarely to repay the copy (measured: faster below ~32 rows).
	if (m < 32) return gemmUnpacked(a, b, c, m, k, n, accumulate);
	// B's next four columns, packed so the inner loop reads them from one short contiguous strip.
	const panel = new Float32Array(k * 4);
	for (let j = 0; j < n; j += 4) {
		const w = Math.min(4, n - j);
		for (let q = 0; q < k; q++) {
			const row = q * n + j;
			for (let jj = 0; jj < 4; jj++) panel[q * 4 + jj] = jj < w ? b[row + jj]! : 0;
		}
		for (let i = 0; i < m; i += 4) {
			const h = Math.min(4, m - i);
			// Rows past the end of A repeat the last row; their sums are computed and thrown away.
			const a0 = i * k;
			const a1 = (h > 1 ? i + 1 : i) * k;
			const a2 = (h > 2 ? i + 2 : i) * k;
			const a3 = (h > 3 ? i + 3 : i) * k;
			let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
			let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
			for (let q = 0, p = 0; q < k; q++, p += 4) {
				const b0 = panel[p]!, b1 = panel[p + 1]!, b2 = panel[p + 2]!, b3 = panel[p + 3]!;
				const x0 = a[a0 + q]!, x1 = a[a1 + q]!, x2 = a[a2 + q]!, x3 = a[a3 + q]!;
				c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
				c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
				c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
				c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
			}
			store(c, i * n + j, w, accumulate, c00, c01, c02, c03);
			if (h > 1) store(c, (i + 1) * n + j, w, accumulate, c10, c11, c12, c13);
			if (h > 2) store(c, (i + 2) * n + j, w, accumulate, c20, c21, c22, c23);
			if (h > 3) store(c, (i + 3) * n + j, w, accumulate, c30, c31, c32, c33);
		}
	}
}

/** gemm reading B's four columns in place, row after row, instead of from a packed strip. */
function gemmUnpacked(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
	for (let i = 0; i < m; i += 4) {
		const h = Math.min(4, m - i);
		const a0 = i * k;
		const a1 = (h > 1 ? i + 1 : i) * k;
		const a2 = (h > 2 ? i + 2 : i) * k;
		const a3 = (h > 3 ? i + 3 : i) * k;
		for (let j = 0; j < n; j += 4) {
			const w = Math.min(4, n - j);
			// Columns past the end of B repeat its last column; their sums are thrown away.
			const j1 = w > 1 ? 1 : 0;
			const j2 = w > 2 ? 2 : 0;
			const j3 = w > 3 ? 3 : 0;
			let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
			let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
			for (let q = 0, p = j; q < k; q++, p += n) {
				const b0 = b[p]!, b1 = b[p + j1]!, b2 = b[p + j2]!, b3 = b[p + j3]!;
				const x0 = a[a0 + q]!, x1 = a[a1 + q]!, x2 = a[a2 + q]!, x3 = a[a3 + q]!;
				c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
				c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
				c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
				c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
			}
			store(c, i * n + j, w, accumulate, c00, c01, c02, c03);
			if (h > 1) store(c, (i + 1) * n + j, w, accumulate, c10, c11, c12, c13);
			if (h > 2) store(c, (i + 2) * n + j, w, accumulate, c20, c21, c22, c23);
			if (h > 3) store(c, (i + 3) * n + j, w, accumulate, c30, c31, c32, c33);
		}
	}
}

/** C[m×n] = A[m×k]·Bᵀ where B is stored n×k (or C += A·Bᵀ), as fc and weight gradients need. WebAssembly SIMD where it runs. */
export function gemmNT(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
	const simd = simdKernel();
	if (simd && !plainOnly.value) return simdGemm(simd, a, b, c, m, k, n, accumulate, true);
	gemmNTJs(a, b, c, m, k, n, accumulate);
}

/** gemmNT in plain TypeScript: dot products along rows. */
export function gemmNTJs(a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate = false): void {
	for (let i = 0; i < m; i += 4) {
		const h = Math.min(4, m - i);
		const a0 = i * k;
		const a1 = (h > 1 ? i + 1 : i) * k;
		const a2 = (h > 2 ? i + 2 : i) * k;
		const a3 = (h > 3 ? i + 3 : i) * k;
		for (let j = 0; j < n; j += 4) {
			const w = Math.min(4, n - j);
			const b0 = j * k;
			const b1 = (w > 1 ? j + 1 : j) * k;
			const b2 = (w > 2 ? j + 2 : j) * k;
			const b3 = (w > 3 ? j + 3 : j) * k;
			let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
			let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
			for (let q = 0; q < k; q++) {
				const y0 = b[b0 + q]!, y1 = b[b1 + q]!, y2 = b[b2 + q]!, y3 = b[b3 + q]!;
				const x0 = a[a0 + q]!, x1 = a[a1 + q]!, x2 = a[a2 + q]!, x3 = a[a3 + q]!;
				c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
				c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
				c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
				c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
			}
			store(c, i * n + j, w, accumulate, c00, c01, c02, c03);
			if (h > 1) store(c, (i + 1) * n + j, w, accumulate, c10, c11, c12, c13);
			if (h > 2) store(c, (i + 2) * n + j, w, accumulate, c20, c21, c22, c23);
			if (h > 3) store(c, (i + 3) * n + j, w, accumulate, c30, c31, c32, c33);
		}
	}
}

/** Writes (or adds) the first `w` of four sums at c[at…]. */
function store(c: Float32Array, at: number, w: number, add: boolean, v0: number, v1: number, v2: number, v3: number): void {
	if (add) {
		c[at] = c[at]! + v0;
		if (w > 1) c[at + 1] = c[at + 1]! + v1;
		if (w > 2) c[at + 2] = c[at + 2]! + v2;
		if (w > 3) c[at + 3] = c[at + 3]! + v3;
	} else {
		c[at] = v0;
		if (w > 1) c[at + 1] = v1;
		if (w > 2) c[at + 2] = v2;
		if (w > 3) c[at + 3] = v3;
	}
}

/** The transpose of a rows×cols row-major matrix, as a new cols×rows one. */
export function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
	const dst = new Float32Array(rows * cols);
	for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) dst[q * rows + r] = src[r * cols + q]!;
	return dst;
}
