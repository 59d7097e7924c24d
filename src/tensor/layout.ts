import {tensor, type Tensor} from './tensor.js';

// The one place where screens' H×W×C meets the tensors' NCHW (see tensor.ts for the layout).

/** The shape screens show for one image of a batch tensor: NCHW [1, C, H, W] → [H, W, C], a vector [1, N] → [N]. */
export function screenShape(t: Tensor): [number, number, number] | [number] {
	const s = t.shape;
	if (s.length === 4) return [s[2]!, s[3]!, s[1]!];
	if (s.length === 2) return [s[1]!];
	throw new Error(`screenShape: expected an NCHW or [N, units] tensor, got [${s.join(', ')}]`);
}

/** The tensor shape of one image of screen shape [H, W, C] (→ [1, C, H, W]) or [N] (→ [1, N]). */
export function batchShape(shape: readonly number[]): number[] {
	if (shape.length === 3) return [1, shape[2]!, shape[0]!, shape[1]!];
	if (shape.length === 1) return [1, shape[0]!];
	throw new Error(`batchShape: expected [H, W, C] or [N], got [${shape.join(', ')}]`);
}

/** Interleaved H×W×C values (as images and screens hold them) → an NCHW tensor [1, C, H, W]. */
export function hwcToNchw(h: number, w: number, c: number, values: ArrayLike<number>): Tensor {
	const out = new Float32Array(h * w * c);
	for (let ch = 0; ch < c; ch++) {
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) out[(ch * h + y) * w + x] = values[(y * w + x) * c + ch]!;
		}
	}
	return tensor([1, c, h, w], out);
}

/** The first image of an NCHW tensor as interleaved H×W×C values. */
export function nchwToHwc(t: Tensor): Float32Array {
	const [, c = 1, h = 1, w = 1] = t.shape;
	const out = new Float32Array(h * w * c);
	for (let ch = 0; ch < c; ch++) {
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) out[(y * w + x) * c + ch] = t.data[(ch * h + y) * w + x]!;
		}
	}
	return out;
}

/** One image of a batch without its batch axis, as PyTorch and Caffe save it: [1, C, H, W] → [C, H, W], [1, N] → [N]. */
export function unbatchedShape(t: Tensor): number[] {
	return t.shape.slice(1);
}
