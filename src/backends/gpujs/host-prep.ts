import {ShapeError} from '../../errors.js';
import type {Tensor} from '../../tensor/tensor.js';
import type {WeightsAt} from './weighted-sources.js';

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

function idOf(a: Float32Array): number {
	let id = ids.get(a);
	if (id === undefined) {
		id = nextId++;
		ids.set(a, id);
	}
	return id;
}

/** A fingerprint of 64 evenly spaced values: an SGD step, which moves every weight, changes it. */
function fingerprint(a: Float32Array): string {
	const bits = new Int32Array(a.buffer, a.byteOffset, a.length);
	const step = Math.max(1, Math.floor(a.length / 64));
	let h = a.length | 0;
	for (let i = 0; i < a.length; i += step) h = Math.imul(h ^ bits[i]!, 16777619);
	return (h >>> 0).toString(36);
}

/**
 * A cache key for an array of weights: its identity plus its fingerprint, so weights changed in place
 * (a training step) get a new key and a new kernel, never stale constants.
 */
export function weightsKey(a: Float32Array): string {
	return `${idOf(a)}.${fingerprint(a)}`;
}

const lastFingerprint = new Map<number, string>();
const idsByLayer = new Map<string, Set<number>>();
const changingLayers = new Set<string>();

/** More weight sets than this for one layer shape and its weights go in as arguments. */
const constantSets = 4;

/**
 * Where a layer's kernel takes its weights from: constants (uploaded once: the forward pass) until the
 * weights are seen changed in place or the layer `shape` has had several weight sets (training), then
 * arguments (copied in per call, but compiled once). Returns the cache key part that goes with it.
 */
export function placeWeights(shape: string, ...arrays: Float32Array[]): {at: WeightsAt; key: string} {
	let ids = idsByLayer.get(shape);
	if (!ids) idsByLayer.set(shape, (ids = new Set()));
	const keys: string[] = [];
	for (const a of arrays) {
		const id = idOf(a);
		const fp = fingerprint(a);
		const last = lastFingerprint.get(id);
		if (last !== undefined && last !== fp) changingLayers.add(shape);
		lastFingerprint.set(id, fp);
		ids.add(id);
		keys.push(`${id}.${fp}`);
	}
	if (ids.size > constantSets * arrays.length) changingLayers.add(shape);
	return changingLayers.has(shape) ? {at: 'arguments', key: 'arguments'} : {at: 'constants', key: keys.join('|')};
}
