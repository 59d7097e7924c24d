/**
 * The fast backend's per-pixel layers in WebAssembly (ops.wat beside this file): LRN forward and backward in 128-bit
 * SIMD over 4 pixels at a time (for β = 0.75, the paper's and torchvision's), max pooling (its maxima, or its
 * argmaxes) and ReLU. The bytes are ops.wat assembled by wabt (scripts/build-gemm-wasm.mjs). Each returns null where
 * it does not apply (no WebAssembly SIMD, another β), and the caller runs its TypeScript loops.
 */
import {kernelHeap} from './gemm-wasm.js';

const bytes =
	'AGFzbQEAAAABOAVgBn9/f39/fwF7YAd/f39/f319AGAMf39/f39/f39/fX19AGALf39/f39/f39/f38AYAN/f38AAwgHAAECAAMEAwUDAQABBzwGBm1lbW9yeQIAA2xybgABC2xybkJhY2t3YXJkAAIHbWF4cG9vbAAEBHJlbHUABQptYXhwb29sTWF4AAYKnwsHYgICfwJ7IAEgA2tBACABIANKGyEGIAEgA2ohByAHIAJOBEAgAkEBayEHCwJAA0AgBiAHSg0BIAAgBiAEbCAFamr9AAQAIQggCSAIIAj95gH95AEhCSAGQQFqIQYMAAsLIAkLmQECBH8DeyADQQJ0IQkgBf0TIQwgBv0TIQ0CQANAIAcgAk8NAUEAIQgCQANAIAggCU8NASAHIAlsIAhqIQpDAACAP/0TIAwgDSAAIAcgAiAEIAkgCBAA/eYB/eQB/eMB/ecBIQsgASAKaiAAIApq/QAEACALIAv94wH95gH95gH9CwQAIAhBEGohCAwACwsgB0EBaiEHDAALCwuwAgIEfwN7IAdBAnQhDgJAA0AgDCAGTw0BQQAhDQJAA0AgDSAOTw0BIAwgDmwgDWohDyAJ/RMgCv0TIAAgDCAGIAggDiANEAD95gH95AEhEEMAAIA//RMgEP3jAf3nASERIAQgD2ogESAR/eMB/eYB/QsEACAFIA9qIAIgD2r9AAQAIAEgD2r9AAQA/eYBIBD95wH9CwQAIA1BEGohDQwACwsgDEEBaiEMDAALC0EAIQwCQANAIAwgBk8NAUEAIQ0CQANAIA0gDk8NASAMIA5sIA1qIQ8gBSAMIAYgCCAOIA0QAyESIAMgD2ogAiAPav0ABAAgBCAPav0ABAD95gEgC/0TIAAgD2r9AAQA/eYBIBL95gH95QH9CwQAIA1BEGohDQwACwsgDEEBaiEMDAALCwtZAgJ/AXsgASADa0EAIAEgA0obIQYgASADaiEHIAcgAk4EQCACQQFrIQcLAkADQCAGIAdKDQEgCCAAIAYgBGwgBWpq/QAEAP3kASEIIAZBAWohBgwACwsgCAvPAgMMfwJ9AX8CQANAIA0gA08NASAAIA0gBCAFbGxBAnRqIRlBACEOAkADQCAOIAZPDQEgDiAJbCAKayEQIBAgCGohESAQQQBIBEBBACEQCyARIARKBEAgBCERC0EAIQ8CQANAIA8gB08NASAPIAlsIAprIRIgEiAIaiETIBJBAEgEQEEAIRILIBMgBUoEQCAFIRMLIBkgECAFbCASakECdGohCyALKgIAIRcgECEUAkADQCAUIBFODQEgGSAUIAVsQQJ0aiEWIBIhFQJAA0AgFSATTg0BIBYgFUECdGohDCAMKgIAIRggGCAXXgRAIBghFyAMIQsLIBVBAWohFQwACwsgFEEBaiEUDAALCyABIBc4AgAgAiALIABrQQJ2NgIAIAFBBGohASACQQRqIQIgD0EBaiEPDAALCyAOQQFqIQ4MAAsLIA1BAWohDQwACwsLSAECfyACQQJ0IQQCQANAIAMgBE8NASABIANqIAAgA2r9AAQA/QwAAAAAAAAAAAAAAAAAAAAA/ekB/QsEACADQRBqIQMMAAsLC/gCBAt/AnsCfQF/IAVBAnQhFQJAA0AgCyADTw0BIAAgCyAEbCAVbGohDEEAIQ0CQANAIA0gBk8NASANIAlsIAprIQ4gDiAIaiEPIA5BAEgEQEEAIQ4LIA8gBEoEQCAEIQ8LQQAhGgJAA0AgGiAVTw0BIAwgDiAVbGogGmr9AAQAIRYgDkEBaiETAkADQCATIA9ODQEgDCATIBVsaiAaav0ABAAhFyAWIBf96wEhFiATQQFqIRMMAAsLIAIgGmogFv0LBAAgGkEQaiEaDAALC0EAIRACQANAIBAgB08NASAQIAlsIAprIREgESAIaiESIBFBAEgEQEEAIRELIBIgBUoEQCAFIRILIAIgEUECdGoqAgAhGCARQQFqIRQCQANAIBQgEk4NASACIBRBAnRqKgIAIRkgGSAYIBkgGF4bIRggFEEBaiEUDAALCyABIBg4AgAgAUEEaiEBIBBBAWohEAwACwsgDUEBaiENDAALCyALQQFqIQsMAAsLCw==';

