import {readImage, type RgbImage} from '../data/image.js';
import {cropForNetwork, imageToInput} from '../data/preprocess.js';
import {sampleImage} from '../data/sample-image.js';
import {UsageError} from '../errors.js';
import {analyzeNetwork, findLayer, type NetworkSummary} from '../model/analyze.js';
import type {Network} from '../model/layer-spec.js';
import {networks, type VariantName} from '../model/networks.js';
import {loadWeights} from '../runner/load-weights.js';
import {takesDigits, testDigit, type TestDigit} from '../runner/test-digit.js';
import {describeInit, initNames, initWeights, type InitName, type Weights} from '../runner/weights.js';
import {defaultSeed} from '../tensor/random.js';
import type {Tensor} from '../tensor/tensor.js';

/** The flags that choose a network, its weights and its input (shared by forward and bench). */
export type SetupOptions = {
	variant?: VariantName;
	/** A network given as data instead of a variant (tests, other tools). */
	network?: Network;
	image?: string;
	/** Which MNIST test digit feeds a 28×28×1 network when no image is given (default 0). */
	digit?: number;
	seed?: number;
	init?: InitName;
	weights?: string;
	until?: string;
};

/** Everything a forward pass needs, and in words what each part is. */
export type Setup = {
	readonly summary: NetworkSummary;
	readonly weights: Weights;
	/** "random weights (He init, seed 2012), not a trained ImageNet model" or "weights loaded from …". */
	readonly weightsNote: string;
	/** True when the weights are random (every screen then says so). */
	readonly random: boolean;
	readonly input: Tensor;
	/** The image after resize and crop, as 8-bit RGB (for screens). */
	readonly picture: RgbImage;
	readonly inputNote: string;
	/** The MNIST test digit fed in (28×28×1 networks without --image), with its true label. */
	readonly digit?: {readonly index: number; readonly label: number};
};

/** Checks `--seed`: an integer in [0, 2³²). */
export function checkSeed(seed: number | undefined): number {
	if (seed === undefined) return defaultSeed;
	if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new UsageError(`--seed ${seed}: expected an integer from 0 to 4294967295`);
	return seed;
}

/** Builds the network's facts, its weights (loaded or seeded) and its input (an image file or the built-in sample). */
export function prepareForward(options: SetupOptions): Setup {
	const variant = options.variant ?? 'original';
	const network = options.network ?? networks[variant];
	if (!network) throw new UsageError(`--variant ${variant}: expected one of ${Object.keys(networks).join(', ')}`);
	const summary = analyzeNetwork(network);
	if (options.until !== undefined) findLayer(summary, options.until);
	const init = options.init ?? 'he';
	if (!initNames.includes(init)) throw new UsageError(`--init ${init}: expected one of ${initNames.join(', ')}`);
	const seed = checkSeed(options.seed);
	// Read the image before making 61 M weights, so a wrong path fails at once. The sample picture stays the same
	// whatever --seed says: the seed is for the weights.
	const digits = options.image === undefined && takesDigits(network);
	if (options.digit !== undefined && !digits) {
		throw new UsageError(options.image !== undefined ? '--digit and --image both choose the input: give one' : `--digit feeds MNIST digits to 28×28×1 networks; ${network.name} takes ${network.input.join('×')}`);
	}
	const digit: TestDigit | undefined = digits ? testDigit(options.digit ?? 0) : undefined;
	const image = digit ? digit.picture : options.image === undefined ? sampleImage(defaultSeed) : readImage(options.image);
	let weights: Weights;
	let weightsNote: string;
	if (options.weights !== undefined) {
		const loaded = loadWeights(options.weights, summary);
		weights = loaded.weights;
		weightsNote = loaded.description;
	} else {
		weights = initWeights(summary, {seed, init});
		// A digit network can be trained here (an ImageNet one cannot): say how.
		weightsNote = takesDigits(network) ? describeInit(init, seed, 'not trained yet: `alexnet-tour train --save FILE` makes trained ones') : describeInit(init, seed);
	}
	const [h, w, c] = network.input;
	const source = options.image === undefined ? 'the built-in sample image (a drawn landscape)' : `${options.image} (${image.width}×${image.height})`;
	const random = options.weights === undefined;
	if (digit) {
		return {
			summary,
			weights,
			weightsNote,
			random,
			input: digit.input,
			picture: digit.picture,
			inputNote: `MNIST test digit #${digit.index} (true label ${digit.label}), 28×28×1, the training set's mean pixel subtracted as in training`,
			digit: {index: digit.index, label: digit.label},
		};
	}
	return {
		summary,
		weights,
		weightsNote,
		random,
		input: imageToInput(image, network.input),
		picture: cropForNetwork(image, network.input),
		inputNote: `${source}, resized and centre-cropped to ${h}×${w}×${c}, ImageNet mean subtracted, divided by its std`,
	};
}
