import type {WeightsUse} from '../backend.js';
import {arrayId} from '../planes.js';
import type {WeightsAt} from './kernel-shared.js';

/** Rounds a row width up to a multiple of 4: gpu.js's WebAssembly backend runs SIMD and threads only on such rows. */
export function roundUp4(n: number): number {
	return Math.ceil(n / 4) * 4;
}

/** Drops the padding columns of planes that are `wide` wide, keeping the first `w` of each row. */
export function cropRows(src: Float32Array, rows: number, wide: number, w: number): Float32Array {
	if (wide === w) return src;
	const out = new Float32Array(rows * w);
	for (let r = 0; r < rows; r++) out.set(src.subarray(r * wide, r * wide + w), r * w);
	return out;
}

/**
 * Where a layer's kernel takes its weights from, as the runner says (the `weights` argument of conv and fc): fixed
 * weights are kernel constants, uploaded once and keyed by the arrays' identity (the forward pass); changing ones
 * (training updates them in place) go in as arguments, copied in per call but compiled once. Returns the cache key part.
 */
export function placeWeights(use: WeightsUse, ...arrays: Float32Array[]): {at: WeightsAt; key: string} {
	return use === 'changing' ? {at: 'arguments', key: 'arguments'} : {at: 'constants', key: arrays.map(arrayId).join('|')};
}
