import {readImage, type RgbImage} from '../data/image.js';
import {mnistMeanPixel} from '../data/mnist.js';
import {cropForNetwork, describePreprocess, digitImageToInput, imageToInput, preprocessNames, type Preprocess} from '../data/preprocess.js';
import {readInputFile} from '../io/read-file.js';
import {shippedWeightsName, shippedWeightsPath} from '../io/shipped-weights.js';
import {loadCaffeModel} from '../runner/load-caffe.js';
import {loadOnnxModel, type LoadedModel} from '../runner/load-model.js';
import {decodeNpy} from '../tensor/npy.js';
import {sampleImage} from '../data/sample-image.js';
import {UsageError} from '../errors.js';
import {bytes} from '../format/units.js';
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
	/** A trained model file: an .onnx, or a .caffemodel with `prototxt` (or a .prototxt beside it). */
	model?: string;
	prototxt?: string;
	/** How images are normalised: the model's source's way (found from the file where it can be), or as given. */
	preprocess?: Preprocess;
	/** A [C, H, W] float32 .npy fed in as it is (to compare with PyTorch exactly). */
	inputNpy?: string;
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
	/** The built-in variant a --model file matches, in words. */
	readonly matches?: string;
	/** True when the weights come from a trained model file (--model). */
	readonly trained?: boolean;
};

/** Checks `--seed`: an integer in [0, 2³²). */
export function checkSeed(seed: number | undefined): number {
	if (seed === undefined) return defaultSeed;
	if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new UsageError(`--seed ${seed}: expected an integer from 0 to 4294967295`);
	return seed;
}

/** Builds the network's facts, its weights (loaded or seeded) and its input (an image file or the built-in sample). */
export function prepareForward(options: SetupOptions): Setup {
	if (options.model !== undefined) {
		for (const [flag, v] of [
			['--variant', options.variant],
			['--weights', options.weights],
			['--digit', options.digit],
		] as const) {
			if (v !== undefined) throw new UsageError(`--model and ${flag} both choose the network or its weights: give one`);
		}
	}
	if (options.prototxt !== undefined && options.model === undefined) throw new UsageError('--prototxt goes with --model FILE.caffemodel');
	if (options.preprocess !== undefined && !preprocessNames.includes(options.preprocess)) throw new UsageError(`--preprocess ${options.preprocess}: expected ${preprocessNames.join(' or ')}`);
	if (options.inputNpy !== undefined && (options.image !== undefined || options.digit !== undefined)) throw new UsageError('--input-npy, --image and --digit each choose the input: give one');
	const loaded = options.model === undefined ? undefined : loadModel(options.model, options.prototxt);
	const variant = options.variant ?? 'original';
	const network = loaded?.summary.network ?? options.network ?? networks[variant];
	if (!network) throw new UsageError(`--variant ${variant}: expected one of ${Object.keys(networks).join(', ')}`);
	const summary = loaded?.summary ?? analyzeNetwork(network);
	checkTensorSizes(summary);
	if (options.until !== undefined) findLayer(summary, options.until);
	const init = options.init ?? 'he';
	if (!initNames.includes(init)) throw new UsageError(`--init ${init}: expected one of ${initNames.join(', ')}`);
	const seed = checkSeed(options.seed);
	// Read the image before making 61 M weights, so a wrong path fails at once. The sample picture stays the same
	// whatever --seed says: the seed is for the weights.
	const digits = options.image === undefined && options.inputNpy === undefined && takesDigits(network);
	if (options.digit !== undefined && !digits) {
		throw new UsageError(options.image !== undefined ? '--digit and --image both choose the input: give one' : `--digit feeds MNIST digits to 28×28×1 networks; ${network.name} takes ${network.input.join('×')}`);
	}
	const digit: TestDigit | undefined = digits ? testDigit(options.digit ?? 0) : undefined;
	const image = digit ? digit.picture : options.image === undefined ? sampleImage(defaultSeed) : readImage(options.image);
	let weights: Weights;
	let weightsNote: string;
	if (loaded) {
		weights = loaded.weights;
		weightsNote = loaded.description;
	} else if (options.weights === shippedWeightsName) {
		if (network.name !== 'mini') throw new UsageError(`--weights ${shippedWeightsName} are the mini AlexNet's trained weights: they go with --variant mini, not ${network.name}`);
		const loaded = loadWeights(shippedWeightsPath(), summary);
		weights = loaded.weights;
		weightsNote = `the trained weights that ship with alexnet-tour${loaded.note ? ` (${loaded.note})` : ''}`;
	} else if (options.weights !== undefined) {
		const loaded = loadWeights(options.weights, summary);
		weights = loaded.weights;
		weightsNote = loaded.description;
	} else {
		weights = initWeights(summary, {seed, init});
		// A digit network can be trained here (an ImageNet one cannot): say how.
		weightsNote = takesDigits(network) ? describeInit(init, seed, `not trained: --weights ${shippedWeightsName} loads the trained ones that ship, \`alexnet-tour train --save FILE\` makes your own`) : describeInit(init, seed);
	}
	const [h, w, c] = network.input;
	const source = options.image === undefined ? 'the built-in sample image (a drawn landscape)' : `${options.image} (${image.width}×${image.height})`;
	const random = options.weights === undefined && loaded === undefined;
	if (options.inputNpy !== undefined) {
		const input = npyInput(options.inputNpy, network.input);
		return {
			summary,
			weights,
			weightsNote,
			random,
			input,
			picture: tensorPicture(input),
			inputNote: `${options.inputNpy} (${h}×${w}×${c} float32, fed in as it is)`,
			...(loaded?.matches ? {matches: loaded.matches} : {}),
			...(loaded ? {trained: true} : {}),
		};
	}
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
	if (takesDigits(network) && options.image !== undefined && options.preprocess === undefined) {
		// A digit network was trained on MNIST: its pictures go in as MNIST's did, not as ImageNet's (5× off in scale).
		const d = digitImageToInput(image, h, mnistMeanPixel);
		const how = `grey, ${h}×${w}, ${d.inverted ? 'inverted to light ink on dark (as MNIST), ' : ''}the training set's mean pixel subtracted, as in training`;
		return {summary, weights, weightsNote, random, input: d.input, picture: d.picture, inputNote: `${source}, ${how}`, ...(loaded ? {trained: true} : {})};
	}
	const preprocess = options.preprocess ?? (loaded ? loaded.preprocess : 'random');
	if (!preprocess) {
		throw new UsageError(`${options.model}: the file does not say how its training images were preprocessed: give --preprocess torchvision or --preprocess caffe`);
	}
	return {
		summary,
		weights,
		weightsNote,
		random,
		input: imageToInput(image, network.input, preprocess),
		picture: cropForNetwork(image, network.input),
		inputNote: `${source}, resized and centre-cropped to ${h}×${w}×${c}, ${describePreprocess(preprocess)}`,
		...(loaded?.matches ? {matches: loaded.matches} : {}),
		...(loaded ? {trained: true} : {}),
	};
}

