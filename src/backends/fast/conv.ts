import {ShapeError} from '../../errors.js';
import {convSizes, outputData} from '../nchw.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, ParamGrads, WeightsUse} from '../backend.js';
import {spaceToDepthFilters, spaceToDepthInput} from '../space-to-depth.js';
import {gemm, plainOnly, transpose} from './gemm.js';
import {kernelHeap, planesOut, simdKernel, simdProduct, tableLayout, tableProduct, tableRowsProduct} from './wasm/gemm-wasm.js';
import {col2im, im2col, im2row, type ConvGeometry} from './im2col.js';
import {winogradConv, winogradFilters, winogradFits, type WinogradGeometry} from './winograd.js';

function geometry(x: Tensor, wt: Tensor, a: ConvAttrs): ConvGeometry & {cout: number} {
	return {...convSizes(x, wt, a), stride: a.stride, pad: a.pad, dilation: a.dilation};
}

/** Scratch arrays reused from call to call (each thread has its own), grown when a layer needs more. */
const scratch = {col: new Float32Array(0), dcol: new Float32Array(0)};
function buffer(key: keyof typeof scratch, length: number): Float32Array {
	if (scratch[key].length < length) scratch[key] = new Float32Array(length);
	return scratch[key].subarray(0, length);
}

/**
 * How conv's filters come: as they are, changing from call to call (training) or fixed (inference: kept
 * rearranged), or already through winogradFilters (`winograd`: U as [cout, α², cinG], which fast-backend
 * transforms once and hands its workers).
 */
export type FastWeights = WeightsUse | 'winograd';

/**
 * Convolution as matrix products (written straight into the NCHW output); same arithmetic as the reference, summed
 * in another order. With WebAssembly SIMD a stride of 1 reads its input in place (convShifted), or, 3×3 or 5×5
 * with fixed weights, goes by Winograd's F(2×2, r×r) (winograd.ts); any other stride goes through im2col, one
 * product per group for the whole batch. Into `out` if given.
 */
export function conv(x: Tensor, wt: Tensor, bias: Tensor, a: ConvAttrs, use: FastWeights = 'changing', out?: Float32Array): Tensor {
	const r = Math.sqrt(wt.shape[1]!) - 1; // of Winograd filters [cout, α², cinG], α = r + 1
	const filters = use === 'winograd' ? {shape: [wt.shape[0]!, wt.shape[2]!, r, r], data: wt.data} : wt;
	const geo = geometry(x, filters, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	if (bias.data.length !== cout) throw new ShapeError(`conv: ${cout} filters need ${cout} biases, got ${bias.data.length}`);
	const y = outputData(n * cout * ho * wo, out, 'conv');
	// A larger stride, undilated (AlexNet's conv1, 11×11 stride 4): the same convolution at stride 1 over the input's
	// s×s blocks as channels (spaceToDepth: 3×3 filters over 48 channels, a fifth more multiplies, no im2col). Its
	// output runs a row and a column past this one's where the stride does not divide the input evenly: they are dropped.
	const simd = allowedSimd();
	if (simd && a.stride > 1 && a.dilation === 1 && use !== 'winograd') {
		const s = a.stride;
		const ws = spaceToDepthFilters(wt, s, use);
		const [hs, wss] = [Math.ceil((geo.h + 2 * a.pad) / s), Math.ceil((geo.w + 2 * a.pad) / s)];
		const inner = {...geo, cin: geo.cin * s * s, cinG: ws.shape[1]!, h: hs, w: wss, kh: ws.shape[2]!, kw: ws.shape[3]!, stride: 1, pad: 0};
		stride1(simd, x, ws, bias.data, inner, a.groups, use, y, {stride: s, pad: a.pad, h: geo.h, w: geo.w});
		return tensor([n, cout, ho, wo], y);
	}
	if (simd && a.stride === 1) {
		stride1(simd, x, filters, bias.data, geo, a.groups, use, y);
		return tensor([n, cout, ho, wo], y);
	}
	if (use === 'winograd') throw new Error('conv: Winograd filters need WebAssembly SIMD and stride 1');
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const plane = ho * wo;
	for (let g = 0; g < a.groups; g++) {
		const wg = wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps);
		if (simd) {
			// [coutG × taps] · [taps × (image, pixel)]: every image's columns side by side.
			const l = simdProduct(simd, coutG, taps, n * plane, (l) => {
				l.heap.set(wg, l.a);
				for (let b = 0; b < n; b++) im2col(x.data, geo, b, g, l.heap, l.b + b * plane, l.n8);
			});
			for (let co = 0; co < coutG; co++) {
				for (let b = 0; b < n; b++) y.set(l.heap.subarray(l.c + co * l.n8 + b * plane, l.c + co * l.n8 + (b + 1) * plane), (b * cout + g * coutG + co) * plane);
			}
			continue;
		}
		const col = buffer('col', taps * plane);
		for (let b = 0; b < n; b++) {
			im2col(x.data, geo, b, g, col);
			const at = (b * cout + g * coutG) * plane;
			gemm(wg, col, y.subarray(at, at + coutG * plane), coutG, taps, plane);
		}
	}
	for (let b = 0; b < n; b++) {
		for (let c = 0; c < cout; c++) {
			const bc = bias.data[c]!;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) y[i] = y[i]! + bc;
		}
	}
	return tensor([n, cout, ho, wo], y);
}

