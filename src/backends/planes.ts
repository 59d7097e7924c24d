/** Host-side helpers on NCHW planes and weight arrays, shared by the backends that rearrange their inputs. */

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