/** The largest tensor a forward pass allocates: 2 GiB (AlexNet's largest, fc6's weights, is 144 MiB). */
export const maxTensorBytes = 2 * 1024 ** 3;

/** Refuses, before anything is allocated, a network whose weights or outputs of one layer would not fit. */
function checkTensorSizes(summary: NetworkSummary): void {
	for (const l of summary.layers) {
		const biggest = Math.max(l.activationBytes, l.weightBytes);
		if (biggest > maxTensorBytes) {
			throw new UsageError(`${l.spec.name}: its ${l.weightBytes > l.activationBytes ? 'weights' : 'output'} would take ${bytes(biggest)}; the largest tensor this program allocates is ${bytes(maxTensorBytes)}`);
		}
	}
}

/** Reads a [C, H, W] float32 .npy as the network's input, checking its shape. */
function npyInput(file: string, input: readonly [number, number, number]): Tensor {
	const t = decodeNpy(readInputFile(file, 'NumPy'), file);
	const [h, w, c] = input;
	if (t.shape.join() !== [c, h, w].join()) throw new UsageError(`${file} is [${t.shape.join(', ')}]; the network takes [C, H, W] = [${c}, ${h}, ${w}]`);
	const bad = t.data.findIndex((v) => !Number.isFinite(v));
	if (bad >= 0) throw new UsageError(`${file} holds ${t.data[bad]} at index ${bad}: the input must be finite numbers`);
	return {shape: [1, c, h, w], data: t.data};
}

/** A picture of an input tensor for screens: each channel scaled to 0–255 over its own range. */
function tensorPicture(t: Tensor): RgbImage {
	const [, c, h, w] = t.shape as [number, number, number, number];
	const data = new Uint8Array(h * w * 3);
	for (let ch = 0; ch < 3; ch++) {
		const plane = t.data.subarray(Math.min(ch, c - 1) * h * w, (Math.min(ch, c - 1) + 1) * h * w);
		let lo = Infinity;
		let hi = -Infinity;
		for (const v of plane) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
		for (let i = 0; i < h * w; i++) data[i * 3 + ch] = hi > lo ? Math.round(((plane[i]! - lo) / (hi - lo)) * 255) : 0;
	}
	return {width: w, height: h, data};
}

/** Models already read in this process (the tour reads one for its lessons, then for its session), by file and prototxt. */
const loadedModels = new Map<string, LoadedModel>();

/** Loads --model: ONNX, or a .caffemodel with its deploy prototxt; each file is read once (its weights are views, never changed). */
export function loadModel(file: string, prototxt: string | undefined): LoadedModel {
	const key = `${file}\u0000${prototxt ?? ''}`;
	let loaded = loadedModels.get(key);
	if (!loaded) {
		if (/\.onnx$/i.test(file)) {
			if (prototxt !== undefined) throw new UsageError('--prototxt goes with a .caffemodel; an ONNX model holds its own graph');
			loaded = loadOnnxModel(file);
		} else if (/\.caffemodel$/i.test(file)) loaded = loadCaffeModel(file, prototxt);
		else throw new UsageError(`--model ${file}: expected an .onnx file, or a .caffemodel with --prototxt`);
		loadedModels.set(key, loaded);
	}
	return loaded;
}