/**
 * Where a stride-1 convolution reads its input in place: each image's channels of one group in zero-padded planes,
 * in which filter tap (ci, ky, kx) meets output (oy, ox) at a fixed offset from (oy, ox). Each row is pad zeros and
 * then the input's w numbers: a row's right padding is the next row's left (wp = w + pad, not w + 2·pad), so each
 * computed row has pad fewer columns that are dropped (conv3's 13 of 14, not of 15). Pad rows of zeros above and
 * below. `region` floats hold them, with room for the columns computed past the last image's last row.
 */
function paddedGeometry(geo: ConvGeometry) {
	const {n, h, w, cinG, kw, pad: p, dilation: d} = geo;
	// Wider only where the padding is more than the filter reaches (then the output is wider than w + pad).
	const wp = Math.max(w + p, geo.wo);
	const plane = (h + 2 * p) * wp;
	const image = cinG * plane;
	return {wp, plane, image, cols: geo.ho * wp, region: n * image + (kw - 1) * d + 8};
}

/**
 * Writes group g's padded images (paddedGeometry) at float `at`, the padding zero, and each tap's byte address in
 * them into ints[tableAt…]: the rows the table kernels read.
 */
function padImages(heap: Float32Array, ints: Int32Array, tableAt: number, at: number, x: Float32Array, geo: ConvGeometry, g: number): void {
	const {n, cin, h, w, cinG, kh, kw, pad: p, dilation: d} = geo;
	const {wp, plane, image, region} = paddedGeometry(geo);
	for (let ci = 0, q = tableAt; ci < cinG; ci++) {
		for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++, q++) ints[q] = (at + ci * plane + ky * d * wp + kx * d) * 4;
	}
	heap.fill(0, at, at + region);
	for (let b = 0; b < n; b++) {
		for (let ci = 0; ci < cinG; ci++) {
			const src = (b * cin + g * cinG + ci) * h * w;
			const dst = at + b * image + ci * plane + p * wp + p;
			if (wp === w) heap.set(x.subarray(src, src + h * w), dst);
			// Rows of a digit's maps are 5 to 24 numbers: a plain loop costs less than a subarray and a set per row.
			else for (let iy = 0; iy < h; iy++) for (let ix = 0, from = src + iy * w, to = dst + iy * wp; ix < w; ix++) heap[to + ix] = x[from + ix]!;
		}
	}
}

/**
 * A stride-1 convolution in WebAssembly SIMD: by Winograd where its filters fit (3×3 or 5×5, undilated) and are
 * fixed (their transform is then kept), else convShifted. Writes y (ho × wo of each plane, which may be less than it
 * computes). With `blocks`, x is a strided convolution's input, which spaceToDepth turns into this one's.
 */
function stride1(
	simd: NonNullable<ReturnType<typeof simdKernel>>,
	x: Tensor,
	wt: Tensor,
	bias: Float32Array,
	geo: ConvGeometry & {cout: number},
	groups: number,
	use: FastWeights,
	y: Float32Array,
	blocks?: WinogradGeometry['blocks'],
): void {
	if (winogradFits(geo.kh, geo.kw, geo.dilation) && use !== 'changing') {
		const u = use === 'winograd' ? wt.data : winogradFilters(wt.data, geo.cout, geo.cinG, geo.kh, use);
		winogradConv(simd, x.data, u, bias, {...geo, groups, ...(blocks ? {blocks} : {})}, y);
		return;
	}
	convShifted(simd, (blocks ? spaceToDepthInput(x, blocks.stride, blocks.pad) : x).data, wt.data, bias, geo, groups, y);
}

/**
 * A convolution of stride 1 without im2col: each image's channels go once into zero-padded planes (padImages), and
 * the product reads B's row for each filter tap in place through a table of its offsets (gemm.wat's gemmi). It
 * computes every column of the padded width and drops the ones it does not need (about 7% more work for AlexNet's
 * 13×13 and 27×27 maps) to read no copy of the input k·k times over. Writes y with the biases added.
 */
