import {UsageError} from '../errors.js';
import {hwcToNchw} from '../tensor/layout.js';
import type {Tensor} from '../tensor/tensor.js';
import {centerCrop, resizeBilinear, type RgbImage} from './image.js';

/** ImageNet's mean pixel in R, G, B on the 0–255 scale (Caffe's ilsvrc_2012 mean, as VGG and many ports quote it). */
export const imagenetMean = [123.68, 116.78, 103.94] as const;

/**
 * ImageNet's per-channel standard deviation on the 0–255 scale (torchvision's 0.229, 0.224, 0.225). The paper only
 * subtracts the mean; dividing by this too keeps the input near unit scale, so random He weights keep every layer
 * near it as well instead of carrying the pixels' ±100 range through to logits that saturate the softmax.
 */
export const imagenetStd = [58.395, 57.12, 57.375] as const;

/**
 * The shorter side an image is resized to before the centre crop: 256 for AlexNet-sized inputs (paper §2: "rescaled
 * the image such that the shorter side was of length 256"), and the same 256 : 224 ratio for other input sizes.
 */
export function resizeTarget(inputSize: number): number {
	return inputSize >= 224 && inputSize <= 256 ? 256 : Math.round((inputSize * 256) / 224);
}

/** Resizes so the shorter side is `target` pixels (bilinear), keeping the aspect ratio. */
export function resizeShorterSide(image: RgbImage, target: number): RgbImage {
	const scale = target / Math.min(image.width, image.height);
	const width = Math.max(target, Math.round(image.width * scale));
	const height = Math.max(target, Math.round(image.height * scale));
	return width === image.width && height === image.height ? image : resizeBilinear(image, width, height);
}

/** The preprocessed image at the network's input size, still as 8-bit RGB (what screens draw). */
export function cropForNetwork(image: RgbImage, input: readonly [number, number, number]): RgbImage {
	const [h, w] = input;
	return centerCrop(resizeShorterSide(image, resizeTarget(Math.max(h, w))), w, h);
}

/**
 * How an image becomes the network's input. `random` (the tour's random weights): the mean pixel subtracted (paper §2)
 * and divided by ImageNet's std, so random weights keep their scale. `torchvision`: RGB scaled to 0–1, minus
 * torchvision's mean (0.485, 0.456, 0.406), divided by its std (0.229, 0.224, 0.225). `caffe`: BGR on the 0–255 scale
 * minus Caffe's mean pixel (B 104, G 117, R 123), as BVLC trained AlexNet and CaffeNet.
 */
export type Preprocess = 'random' | 'torchvision' | 'caffe';

/** The names `--preprocess` accepts. */
export const preprocessNames: readonly Preprocess[] = ['torchvision', 'caffe'];

/** Per-channel (in R, G, B order) mean and divisor on the 0–255 scale, and whether channels go to the network as BGR. */
const presets: Readonly<Record<Preprocess, {mean: readonly number[]; std: readonly number[]; bgr: boolean}>> = {
	random: {mean: imagenetMean, std: imagenetStd, bgr: false},
	torchvision: {mean: [0.485 * 255, 0.456 * 255, 0.406 * 255], std: [0.229 * 255, 0.224 * 255, 0.225 * 255], bgr: false},
	caffe: {mean: [123, 117, 104], std: [1, 1, 1], bgr: true},
};

/** The preprocessing in words, for screens. */
export function describePreprocess(p: Preprocess): string {
	return {
		random: 'ImageNet mean subtracted, divided by its std',
		torchvision: "preprocessed as torchvision's: RGB / 255, minus mean (0.485, 0.456, 0.406), divided by std (0.229, 0.224, 0.225)",
		caffe: "preprocessed as Caffe's: BGR 0–255 minus the mean pixel (104, 117, 123)",
	}[p];
}

/**
 * An image as the network's input: resized (shorter side 256), centre-cropped to the input size (paper §2), then
 * normalised per channel as `preprocess` says, as an NCHW tensor [1, C, H, W]. A 1-channel network gets the luminance
 * (ITU-R 601) the same way.
 */
export function imageToInput(image: RgbImage, input: readonly [number, number, number], preprocess: Preprocess = 'random'): Tensor {
	const [h, w, c] = input;
	if (c !== 3 && c !== 1) throw new UsageError(`images feed networks of 1 or 3 input channels; this one takes ${c}`);
	const crop = cropForNetwork(image, input);
	const values = new Float32Array(h * w * c);
	const {mean, std, bgr} = presets[preprocess];
	const [mr, mg, mb] = mean as [number, number, number];
	const [sr, sg, sb] = std as [number, number, number];
	const sy = 0.299 * sr + 0.587 * sg + 0.114 * sb;
	for (let i = 0; i < h * w; i++) {
		const r = (crop.data[i * 3]! - mr) / sr;
		const g = (crop.data[i * 3 + 1]! - mg) / sg;
		const b = (crop.data[i * 3 + 2]! - mb) / sb;
		if (c === 3) {
			values[i * 3] = bgr ? b : r;
			values[i * 3 + 1] = g;
			values[i * 3 + 2] = bgr ? r : b;
		} else {
			values[i] = (0.299 * r * sr + 0.587 * g * sg + 0.114 * b * sb) / sy;
		}
	}
	return hwcToNchw(h, w, c, values);
}

/**
 * A picture as MNIST's training digits were: grey on a 0–1 scale, resized and centre-cropped to the network's
 * side, light ink on a dark ground (a dark-on-light drawing, whose mean is above ½, is inverted), and the training
 * set's mean pixel subtracted, as training does. Returns the tensor [1, 1, H, W] and the picture (for screens).
 */
export function digitImageToInput(image: RgbImage, side: number, meanPixel: number): {input: Tensor; picture: RgbImage; inverted: boolean} {
	const crop = centerCrop(resizeShorterSide(image, side), side, side);
	const grey = new Float32Array(side * side);
	let sum = 0;
	for (let i = 0; i < grey.length; i++) {
		grey[i] = (0.299 * crop.data[i * 3]! + 0.587 * crop.data[i * 3 + 1]! + 0.114 * crop.data[i * 3 + 2]!) / 255;
		sum += grey[i]!;
	}
	const inverted = sum / grey.length > 0.5;
	const rgb = new Uint8Array(side * side * 3);
	const data = new Float32Array(side * side);
	for (let i = 0; i < grey.length; i++) {
		const v = inverted ? 1 - grey[i]! : grey[i]!;
		data[i] = v - meanPixel;
		rgb.fill(Math.round(v * 255), i * 3, i * 3 + 3);
	}
	return {input: {shape: [1, 1, side, side], data}, picture: {width: side, height: side, data: rgb}, inverted};
}
