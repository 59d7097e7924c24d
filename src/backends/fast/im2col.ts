/** Where one convolution reads: sizes of x (n, cin, h, w), of one group's filter slice (cinG, kh, kw) and of the output (ho, wo). */
export type ConvGeometry = {
	readonly n: number;
	readonly cin: number;
	readonly h: number;
	readonly w: number;
	readonly cinG: number;
	readonly kh: number;
	readonly kw: number;
	readonly ho: number;
	readonly wo: number;
	readonly stride: number;
	readonly pad: number;
	readonly dilation: number;
};

/**
 * The outputs ox of a row whose input pixel ix = first + ox·s lies inside the row (0 ≤ ix < w): ox from lo to hi − 1.
 * The others read the padding.
 */
function insideRow(first: number, s: number, w: number, wo: number): [number, number] {
	const lo = Math.min(wo, Math.max(0, Math.ceil(-first / s)));
	return [lo, Math.max(lo, Math.min(wo, Math.floor((w - 1 - first) / s) + 1))];
}

/**
 * im2col for image `b` and group `g`: col[(ci·kh + ky)·kw + kx][oy·wo + ox] is the input pixel that filter tap
 * (ci, ky, kx) meets at output (oy, ox), or 0 in the padding. The convolution of that image and group then is one
 * matrix product, weights [cout/g × cinG·kh·kw] times col [cinG·kh·kw × ho·wo]. With `at` and `rowStride` the
 * rows go into a wider matrix (several images side by side, rows padded for the SIMD kernel).
 */
export function im2col(x: Float32Array, geo: ConvGeometry, b: number, g: number, col: Float32Array, at = 0, rowStride = geo.ho * geo.wo): void {
	const {cin, h, w, cinG, kh, kw, ho, wo, stride: s, pad: p, dilation: d} = geo;
	for (let ci = 0; ci < cinG; ci++) {
		for (let ky = 0; ky < kh; ky++) {
			for (let kx = 0; kx < kw; kx++) {
				const row = at + ((ci * kh + ky) * kw + kx) * rowStride;
				const src = (b * cin + g * cinG + ci) * h * w;
				const first = kx * d - p;
				const [lo, hi] = insideRow(first, s, w, wo);
				for (let oy = 0; oy < ho; oy++) {
					const iy = oy * s - p + ky * d;
					const out = row + oy * wo;
					// Plain loops: rows are short (5 to 55 outputs), where fill and set with subarrays cost more than they save.
					if (iy < 0 || iy >= h) {
						for (let ox = 0; ox < wo; ox++) col[out + ox] = 0;
						continue;
					}
					for (let ox = 0; ox < lo; ox++) col[out + ox] = 0;
					for (let ox = hi; ox < wo; ox++) col[out + ox] = 0;
					const line = src + iy * w + first;
					if (s === 1) for (let ox = lo; ox < hi; ox++) col[out + ox] = x[line + ox]!;
					else for (let ox = lo; ox < hi; ox++) col[out + ox] = x[line + ox * s]!;
				}
			}
		}
	}
}

/** The adjoint of im2col for image `b`, group `g`: adds every entry of dcol back onto the input pixel it was read from. */
export function col2im(dcol: Float32Array, geo: ConvGeometry, b: number, g: number, dx: Float32Array, at = 0, rowStride = geo.ho * geo.wo): void {
	const {cin, h, w, cinG, kh, kw, ho, wo, stride: s, pad: p, dilation: d} = geo;
	for (let ci = 0; ci < cinG; ci++) {
		for (let ky = 0; ky < kh; ky++) {
			for (let kx = 0; kx < kw; kx++) {
				const row = at + ((ci * kh + ky) * kw + kx) * rowStride;
				const dst = (b * cin + g * cinG + ci) * h * w;
				const first = kx * d - p;
				const [lo, hi] = insideRow(first, s, w, wo);
				for (let oy = 0; oy < ho; oy++) {
					const iy = oy * s - p + ky * d;
					if (iy < 0 || iy >= h) continue;
					const from = row + oy * wo;
					const line = dst + iy * w + first;
					for (let ox = lo; ox < hi; ox++) dx[line + ox * s] = dx[line + ox * s]! + dcol[from + ox]!;
				}
			}
		}
	}
}

/** im2col transposed ("im2row") for image `b`, group `g`: row[oy·wo + ox][(ci·kh + ky)·kw + kx] (rows `rowStride` apart from `start`), as dY·colᵀ wants it. */
export function im2row(x: Float32Array, geo: ConvGeometry, b: number, g: number, row: Float32Array, start = 0, rowStride = geo.cinG * geo.kh * geo.kw): void {
	const {cin, h, w, cinG, kh, kw, ho, wo, stride: s, pad: p, dilation: d} = geo;
	for (let oy = 0; oy < ho; oy++) {
		for (let ox = 0; ox < wo; ox++) {
			let at = start + (oy * wo + ox) * rowStride;
			for (let ci = 0; ci < cinG; ci++) {
				const src = (b * cin + g * cinG + ci) * h * w;
				for (let ky = 0; ky < kh; ky++) {
					const iy = oy * s - p + ky * d;
					const inside = iy >= 0 && iy < h;
					for (let kx = 0; kx < kw; kx++, at++) {
						const ix = ox * s - p + kx * d;
						row[at] = inside && ix >= 0 && ix < w ? x[src + iy * w + ix]! : 0;
					}
				}
			}
		}
	}
}