function convShifted(simd: NonNullable<ReturnType<typeof simdKernel>>, x: Float32Array, wt: Float32Array, bias: Float32Array, geo: ConvGeometry & {cout: number}, groups: number, y: Float32Array): void {
	const {n, cinG, kh, kw, ho, wo, cout} = geo;
	const coutG = cout / groups;
	const taps = cinG * kh * kw;
	const {wp, image, cols, region} = paddedGeometry(geo);
	for (let g = 0; g < groups; g++) {
		const l = tableLayout(simd, coutG, taps, cols, region, coutG * ho * wo);
		const {heap, table} = l;
		heap.set(wt.subarray(g * coutG * taps, (g + 1) * coutG * taps), l.a);
		heap.set(bias.subarray(g * coutG, (g + 1) * coutG), l.bias);
		padImages(heap, table, l.t, l.x, x, geo, g);
		for (let b = 0; b < n; b++) {
			tableProduct(simd, l, coutG, b * image);
			y.set(planesOut(simd, l, coutG, ho, wo, wp), (b * cout + g * coutG) * ho * wo);
		}
	}
}

/**
 * Group g's weight gradient for a convolution of stride 1 without im2row: dWᵀ[tap][co] = Σ over images and pixels of
 * x_tap[pixel]·dy[co][pixel], where x_tap is the tap's shifted view of the zero-padded image (as in convShifted),
 * read in place as A's rows through a table (gemm.wat's gemmt), and dy is laid out as B at the padded width, its
 * extra columns zero so the columns computed past each row add nothing.
 */
function dwShifted(simd: NonNullable<ReturnType<typeof simdKernel>>, x: Float32Array, dy: Float32Array, geo: ConvGeometry & {cout: number}, g: number, groups: number, dwg: Float32Array): void {
	const {n, cinG, kh, kw, ho, wo, cout} = geo;
	const coutG = cout / groups;
	const taps = cinG * kh * kw;
	const m4 = Math.ceil(taps / 4) * 4;
	const n8 = Math.ceil(coutG / 8) * 8;
	const {wp, image, cols, region} = paddedGeometry(geo);
	// Table (m4 entries) | padded images (and the columns read past the last) | dy as B (cols × n8) | C (m4 × n8).
	const xAt = m4;
	const bAt = xAt + region;
	const cAt = bAt + cols * n8;
	const {heap, ints} = kernelHeap(simd, cAt + m4 * n8);
	padImages(heap, ints, 0, xAt, x, geo, g);
	ints.fill(xAt * 4, taps, m4); // rows past the last tap read the images too; their sums are not read
	heap.fill(0, bAt, cAt);
	for (let b = 0; b < n; b++) {
		for (let co = 0; co < coutG; co++) {
			const from = (b * cout + g * coutG + co) * ho * wo;
			for (let oy = 0; oy < ho; oy++) for (let ox = 0; ox < wo; ox++) heap[bAt + (oy * wp + ox) * n8 + co] = dy[from + oy * wo + ox]!;
		}
		tableRowsProduct(simd, 0, bAt, cAt, m4, cols, n8, b * image, b > 0);
	}
	for (let co = 0; co < coutG; co++) for (let t = 0; t < taps; t++) dwg[co * taps + t] = heap[cAt + t * n8 + co]!;
}

/**
 * The filters of the convolution that takes dy back to dx when the stride is 1: dx[ci][iy][ix] sums
 * W[co][ci][ky][kx]·dy[co][iy + pad − ky·d][ix + pad − kx·d], which is dy convolved (padding d·(k − 1) − pad) with
 * filters [cin × cout/groups × kh × kw] that swap W's in and out channels (group by group) and turn each 180°.
 */
function flippedFilters(wt: Float32Array, geo: ConvGeometry & {cout: number}, groups: number): Float32Array {
	const {cinG, kh, kw, cout} = geo;
	const coutG = cout / groups;
	const taps = kh * kw;
	const f = new Float32Array(wt.length);
	for (let g = 0; g < groups; g++) {
		for (let co = 0; co < coutG; co++) {
			for (let ci = 0; ci < cinG; ci++) {
				const from = ((g * coutG + co) * cinG + ci) * taps;
				const to = ((g * cinG + ci) * coutG + co) * taps;
				for (let t = 0; t < taps; t++) f[to + taps - 1 - t] = wt[from + t]!;
			}
		}
	}
	return f;
}

