import type {Tensor} from '../tensor/tensor.js';

/**
 * The names of the compute backends, in the order `auto` tries the gpu.js ones; `fast` is plain TypeScript
 * with im2col and blocked matrix products (src/backends/fast), the CPU path the training run uses.
 */
export type BackendName = 'reference' | 'webgpu' | 'headlessgl' | 'webasm' | 'cpu' | 'fast';

/** Convolution attributes (formula symbols: stride s, pad p, dilation d, groups g); the kernel size comes from the weights. */
export type ConvAttrs = {readonly stride: number; readonly pad: number; readonly dilation: number; readonly groups: number};

/** Pooling attributes: kernel k, stride s, pad p, and whether the output size rounds up (Caffe) or down. */
export type PoolAttrs = {readonly kernel: number; readonly stride: number; readonly pad: number; readonly ceil: boolean};

/** LRN across channels in the paper's form b = a / (k + α·Σa²)^β over `size` channels; Caffe's α/n is divided out by the caller. */
export type LrnAttrs = {readonly size: number; readonly alpha: number; readonly beta: number; readonly k: number};

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

	conv(x: Tensor, w: Tensor, b: Tensor, attrs: ConvAttrs): Promise<Tensor>;
	relu(x: Tensor): Promise<Tensor>;
	lrn(x: Tensor, attrs: LrnAttrs): Promise<Tensor>;
	maxpool(x: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	avgpool(x: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	/** Average pooling to a fixed `size`×`size` output (torchvision's AdaptiveAvgPool2d). */
	adaptiveAvgpool(x: Tensor, size: number): Promise<Tensor>;
	/** Fully connected: x is [N, in] or NCHW (flattened in C, H, W order), w is [out, in]. */
	fc(x: Tensor, w: Tensor, b: Tensor): Promise<Tensor>;
	/** Multiplies by a 0/1 `mask` of x's shape and scales the kept units by 1/(1 − ratio) (inverted dropout). */
	dropout(x: Tensor, mask: Tensor, ratio: number): Promise<Tensor>;
	/** Softmax over the units of each batch row. */
	softmax(x: Tensor): Promise<Tensor>;

	/** Frees kernels, workers and GPU memory. */
	dispose(): void;
};

/** The backward ops training needs (the training issue); a backend may offer them. */
export type TrainingBackend = Backend & {
	/** With `needDx` false (the network's first layer, whose dx nobody reads) a backend may skip dx and return it as zeros. */
	convBackward(x: Tensor, w: Tensor, dy: Tensor, attrs: ConvAttrs, needDx?: boolean): Promise<ParamGrads>;
	reluBackward(x: Tensor, dy: Tensor): Promise<Tensor>;
	lrnBackward(x: Tensor, y: Tensor, dy: Tensor, attrs: LrnAttrs): Promise<Tensor>;
	maxpoolBackward(x: Tensor, dy: Tensor, attrs: PoolAttrs): Promise<Tensor>;
	fcBackward(x: Tensor, w: Tensor, dy: Tensor): Promise<ParamGrads>;
	dropoutBackward(dy: Tensor, mask: Tensor, ratio: number): Promise<Tensor>;
	/** Mean cross-entropy of softmax(logits) against integer labels, and its gradient with respect to the logits. */
	softmaxCrossEntropy(logits: Tensor, labels: Int32Array): Promise<{readonly loss: number; readonly dlogits: Tensor}>;
};
