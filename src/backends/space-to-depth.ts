import {tensor, type Tensor} from '../tensor/tensor.js';
import type {WeightsUse} from './backend.js';
import {arrayId, padPlanes} from './planes.js';

/** Rearranged filters kept per weights array, so a layer's kernel sees the same array (and key) every pass. */
const filterCache = new Map<string, Float32Array>();
const filterCacheLimit = 8;

/**
 * A stride-s convolution as an exactly equal stride-1 one: each s×s block of the zero-padded input becomes
 * s² channels (channel (c·s + dy)·s + dx of cell (Y, X) is input (c, Y·s + dy, X·s + dx)), and each k×k
 * filter a ⌈k/s⌉×⌈k/s⌉ filter over those channels, zero where the taps run past k. conv1's 11×11 stride-4
 * filters over 3 channels become 3×3 over 48 channels (Winograd-able); the zeros add a fifth more multiplies.
 * Groups stay contiguous blocks of channels. Returns the new input (unpadded: pad 0) and filters.
 */
export function spaceToDepth(x: Tensor, w: Tensor, s: number, p: number, use: WeightsUse): {x: Tensor; w: Tensor} {
	return {x: spaceToDepthInput(x, s, p), w: spaceToDepthFilters(w, s, use)};
}

/** spaceToDepth's input half: the zero-padded input's s×s blocks as s² channels each. */
export function spaceToDepthInput(x: Tensor, s: number, p: number): Tensor {
	const [n, cin, h, wd] = x.shape as [number, number, number, number];
	const hs = Math.ceil((h + 2 * p) / s);
	const ws = Math.ceil((wd + 2 * p) / s);
	const xp = padPlanes(x.data, n * cin, h, wd, hs * s, ws * s, p, 0);
	const out = new Float32Array(n * cin * s * s * hs * ws);
	for (let plane = 0; plane < n * cin; plane++) {
		for (let dy = 0; dy < s; dy++) {
			for (let dx = 0; dx < s; dx++) {
				const to = ((plane * s + dy) * s + dx) * hs * ws;
				for (let y = 0; y < hs; y++) {
					const from = (plane * hs * s + y * s + dy) * ws * s + dx;
					for (let xx = 0; xx < ws; xx++) out[to + y * ws + xx] = xp[from + xx * s]!;
				}
			}
		}
	}
	return tensor([n, cin * s * s, hs, ws], out);
}

/** spaceToDepth's filter half: each k×k filter as ⌈k/s⌉×⌈k/s⌉ over s² times the channels (kept for fixed weights). */
export function spaceToDepthFilters(w: Tensor, s: number, use: WeightsUse): Tensor {
	const [cout, cinG, k] = w.shape as [number, number, number, number];
	const ks = Math.ceil(k / s);
	// Only fixed weights are kept: changing ones would fill the cache with stale filters.
	const key = use === 'fixed' ? `${w.shape.join(',')}|${s}|${arrayId(w.data)}` : undefined;
	let ww = key === undefined ? undefined : filterCache.get(key);
	if (!ww) {
		ww = new Float32Array(cout * cinG * s * s * ks * ks);
		for (let co = 0; co < cout; co++) {
			for (let c = 0; c < cinG; c++) {
				for (let ky = 0; ky < k; ky++) {
					for (let kx = 0; kx < k; kx++) {
						const ch = (c * s + (ky % s)) * s + (kx % s);
						ww[((co * cinG * s * s + ch) * ks + Math.floor(ky / s)) * ks + Math.floor(kx / s)] = w.data[((co * cinG + c) * k + ky) * k + kx]!;
					}
				}
			}
		}
		if (key !== undefined) {
			if (filterCache.size >= filterCacheLimit) filterCache.delete(filterCache.keys().next().value!);
			filterCache.set(key, ww);
		}
	}
	return tensor([cout, cinG * s * s, ks, ks], ww);
}
