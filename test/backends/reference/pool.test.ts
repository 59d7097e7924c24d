import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const exact = {abs: 1e-6};
/** An n×n single-channel image whose pixel (r, c) is n·r + c. */
const ramp = (n: number) =>
	tensor(
		[1, 1, n, n],
		Array.from({length: n * n}, (_, i) => i),
	);

test('maxpool 2×2 stride 2 takes each window’s largest value', async () => {
	const x = tensor([1, 1, 4, 4], [1, 3, 2, 0, 5, 4, 7, 6, 9, 8, 0, 1, 2, 3, 4, 12]);
	const y = await b.maxpool(x, {kernel: 2, stride: 2, pad: 0, ceil: false});
	assert.equal(y.shape, [1, 1, 2, 2]);
	assertClose(y.data, [5, 7, 9, 12], exact, 'y');
});

test('maxpool 3×3 stride 2 (overlapping, paper §3.4) on a 5×5 ramp', async () => {
	const y = await b.maxpool(ramp(5), {kernel: 3, stride: 2, pad: 0, ceil: false});
	assertClose(y.data, [12, 14, 22, 24], exact, 'y');
});

test('maxpool ceil mode adds a clipped last window: 6×6 → 3×3 instead of 2×2', async () => {
	const floor = await b.maxpool(ramp(6), {kernel: 3, stride: 2, pad: 0, ceil: false});
	const ceil = await b.maxpool(ramp(6), {kernel: 3, stride: 2, pad: 0, ceil: true});
	assertClose(floor.data, [14, 16, 26, 28], exact, 'floor');
	assert.equal(ceil.shape, [1, 1, 3, 3]);
	assertClose(ceil.data, [14, 16, 17, 26, 28, 29, 32, 34, 35], exact, 'ceil');
});

test('maxpool padding is never the maximum, even when every input is negative', async () => {
	const x = tensor([1, 1, 3, 3], [-1, -2, -3, -4, -5, -6, -7, -8, -9]);
	const y = await b.maxpool(x, {kernel: 2, stride: 2, pad: 1, ceil: false});
	assertClose(y.data, [-1, -2, -4, -5], exact, 'y');
});

test('avgpool 2×2 stride 2 averages each window', async () => {
	const y = await b.avgpool(ramp(4), {kernel: 2, stride: 2, pad: 0, ceil: false});
	assertClose(y.data, [2.5, 4.5, 10.5, 12.5], exact, 'y');
});

test('avgpool counts padding cells in the divisor (Caffe AVE, PyTorch count_include_pad=True)', async () => {
	const ones = tensor([1, 1, 3, 3], Array(9).fill(1));
	const y = await b.avgpool(ones, {kernel: 2, stride: 2, pad: 1, ceil: false});
	assertClose(y.data, [1 / 4, 2 / 4, 2 / 4, 4 / 4], exact, 'y');
});

test('avgpool ceil: a window hanging past the padding divides by its part inside the padded input', async () => {
	// Along each axis the windows cover −1…1, 1…3 and 3…4 (clipped at n + p = 5): lengths 3, 3, 2 holding 2, 3, 1 real cells.
	const ones = tensor([1, 1, 4, 4], Array(16).fill(1));
	const y = await b.avgpool(ones, {kernel: 3, stride: 2, pad: 1, ceil: true});
	assert.equal(y.shape, [1, 1, 3, 3]);
	const expected = [4 / 9, 6 / 9, 2 / 6, 6 / 9, 9 / 9, 3 / 6, 2 / 6, 3 / 6, 1 / 4];
	assertClose(y.data, expected, exact, 'y');
});

test('adaptiveAvgpool 5×5 → 3×3 uses windows rows/cols [0,2), [1,4), [3,5) (floor start, ceil end)', async () => {
	// The mean of 5r + c over rows R and columns C is 5·mean(R) + mean(C); the means are 0.5, 2 and 3.5.
	const y = await b.adaptiveAvgpool(ramp(5), 3);
	assert.equal(y.shape, [1, 1, 3, 3]);
	assertClose(y.data, [3, 4.5, 6, 10.5, 12, 13.5, 18, 19.5, 21], exact, 'y');
});

test('adaptiveAvgpool to the input’s own size changes nothing', async () => {
	const x = ramp(6);
	const y = await b.adaptiveAvgpool(x, 6);
	assertClose(y.data, x.data, exact, 'y');
});

test('maxpoolBackward: overlapping windows that share a maximum add their gradients there', async () => {
	const x = tensor([1, 1, 3, 3], [0, 1, 0, 1, 5, 1, 0, 1, 0]);
	const dy = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
	const dx = await b.maxpoolBackward(x, dy, {kernel: 2, stride: 1, pad: 0, ceil: false});
	assertClose(dx.data, [0, 0, 0, 0, 10, 0, 0, 0, 0], exact, 'dx');
});

test('maxpoolBackward: on a tie the first input in row order takes the gradient', async () => {
	const x = tensor([1, 1, 2, 4], [7, 7, 3, 9, 7, 7, 9, 9]);
	const dy = tensor([1, 1, 1, 2], [1, 2]);
	const dx = await b.maxpoolBackward(x, dy, {kernel: 2, stride: 2, pad: 0, ceil: false});
	assertClose(dx.data, [1, 0, 0, 2, 0, 0, 0, 0], exact, 'dx');
});

test.run();
