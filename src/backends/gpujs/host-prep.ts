import type {WeightsUse} from '../backend.js';
import type {WeightsAt} from './kernel-shared.js';

/** Rounds a row width up to a multiple of 4: gpu.js's WebAssembly backend runs SIMD and threads only on such rows. */
export function roundUp4(n: number): number {
	return Math.ceil(n / 4) * 4;
}

/**
 * Copies `planes` h×w planes into hp×wp planes filled with `fill`, each shifted by `pad` down and right;
 * rows and columns past hp×wp are never read by the kernel, so they are left out.
 */
export function padPlanes(src: Float32Array, planes: number, h: number, w: number, hp: number, wp: number, pad: number, fill: number): Float32Array {
	const out = new Float32Array(planes * hp * wp);
	if (fill !== 0) out.fill(fill);
	const cols = Math.min(w, wp - pad);
	for (let plane = 0; plane < planes; plane++) {
		for (let iy = 0; iy < h && iy + pad < hp; iy++) {
			const from = (plane * h + iy) * w;
			out.set(src.subarray(from, from + cols), (plane * hp + iy + pad) * wp + pad);
		}
	}
	return out;
}

/** Drops the padding columns of planes that are `wide` wide, keeping the first `w` of each row. */
export function cropRows(src: Float32Array, rows: number, wide: number, w: number): Float32Array {
	if (wide === w) return src;
	const out = new Float32Array(rows * w);
	for (let r = 0; r < rows; r++) out.set(src.subarray(r * wide, r * wide + w), r * w);
	return out;
}

const ids = new WeakMap<Float32Array, number>();
let nextId = 1;

/** An array's identity as a cache-key part: the same array gives the same number for as long as it lives. */
export function arrayId(a: Float32Array): number {
	let id = ids.get(a);
	if (id === undefined) {
		id = nextId++;
		ids.set(a, id);
	}
	return id;
}

/**
 * Where a layer's kernel takes its weights from, as the runner says (the `weights` argument of conv and fc): fixed
 * weights are kernel constants, uploaded once and keyed by the arrays' identity (the forward pass); changing ones
 * (training updates them in place) go in as arguments, copied in per call but compiled once. Returns the cache key part.
 */
export function placeWeights(use: WeightsUse, ...arrays: Float32Array[]): {at: WeightsAt; key: string} {
	return use === 'changing' ? {at: 'arguments', key: 'arguments'} : {at: 'constants', key: arrays.map(arrayId).join('|')};
}
