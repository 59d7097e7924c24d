import type {Tensor} from '../../src/tensor/tensor.js';

/**
 * Central finite differences of a scalar loss with respect to every entry of `t`:
 * ∂L/∂t_i ≈ (L(t + h·e_i) − L(t − h·e_i)) / (2h), in float64. `t` is changed in place and restored;
 * the step is read back from the float32 storage, so rounding of t ± h does not bias the quotient.
 */
export async function numericGradient(t: Tensor, loss: () => Promise<number>, h = 1e-2): Promise<Float64Array> {
	const grad = new Float64Array(t.data.length);
	for (let i = 0; i < t.data.length; i++) {
		const original = t.data[i]!;
		t.data[i] = original + h;
		const up = t.data[i]!;
		const lossUp = await loss();
		t.data[i] = original - h;
		const down = t.data[i]!;
		const lossDown = await loss();
		t.data[i] = original;
		grad[i] = (lossUp - lossDown) / (up - down);
	}
	return grad;
}

/** Σ r_i·y_i in float64: a scalar loss whose gradient with respect to y is r, for checking a backward op given dy = r. */
export function weightedSum(y: Tensor, r: Tensor): number {
	if (y.data.length !== r.data.length) throw new Error(`weightedSum: ${y.data.length} values against ${r.data.length} weights`);
	let sum = 0;
	for (let i = 0; i < y.data.length; i++) sum += y.data[i]! * r.data[i]!;
	return sum;
}
