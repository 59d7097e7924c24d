/**
 * A dense float32 tensor. Layout, stated once for the whole program:
 * activations are NCHW ([batch, channels, height, width]; a vector is [batch, units]),
 * conv weights are [cout, cin / groups, kh, kw] and fc weights are [out, in], as in PyTorch, ONNX and Caffe.
 * Screens show shapes H×W×C; only this layout is used in memory.
 */
export type Tensor = {
	readonly shape: readonly number[];
	readonly data: Float32Array;
};

/** The number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
	let n = 1;
	for (const d of shape) n *= d;
	return n;
}

/** A tensor of the given shape, zero-filled or wrapping `data` (whose length must match). */
export function tensor(shape: readonly number[], data?: Float32Array | readonly number[]): Tensor {
	const n = sizeOf(shape);
	const buf = data === undefined ? new Float32Array(n) : data instanceof Float32Array ? data : Float32Array.from(data);
	if (buf.length !== n) throw new Error(`tensor: shape [${shape.join(', ')}] needs ${n} values, got ${buf.length}`);
	return {shape: [...shape], data: buf};
}
