/**
 * The fast backend's per-pixel layers in WebAssembly (ops.wat beside this file): LRN forward and backward in 128-bit
 * SIMD over 4 pixels at a time (for β = 0.75, the paper's and torchvision's), and max pooling with its argmaxes. The
 * bytes are ops.wat assembled by wabt (scripts/build-gemm-wasm.mjs). Each returns null where it does not apply (no
 * WebAssembly SIMD, another β), and the caller runs its TypeScript loops.
 */
import {kernelHeap} from './gemm-wasm.js';

const bytes =
	'AGFzbQEAAAABMgRgBn9/f39/fwF7YAd/f39/f319AGAMf39/f39/f39/fX19AGALf39/f39/f39/f38AAwYFAAECAAMFAwEAAQcoBAZtZW1vcnkCAANscm4AAQtscm5CYWNrd2FyZAACB21heHBvb2wABArcBwViAgJ/AnsgASADa0EAIAEgA0obIQYgASADaiEHIAcgAk4EQCACQQFrIQcLAkADQCAGIAdKDQEgACAGIARsIAVqav0ABAAhCCAJIAggCP3mAf3kASEJIAZBAWohBgwACwsgCQuZAQIEfwN7IANBAnQhCSAF/RMhDCAG/RMhDQJAA0AgByACTw0BQQAhCAJAA0AgCCAJTw0BIAcgCWwgCGohCkMAAIA//RMgDCANIAAgByACIAQgCSAIEAD95gH95AH94wH95wEhCyABIApqIAAgCmr9AAQAIAsgC/3jAf3mAf3mAf0LBAAgCEEQaiEIDAALCyAHQQFqIQcMAAsLC7ACAgR/A3sgB0ECdCEOAkADQCAMIAZPDQFBACENAkADQCANIA5PDQEgDCAObCANaiEPIAn9EyAK/RMgACAMIAYgCCAOIA0QAP3mAf3kASEQQwAAgD/9EyAQ/eMB/ecBIREgBCAPaiARIBH94wH95gH9CwQAIAUgD2ogAiAPav0ABAAgASAPav0ABAD95gEgEP3nAf0LBAAgDUEQaiENDAALCyAMQQFqIQwMAAsLQQAhDAJAA0AgDCAGTw0BQQAhDQJAA0AgDSAOTw0BIAwgDmwgDWohDyAFIAwgBiAIIA4gDRADIRIgAyAPaiACIA9q/QAEACAEIA9q/QAEAP3mASAL/RMgACAPav0ABAD95gEgEv3mAf3lAf0LBAAgDUEQaiENDAALCyAMQQFqIQwMAAsLC1kCAn8BeyABIANrQQAgASADShshBiABIANqIQcgByACTgRAIAJBAWshBwsCQANAIAYgB0oNASAIIAAgBiAEbCAFamr9AAQA/eQBIQggBkEBaiEGDAALCyAIC88CAwx/An0BfwJAA0AgDSADTw0BIAAgDSAEIAVsbEECdGohGUEAIQ4CQANAIA4gBk8NASAOIAlsIAprIRAgECAIaiERIBBBAEgEQEEAIRALIBEgBEoEQCAEIRELQQAhDwJAA0AgDyAHTw0BIA8gCWwgCmshEiASIAhqIRMgEkEASARAQQAhEgsgEyAFSgRAIAUhEwsgGSAQIAVsIBJqQQJ0aiELIAsqAgAhFyAQIRQCQANAIBQgEU4NASAZIBQgBWxBAnRqIRYgEiEVAkADQCAVIBNODQEgFiAVQQJ0aiEMIAwqAgAhGCAYIBdeBEAgGCEXIAwhCwsgFUEBaiEVDAALCyAUQQFqIRQMAAsLIAEgFzgCACACIAsgAGtBAnY2AgAgAUEEaiEBIAJBBGohAiAPQQFqIQ8MAAsLIA5BAWohDgwACwsgDUEBaiENDAALCws=';

type Kernel = {
	readonly memory: WebAssembly.Memory;
	readonly lrn: (x: number, y: number, c: number, p4: number, half: number, k: number, alpha: number) => void;
	readonly lrnBackward: (x: number, y: number, dy: number, dx: number, s: number, t: number, c: number, p4: number, half: number, k: number, alpha: number, f: number) => void;
	readonly maxpool: (x: number, y: number, arg: number, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number) => void;
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

/** b = a·(k + α·Σ a²)^−0.75 over each window of channels, image by image; null where the kernel does not apply. */
export function lrnSimd(x: Float32Array, s: LrnShape): Float32Array | null {
	const k = lrnKernel(s);
	if (!k) return null;
	const p4 = Math.ceil(s.pixels / 4) * 4;
	const size = s.c * p4;
	const heap = kernelHeap(k, 2 * size).heap;
	const y = new Float32Array(x.length);
	for (let b = 0; b < s.n; b++) {
		planesIn(heap, 0, x, b * s.c * s.pixels, s.c, s.pixels, p4);
		k.lrn(0, size * 4, s.c, p4, s.half, s.k, s.alpha);
		planesOut(heap, size, y, b * s.c * s.pixels, s.c, s.pixels, p4);
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
 * into it (returns y); without, each maximum's index in x (for the backward pass). Null without WebAssembly.
 */
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number): Int32Array | null;
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number, y: Float32Array): Float32Array | null;
export function maxpoolSimd(x: Float32Array, planes: number, h: number, w: number, ho: number, wo: number, k: number, s: number, p: number, y?: Float32Array): Float32Array | Int32Array | null {
	const kern = opsKernel();
	if (!kern) return null;
	const inSize = planes * h * w;
	const outSize = planes * ho * wo;
	const {heap, ints} = kernelHeap(kern, inSize + 2 * outSize);
	heap.set(x.subarray(0, inSize), 0);
	kern.maxpool(0, inSize * 4, (inSize + outSize) * 4, planes, h, w, ho, wo, k, s, p);
	if (!y) return ints.slice(inSize + outSize, inSize + 2 * outSize);
	y.set(heap.subarray(inSize, inSize + outSize));
	return y;
}
