import type {ConvAttrs, LrnAttrs, PoolAttrs} from '../model/normalize.js';
import type {Tensor} from '../tensor/tensor.js';

/**
 * The names of the compute backends, in the order `auto` tries the gpu.js ones; `fast` is plain TypeScript
 * with im2col and blocked matrix products (src/backends/fast), the CPU path the training run uses.
 */
export type BackendName = 'reference' | 'webgpu' | 'headlessgl' | 'webasm' | 'cpu' | 'fast';

export type {ConvAttrs, LrnAttrs, PoolAttrs} from '../model/normalize.js';

/**
 * What the runner promises about a layer's weights: `fixed` arrays are not changed in place while the backend lives,
 * so it may keep them (gpu.js uploads them once as kernel constants); `changing` ones are updated between calls
 * (training), so a backend must read them afresh every call.
 */
export type WeightsUse = 'fixed' | 'changing';

/** Gradients of a layer with parameters. */
export type ParamGrads = {readonly dx: Tensor; readonly dw: Tensor; readonly db: Tensor};

/**
 * What every backend implements: arithmetic and nothing else (DESIGN §3).
 * Activations are NCHW, vectors [N, units]; conv weights [cout, cin/g, k, k]; fc weights [out, in].
 * Output shapes come from model/shapes (a backend never derives a shape of its own).
 * Every op is async, as gpu.js v3's kernels are.
 */
export type Backend = {
	readonly name: BackendName;
	/** What really ran, in words: "WebAssembly SIMD, 2 threads", "Mesa llvmpipe (GL)", "JavaScript loops". */
	readonly device: string;

	conv(x: Tensor, w: Tensor, b: Tensor, attrs: ConvAttrs, weights?: WeightsUse): Promise<Tensor>;
	relu(x: Tensor): Promise<Tensor>;
	lrn(x: Tensor, attrs: LrnAttrs): Promise<Tensor>;
	maxpool(x: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	avgpool(x: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	/** Average pooling to a fixed `size`×`size` output (torchvision's AdaptiveAvgPool2d). */
	adaptiveAvgpool(x: Tensor, size: number): Promise<Tensor>;
	/** Fully connected: x is [N, in] or NCHW (flattened in C, H, W order), w is [out, in]. */
	fc(x: Tensor, w: Tensor, b: Tensor, weights?: WeightsUse): Promise<Tensor>;
	/** Multiplies by a 0/1 `mask` of x's shape and scales the kept units by 1/(1 − ratio) (inverted dropout). */
	dropout(x: Tensor, mask: Tensor, ratio: number): Promise<Tensor>;
	/** Softmax over the units of each batch row. */
	softmax(x: Tensor): Promise<Tensor>;

	// The backward ops training needs: every backend has them.
	/** With `needDx` false (the network's first layer, whose dx nobody reads) a backend may skip dx and return it as zeros. */
	convBackward(x: Tensor, w: Tensor, dy: Tensor, attrs: ConvAttrs, needDx?: boolean): Promise<ParamGrads>;
	reluBackward(x: Tensor, dy: Tensor): Promise<Tensor>;
	lrnBackward(x: Tensor, y: Tensor, dy: Tensor, attrs: LrnAttrs): Promise<Tensor>;
	maxpoolBackward(x: Tensor, dy: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	fcBackward(x: Tensor, w: Tensor, dy: Tensor): Promise<ParamGrads>;
	dropoutBackward(dy: Tensor, mask: Tensor, ratio: number): Promise<Tensor>;
	/** Mean cross-entropy of softmax(logits) against integer labels, and its gradient with respect to the logits. */
	softmaxCrossEntropy(logits: Tensor, labels: Int32Array): Promise<{readonly loss: number; readonly dlogits: Tensor}>;

	/** Frees kernels, workers and GPU memory. */
	dispose(): void;
};
