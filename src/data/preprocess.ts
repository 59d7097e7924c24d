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
 * An image as the network's input: resized, centre-cropped (paper §2), the mean pixel subtracted per channel (§2:
 * "subtracting the mean activity over the training set from each pixel") and divided by the channel's standard
 * deviation, as an NCHW tensor [1, C, H, W]. A 1-channel network gets the luminance (ITU-R 601) the same way.
 */
export function imageToInput(image: RgbImage, input: readonly [number, number, number]): Tensor {
	const [h, w, c] = input;
	if (c !== 3 && c !== 1) throw new UsageError(`images feed networks of 1 or 3 input channels; this one takes ${c}`);
	const crop = cropForNetwork(image, input);
	const values = new Float32Array(h * w * c);
	const [mr, mg, mb] = imagenetMean;
	const [sr, sg, sb] = imagenetStd;
	const sy = 0.299 * sr + 0.587 * sg + 0.114 * sb;
	for (let i = 0; i < h * w; i++) {
		const r = crop.data[i * 3]!;
		const g = crop.data[i * 3 + 1]!;
		const b = crop.data[i * 3 + 2]!;
		if (c === 3) {
			values[i * 3] = (r - mr) / sr;
			values[i * 3 + 1] = (g - mg) / sg;
			values[i * 3 + 2] = (b - mb) / sb;
		} else {
			values[i] = (0.299 * (r - mr) + 0.587 * (g - mg) + 0.114 * (b - mb)) / sy;
		}
	}
	return hwcToNchw(h, w, c, values);
}
