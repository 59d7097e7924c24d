import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {ShapeError} from '../../../src/errors.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const plain = {stride: 1, pad: 0, dilation: 1, groups: 1};
const exact = {abs: 1e-6};
const x3 = tensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
const sobel = tensor([1, 1, 3, 3], [1, 0, -1, 2, 0, -2, 1, 0, -1]);
/** A 5×5 image whose pixel (r, c) is 5r + c. */
const x5 = tensor(
	[1, 1, 5, 5],
	Array.from({length: 25}, (_, i) => i),
);
const ones2 = tensor([1, 1, 2, 2], [1, 1, 1, 1]);
const zero1 = tensor([1], [0]);

test('conv 1×1×3×3 with a Sobel kernel and no padding: one number, (1−3) + 2(4−6) + (7−9) + bias', async () => {
	const y = await b.conv(x3, sobel, tensor([1], [0.5]), plain);
	assert.equal(y.shape, [1, 1, 1, 1]);
	assertClose(y.data, [-7.5], exact, 'y');
});

test('conv 1×1×3×3 Sobel with pad 1 keeps 3×3, zeros entering at the border', async () => {
	const y = await b.conv(x3, sobel, zero1, {...plain, pad: 1});
	assert.equal(y.shape, [1, 1, 3, 3]);
	assertClose(y.data, [-9, -6, 9, -20, -8, 20, -21, -6, 21], exact, 'y');
});

test('conv stride 2 that does not divide 5 − 2: the last row and column are never read', async () => {
	const y = await b.conv(x5, ones2, zero1, {...plain, stride: 2});
	assert.equal(y.shape, [1, 1, 2, 2]);
	assertClose(y.data, [0 + 1 + 5 + 6, 2 + 3 + 7 + 8, 10 + 11 + 15 + 16, 12 + 13 + 17 + 18], exact, 'y');
});

test('conv dilation 2: a 2×2 kernel reads pixels two apart (span 3), y(i, j) = 20i + 4j + 24', async () => {
	const y = await b.conv(x5, ones2, zero1, {...plain, dilation: 2});
	assert.equal(y.shape, [1, 1, 3, 3]);
	assertClose(y.data, [24, 28, 32, 44, 48, 52, 64, 68, 72], exact, 'y');
});

test('conv sums over input channels and adds each filter its bias', async () => {
	const x = tensor([1, 2, 1, 1], [2, 3]);
	const w = tensor([3, 2, 1, 1], [1, 1, 1, -1, 0.5, 2]);
	const y = await b.conv(x, w, tensor([3], [0, 1, 2]), plain);
	assertClose(y.data, [5, 0, 9], exact, 'y');
});

test('conv with 2 groups: filter 0 reads channels 0–1 only, filter 1 channels 2–3 only', async () => {
	const x = tensor([1, 4, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
	const w = tensor([2, 2, 1, 1], [1, 10, 100, 1000]);
	const y = await b.conv(x, w, tensor([2]), {...plain, groups: 2});
	assert.equal(y.shape, [1, 2, 1, 2]);
	assertClose(y.data, [1 + 30, 2 + 40, 500 + 7000, 600 + 8000], exact, 'y');
});

test('conv on a non-square input with batch 2: 3×4 → 1×2, each batch item on its own', async () => {
	const item = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
	const x = tensor([2, 1, 3, 4], [...item, ...item.map((v) => v + 1)]);
	const y = await b.conv(x, tensor([1, 1, 3, 3], Array(9).fill(1)), zero1, plain);
	assert.equal(y.shape, [2, 1, 1, 2]);
	assertClose(y.data, [54, 63, 63, 72], exact, 'y');
});

test('conv refuses groups that do not divide the channels, a kernel larger than the padded input, stride 0', async () => {
	const x = tensor([1, 3, 4, 4]);
	await b.conv(x, tensor([4, 1, 3, 3]), tensor([4]), {...plain, groups: 3}).then(
		() => assert.unreachable('groups 3 with 4 filters was accepted'),
		(e: unknown) => assert.instance(e, ShapeError),
	);
	await b.conv(x, tensor([1, 3, 5, 5]), tensor([1]), plain).then(
		() => assert.unreachable('a 5×5 kernel on a 4×4 input was accepted'),
		(e: unknown) => assert.instance(e, ShapeError),
	);
	await b.conv(x, tensor([1, 3, 3, 3]), tensor([1]), {...plain, stride: 0}).then(
		() => assert.unreachable('stride 0 was accepted'),
		(e: unknown) => assert.instance(e, ShapeError),
	);
});

test.run();
