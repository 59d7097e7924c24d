import {UsageError} from '../errors.js';
import type {Network} from '../model/layer-spec.js';
import {digitBatch} from './evaluate.js';
import type {Tensor} from '../tensor/tensor.js';
import type {RgbImage} from '../data/image.js';
import {loadMnist, type Digits} from '../data/mnist.js';

/** One held-out MNIST test digit ready for a forward pass: its index in the 10,000, its true label, input and picture. */
export type TestDigit = {
	readonly index: number;
	readonly label: number;
	/** [1, 1, 28, 28], the training set's mean pixel subtracted exactly as training does (digitBatch). */
	readonly input: Tensor;
	/** The digit as 8-bit RGB (white ink on black, as MNIST stores it), for screens. */
	readonly picture: RgbImage;
};

/** True when a network takes MNIST's 28×28×1 digits (the `mini` variant, or any net of that input). */
export function takesDigits(network: Network): boolean {
	const [h, w, c] = network.input;
	return h === 28 && w === 28 && c === 1;
}

/** Test digit `index` (0–9,999 of MNIST's own test set, in file order); out of range is a UsageError giving the range. */
export function testDigit(index: number, digits?: Digits): TestDigit {
	// Only the test set matters here; one training digit is the least loadMnist reads.
	const set = digits ?? loadMnist({train: 1, test: 10000}).test;
	if (!Number.isInteger(index) || index < 0 || index >= set.count) {
		throw new UsageError(`--digit ${index}: expected an integer from 0 to ${set.count - 1} (an index into MNIST's ${set.count} test digits)`);
	}
	const pixels = set.size * set.size;
	const rgb = new Uint8Array(pixels * 3);
	for (let i = 0; i < pixels; i++) rgb.fill(Math.round(255 * set.images[index * pixels + i]!), i * 3, i * 3 + 3);
	return {
		index,
		label: set.labels[index]!,
		input: digitBatch(set, [index]),
		picture: {width: set.size, height: set.size, data: rgb},
	};
}
