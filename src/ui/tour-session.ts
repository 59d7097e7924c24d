import type {NetworkSummary} from '../model/analyze.js';
import type {BackendInfo} from '../runner/backend-info.js';
import type {LayerFacts} from '../model/layer-facts.js';
import type {TrainEvent} from '../runner/train.js';
import type {Tensor} from '../tensor/tensor.js';

/** One layer computed: its facts (the derived shape among them), its output (NCHW or [1, units]), milliseconds and any note. */
export type LayerResult = {
	readonly name: string;
	readonly facts: LayerFacts;
	readonly output: Tensor;
	readonly ms: number;
	readonly note?: string;
};

/** One of the most probable classes after the softmax. */
export type TopClass = {readonly label: string; readonly probability: number};

/** An RGB picture, 8 bits a channel, row-major (the sample image and its augmentations). */
export type Picture = {readonly width: number; readonly height: number; readonly data: Uint8Array};

/**
 * What the tour needs from the outside world, handed in by the command (the UI never touches a backend itself):
 * the network's facts, a way to run it layer by layer, its weights, and one line each on the backend and the weights.
 */
export type TourSession = {
	readonly summary: NetworkSummary;
	/** Which backend computes, what really runs, and what `auto` passed over and why. */
	readonly backend: BackendInfo;
	/** The weights in one line, saying when they are random. */
	readonly weights: string;
	/** True when the weights are a trained model's (`--model`): the screens then drop their random-weights notes. */
	readonly trained?: boolean;
	/** Runs the network from the input up to `until` (all layers when undefined); `train` applies seeded dropout masks. */
	run(until?: string, options?: {readonly train?: boolean}): AsyncIterable<LayerResult>;
	/** A layer's weight tensor ([cout, cin/g, k, k] or [out, in]), if it has one. */
	layerWeights(layer: string): Tensor | undefined;
	/** A layer's biases, if it has them. */
	layerBiases?(layer: string): Tensor | undefined;
	/** The network's input as the layers see it (NCHW), so a screen can redo one output by hand. */
	readonly input?: Tensor;
	/** The input as a picture after resize and crop (the sample, `--image` or the test digit), and where it came from. */
	readonly picture?: {readonly label: string; readonly picture: Picture};
	/** The input's true class, labelled as top5 labels it, when it is known (a test digit). */
	readonly truth?: string;
	/** The five most probable classes of a probability vector. */
	top5(probs: Tensor): TopClass[];
	/** Pictures for the augmentation lesson: the source and its crops, flips and colour shifts (labelled). */
	augmentations?(): readonly {readonly label: string; readonly picture: Picture}[];
	/** A short training run of the mini AlexNet on real digits (the training lesson), event by event; stops when `signal` fires. */
	train?(signal: AbortSignal): AsyncIterable<TrainEvent>;
	/** Frees the backend. */
	dispose?(): void;
};
