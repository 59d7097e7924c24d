/**
 * Layer specs: a network is plain data, an array of these (ConvNetJS style).
 * Sizes follow the formula symbols: kernel k, stride s, pad p, dilation d, groups g.
 * `inputs` names earlier layers (or 'input') for graphs such as GoogLeNet; absent, a layer takes the one before it.
 */
type Base = {readonly name: string; readonly inputs?: readonly string[]};

/** One size for both axes, or [height, width] where they differ (a 1×7 kernel). */
export type Size2 = number | readonly [number, number];

/** Zero padding: the same on every side, [height, width] (each on both of its sides), or [top, left, bottom, right]. */
export type Pad = number | readonly [number, number] | readonly [number, number, number, number];

export type ConvSpec = Base & {
	readonly op: 'conv';
	readonly filters: number;
	readonly kernel: Size2;
	readonly stride?: Size2;
	readonly pad?: Pad;
	readonly dilation?: Size2;
	readonly groups?: number;
	/** Defaults to true. */
	readonly bias?: boolean;
	/** Round the output size up, as cuda-convnet (the authors' code) does; Caffe and PyTorch round down (the default). */
	readonly ceil?: boolean;
};

export type PoolSpec = Base & {
	readonly op: 'maxpool' | 'avgpool';
	readonly kernel: Size2;
	readonly stride?: Size2;
	readonly pad?: Pad;
	/** Round the output size up (Caffe's pooling) instead of down (PyTorch's default). */
	readonly ceil?: boolean;
};

/** Average pooling to a fixed output size whatever the input (torchvision's AdaptiveAvgPool2d). */
export type AdaptiveAvgPoolSpec = Base & {readonly op: 'adaptiveavgpool'; readonly size: number};

/**
 * Local response normalisation across channels: b = a / (k + α·Σ a²)^β over n = size neighbours.
 * The paper (§3.3) writes α as is; Caffe divides it by n first (`alphaOverN: true`).
 */
export type LrnSpec = Base & {
	readonly op: 'lrn';
	readonly size: number;
	readonly alpha: number;
	readonly beta: number;
	readonly k: number;
	readonly alphaOverN?: boolean;
};

export type ReluSpec = Base & {readonly op: 'relu'};
export type DropoutSpec = Base & {readonly op: 'dropout'; readonly ratio: number};
export type FcSpec = Base & {readonly op: 'fc'; readonly units: number; readonly bias?: boolean};
export type SoftmaxSpec = Base & {readonly op: 'softmax'};
/** Joins its inputs along the channel axis (GoogLeNet's inception outputs). */
export type ConcatSpec = Base & {readonly op: 'concat'};

export type LayerSpec = ConvSpec | PoolSpec | AdaptiveAvgPoolSpec | LrnSpec | ReluSpec | DropoutSpec | FcSpec | SoftmaxSpec | ConcatSpec;

export type LayerOp = LayerSpec['op'];

/** Every op the model knows, for validating specs. */
export const layerOps: readonly LayerOp[] = ['conv', 'maxpool', 'avgpool', 'adaptiveavgpool', 'lrn', 'relu', 'dropout', 'fc', 'softmax', 'concat'];

/** A feature-map shape [H, W, C] (as screens show it) or a vector [N]. */
export type Shape = readonly [number, number, number] | readonly [number];

/** A whole network: a name, its input [H, W, C] and its layers in order. */
export type Network = {
	readonly name: string;
	readonly input: readonly [number, number, number];
	readonly layers: readonly LayerSpec[];
	readonly description?: string;
};
