import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadMnist, parseIdx, readDigits} from '../../src/data/mnist.js';
import {InputError} from '../../src/errors.js';

/** An IDX file built by hand: magic 0x0000080<rank>, big-endian sizes, then the bytes. */
function idx(dims: number[], bytes: number[]): Uint8Array {
	const out = new Uint8Array(4 + 4 * dims.length + bytes.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, 0x0800 + dims.length);
	for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
	out.set(bytes, 4 + 4 * dims.length);
	return out;
}

test('parseIdx reads the sizes and the bytes of a hand-made label file', () => {
	const {dims, data} = parseIdx(idx([3], [7, 2, 1]), 'labels');
	assert.equal(dims, [3]);
	assert.equal([...data], [7, 2, 1]);
});

test('parseIdx refuses a wrong magic number and a short file, naming the file', () => {
	assert.throws(
		() => parseIdx(Uint8Array.from([0, 0, 9, 1, 0, 0, 0, 1, 5]), 'x.idx'),
		(e: Error) => e instanceof InputError && /x\.idx: not an IDX file of unsigned bytes \(magic 0x00000901\)/.test(e.message),
	);
	assert.throws(() => parseIdx(idx([4], [1, 2]), 'y.idx'), /y\.idx: the header promises 4 bytes of data, the file holds 2/);
});

test('readDigits scales pixels to [0, 1] and keeps the first `count` digits', () => {
	const pixels = Array.from({length: 2 * 784}, (_, i) => (i < 784 ? 255 : 51));
	const digits = readDigits(idx([2, 28, 28], pixels), idx([2], [4, 9]), 1, 'hand-made');
	assert.is(digits.count, 1);
	assert.equal([...digits.labels], [4]);
	assert.is(digits.images.length, 784);
	assert.is(digits.images[0], 1);
	assert.throws(() => readDigits(idx([2, 28, 28], pixels), idx([2], [4, 9]), 3, 'hand-made'), /hand-made: asked for 3 digits, the file has 1–2/);
	assert.throws(() => readDigits(idx([2, 28, 28], pixels), idx([2], [4, 12]), 2, 'hand-made'), /digit 1 has label 12, not 0–9/);
});

test('the real MNIST files: the first labels of the training and test sets are the published ones', () => {
	const {train, test: all} = loadMnist({train: 10, test: 10000});
	// LeCun's files begin 5 0 4 1 9 2 1 3 1 4 (training) and 7 2 1 0 4 1 4 9 5 9 (test).
	assert.equal([...train.labels], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
	assert.equal([...all.labels.subarray(0, 10)], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
	// 10 test digits spread over the 10,000: numbers 0, 1000, 2000, … of the file.
	const held = loadMnist({train: 1, test: 10}).test;
	assert.equal(
		[...held.labels],
		Array.from({length: 10}, (_, i) => all.labels[i * 1000]!),
	);
	assert.equal([...held.images.subarray(784, 2 * 784)], [...all.images.subarray(1000 * 784, 1001 * 784)]);
	// Ink is white on black in MNIST: a handwritten digit covers roughly a fifth of its 784 pixels.
	const inked = train.images.subarray(0, 784).filter((v) => v > 0.5).length;
	assert.ok(inked > 60 && inked < 250, `${inked} inked pixels in the first digit`);
});

test('loadMnist names a missing folder in its error', () => {
	assert.throws(() => loadMnist({train: 1, test: 1}, '/nonexistent/mnist'), /cannot read the MNIST file \/nonexistent\/mnist\/t10k-images-idx3-ubyte/);
});

test.run();