type Kernel = {
	readonly memory: WebAssembly.Memory;
	readonly lrn: (x: number, y: number, c: number, p4: number, half: number, k: number, alpha: number) => void;
	readonly lrnBackward: (x: number, y: number, dy: number, dx: number, s: number, t: number, c: number, p4: number, half: number, k: number, alpha: number, f: number) => void;
	readonly maxpool: (x: number, y: number, arg: number, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number) => void;
	readonly maxpoolMax: (x: number, y: number, v: number, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number) => void;
	readonly relu: (x: number, y: number, n: number) => void;
};

let kernel: Kernel | null | undefined;

/** This thread's kernel, or null where WebAssembly SIMD is not available. */
function opsKernel(): Kernel | null {
	if (kernel !== undefined) return kernel;
	try {
		kernel = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(bytes, 'base64'))).exports as unknown as Kernel;
	} catch {
		kernel = null;
	}
	return kernel;
}

/** One image's c planes of `pixels` floats from `src` into the heap at `at`, planes p4 apart (the padding zeroed). */
function planesIn(heap: Float32Array, at: number, src: Float32Array, from: number, c: number, pixels: number, p4: number): void {
	if (p4 === pixels) return heap.set(src.subarray(from, from + c * pixels), at);
	for (let i = 0; i < c; i++) {
		heap.set(src.subarray(from + i * pixels, from + (i + 1) * pixels), at + i * p4);
		heap.fill(0, at + i * p4 + pixels, at + (i + 1) * p4);
	}
}

/** The reverse of planesIn: c planes p4 apart in the heap at `at` into `dst` from `to`, `pixels` each. */
function planesOut(heap: Float32Array, at: number, dst: Float32Array, to: number, c: number, pixels: number, p4: number): void {
	if (p4 === pixels) return dst.set(heap.subarray(at, at + c * pixels), to);
	for (let i = 0; i < c; i++) dst.set(heap.subarray(at + i * p4, at + i * p4 + pixels), to + i * pixels);
}

/** The LRN sizes this kernel takes: n images of c planes of `pixels`, or null where it does not apply. */
type LrnShape = {readonly n: number; readonly c: number; readonly pixels: number; readonly half: number; readonly k: number; readonly alpha: number; readonly beta: number};

function lrnKernel(s: LrnShape): Kernel | null {
	return s.beta === 0.75 ? opsKernel() : null;
}

/**
 * b = a·(k + α·Σ a²)^−0.75 over each window of channels, image by image, into y; null where the kernel does not
 * apply. With `channels` [from, to), only those channels of each image, into y's (to − from) planes an image: their
 * windows' channels (half more on each side) go in, and the channels past the range are computed and not kept.
 */