/** The SIMD kernel unless plain TypeScript was asked for. */
const allowedSimd = () => (plainOnly.value ? null : simdKernel());

/**
 * Gradients of the convolution, group by group: dW = dY·colᵀ (colᵀ built directly by im2row), dcol = Wᵀ·dY then
 * col2im, db = Σ dY. With WebAssembly SIMD each is one product over the whole batch (otherwise image by image), and
 * at stride 1 neither copy is made: dW reads the padded input in place (dwShifted) and dx is a convolution of dy.
 */
export function convBackward(x: Tensor, wt: Tensor, dy: Tensor, a: ConvAttrs, needDx = true): ParamGrads {
	const geo = geometry(x, wt, a);
	const {n, cout, cinG, kh, kw, ho, wo} = geo;
	const plane = ho * wo;
	if (dy.data.length !== n * cout * plane) throw new ShapeError(`conv backward: dy [${dy.shape.join(', ')}] is not [${n}, ${cout}, ${ho}, ${wo}]`);
	const coutG = cout / a.groups;
	const taps = cinG * kh * kw;
	const dx = new Float32Array(x.data.length);
	const dw = new Float32Array(wt.data.length);
	const db = new Float32Array(cout);
	for (let b = 0; b < n; b++) {
		for (let c = 0; c < cout; c++) {
			let sum = 0;
			const at = (b * cout + c) * plane;
			for (let i = at; i < at + plane; i++) sum += dy.data[i]!;
			db[c] = db[c]! + sum;
		}
	}
	const simd = allowedSimd();
	// Stride 1: dx is itself a convolution of stride 1, of dy with the filters flipped (see flippedFilters).
	const pad = a.dilation * (kh - 1) - a.pad;
	const dxByConv = simd !== null && needDx && a.stride === 1 && kh === kw && pad >= 0;
	if (dxByConv) {
		const dxGeo = {...geo, cin: cout, h: ho, w: wo, cinG: coutG, ho: geo.h, wo: geo.w, pad, cout: geo.cin};
		convShifted(simd, dy.data, flippedFilters(wt.data, geo, a.groups), new Float32Array(geo.cin), dxGeo, a.groups, dx);
	}
	for (let g = 0; g < a.groups; g++) {
		const groupW = () => transpose(wt.data.subarray(g * coutG * taps, (g + 1) * coutG * taps), coutG, taps);
		const dwg = dw.subarray(g * coutG * taps, (g + 1) * coutG * taps);
		if (!simd) {
			const wgT = groupW();
			const col = buffer('col', taps * plane);
			const dcol = buffer('dcol', taps * plane);
			for (let b = 0; b < n; b++) {
				const at = (b * cout + g * coutG) * plane;
				const dyg = dy.data.subarray(at, at + coutG * plane); // this image's channels of group g: [coutG × plane]
				im2row(x.data, geo, b, g, col);
				gemm(dyg, col, dwg, coutG, plane, taps, true);
				if (!needDx) continue;
				gemm(wgT, dyg, dcol, taps, coutG, plane);
				col2im(dcol, geo, b, g, dx);
			}
			continue;
		}
		// This group's channels of dy, image after image: [coutG × (image, pixel)], rows `stride` apart from `at`.
		const gatherDy = (heap: Float32Array, at: number, stride: number) => {
			for (let co = 0; co < coutG; co++) {
				for (let b = 0; b < n; b++) {
					const from = (b * cout + g * coutG + co) * plane;
					heap.set(dy.data.subarray(from, from + plane), at + co * stride + b * plane);
				}
			}
		};
		const cols = n * plane;
		if (a.stride === 1) dwShifted(simd, x.data, dy.data, geo, g, a.groups, dwg);
		else {
			const l = simdProduct(simd, coutG, cols, taps, (l) => {
				gatherDy(l.heap, l.a, cols);
				for (let b = 0; b < n; b++) im2row(x.data, geo, b, g, l.heap, l.b + b * plane * l.n8, l.n8);
			});
			for (let co = 0; co < coutG; co++) dwg.set(l.heap.subarray(l.c + co * l.n8, l.c + co * l.n8 + taps), co * taps);
		}
		if (!needDx || dxByConv) continue;
		const d = simdProduct(simd, taps, coutG, cols, (d) => {
			d.heap.set(groupW(), d.a);
			gatherDy(d.heap, d.b, d.n8);
		});
		for (let b = 0; b < n; b++) col2im(d.heap, geo, b, g, dx, d.c + b * plane, d.n8);
	}
	return {dx: tensor(x.shape, dx), dw: tensor(wt.shape, dw), db: tensor([cout], db)};
}
