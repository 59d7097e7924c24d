import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {LrnAttrs} from '../backend.js';
import {checkShape, lrnSizes, nchw} from '../nchw.js';

/**
 * The denominator base D = k + α·Σ a_j² for every element, the sum running over the channels
 * j = max(0, i − n/2) … min(C − 1, i + n/2) around channel i at the same batch item and pixel
 * (paper §3.3, with α as the paper writes it: the caller has already turned Caffe's α/n into α).
 */
function lrnBase(x: Tensor, a: LrnAttrs): Float64Array {
	// An even size has no centre channel: the model refuses it, and Caffe does too.
	const {n, c, h, w} = lrnSizes(x, a);
	const half = (a.size - 1) / 2;
	const pixels = h * w;
	const base = new Float64Array(x.data.length);
	for (let b = 0; b < n; b++) {
		for (let i = 0; i < c; i++) {
			for (let px = 0; px < pixels; px++) {
				let sum = 0;
				for (let j = Math.max(0, i - half); j <= Math.min(c - 1, i + half); j++) {
					const v = x.data[(b * c + j) * pixels + px]!;
					sum += v * v;
				}
				base[(b * c + i) * pixels + px] = a.k + a.alpha * sum;
			}
		}
	}
	return base;
}

/** Local response normalisation across channels, paper §3.3: b_i = a_i / (k + α·Σ a_j²)^β (AlexNet: k=2, n=5, α=1e-4, β=0.75). */
export function lrn(x: Tensor, a: LrnAttrs): Tensor {
	const base = lrnBase(x, a);
	const y = new Float32Array(x.data.length);
	for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * base[i]! ** -a.beta;
	return tensor(x.shape, y);
}

/**
 * Gradient of LRN. With D_i the base and y_i = a_i·D_i^−β, the input a_m reaches y_m directly and every
 * y_i whose window holds m through D_i, so
 *   ∂L/∂a_m = dy_m·D_m^−β − 2αβ·a_m·Σ_{i: m in window(i)} dy_i·y_i / D_i,
 * and because the windows are symmetric, "m in window(i)" is "i in window(m)".
 */
export function lrnBackward(x: Tensor, y: Tensor, dy: Tensor, a: LrnAttrs): Tensor {
	const [n, c, h, w] = nchw(x, 'lrn input');
	checkShape(y, x.shape, 'lrn backward: y');
	checkShape(dy, x.shape, 'lrn backward: dy');
	const base = lrnBase(x, a);
	const half = (a.size - 1) / 2;
	const pixels = h * w;
	const dx = new Float32Array(x.data.length);
	for (let b = 0; b < n; b++) {
		for (let m = 0; m < c; m++) {
			for (let px = 0; px < pixels; px++) {
				const at = (b * c + m) * pixels + px;
				let sum = 0;
				for (let i = Math.max(0, m - half); i <= Math.min(c - 1, m + half); i++) {
					const ai = (b * c + i) * pixels + px;
					sum += (dy.data[ai]! * y.data[ai]!) / base[ai]!;
				}
				dx[at] = dy.data[at]! * base[at]! ** -a.beta - 2 * a.alpha * a.beta * x.data[at]! * sum;
			}
		}
	}
	return tensor(x.shape, dx);
}