export function lrnSimd(x: Float32Array, s: LrnShape, y: Float32Array, channels: readonly [number, number] = [0, s.c]): Float32Array | null {
	const k = lrnKernel(s);
	if (!k) return null;
	const [from, to] = channels;
	const lo = Math.max(0, from - s.half);
	const hi = Math.min(s.c, to + s.half);
	const p4 = Math.ceil(s.pixels / 4) * 4;
	const size = (hi - lo) * p4;
	const heap = kernelHeap(k, 2 * size).heap;
	for (let b = 0; b < s.n; b++) {
		planesIn(heap, 0, x, (b * s.c + lo) * s.pixels, hi - lo, s.pixels, p4);
		// A window reaches past the copied channels only at the image's first and last channel, where it stops anyway.
		k.lrn(0, size * 4, hi - lo, p4, s.half, s.k, s.alpha);
		planesOut(heap, size + (from - lo) * p4, y, b * (to - from) * s.pixels, to - from, s.pixels, p4);
	}
	return y;
}

/** The gradient of lrnSimd (dx from x, its output y and dy), image by image; null where the kernel does not apply. */
export function lrnBackwardSimd(x: Float32Array, y: Float32Array, dy: Float32Array, s: LrnShape): Float32Array | null {
	const k = lrnKernel(s);
	if (!k) return null;
	const p4 = Math.ceil(s.pixels / 4) * 4;
	const size = s.c * p4;
	const heap = kernelHeap(k, 6 * size).heap;
	const dx = new Float32Array(x.length);
	for (let b = 0; b < s.n; b++) {
		const from = b * s.c * s.pixels;
		planesIn(heap, 0, x, from, s.c, s.pixels, p4);
		planesIn(heap, size, y, from, s.c, s.pixels, p4);
		planesIn(heap, 2 * size, dy, from, s.c, s.pixels, p4);
		k.lrnBackward(0, size * 4, 2 * size * 4, 3 * size * 4, 4 * size * 4, 5 * size * 4, s.c, p4, s.half, s.k, s.alpha, 2 * s.alpha * s.beta);
		planesOut(heap, 3 * size, dx, from, s.c, s.pixels, p4);
	}
	return dx;
}

/**
 * Max pooling of `planes` h×w planes into ho×wo ones (window k, stride s, padding p): with `y`, the maxima written
 * into it (returns y; folded separably, rows then columns); without, each maximum's index in x (for the backward
 * pass). Null without WebAssembly.
 */
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number): Int32Array | null;
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number, y: Float32Array): Float32Array | null;
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number, y?: Float32Array): Float32Array | Int32Array | null {
	const kern = opsKernel();
	if (!kern) return null;
	const inSize = planes * h * w;
	const outSize = planes * ho * wo;
	if (y) {
		// The input with room for the 4-float reads past its end, then one folded row (w rounded up to 4), then y.
		const row = inSize + 4;
		const out = row + Math.ceil(w / 4) * 4;
		const {heap} = kernelHeap(kern, out + outSize);
		heap.set(x.subarray(0, inSize), 0);
		kern.maxpoolMax(0, out * 4, row * 4, planes, h, w, ho, wo, k, s, p);
		y.set(heap.subarray(out, out + outSize));
		return y;
	}
	const {heap, ints} = kernelHeap(kern, inSize + 2 * outSize);
	heap.set(x.subarray(0, inSize), 0);
	kern.maxpool(0, inSize * 4, (inSize + outSize) * 4, planes, h, w, ho, wo, k, s, p);
	return ints.slice(inSize + outSize, inSize + 2 * outSize);
}

/** y = max(x, 0) into `y` (returns it), in place in this kernel's memory; null without WebAssembly. */
export function reluSimd(x: Float32Array, y: Float32Array): Float32Array | null {
	const kern = opsKernel();
	if (!kern) return null;
	const n4 = Math.ceil(x.length / 4) * 4;
	const {heap} = kernelHeap(kern, n4);
	heap.set(x, 0);
	kern.relu(0, 0, n4);
	y.set(heap.subarray(0, x.length));
	return y;
}
