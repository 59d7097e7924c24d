import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {createRandom} from '../../../src/tensor/random.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const close = {abs: 1e-7};

test('softmax of (0, ln 2, ln 3) is (1/6, 2/6, 3/6)', async () => {
	const y = await b.softmax(tensor([1, 3], [0, Math.log(2), Math.log(3)]));
	assertClose(y.data, [1 / 6, 2 / 6, 3 / 6], close, 'y');
});

test('softmax normalises each batch row on its own', async () => {
	const y = await b.softmax(tensor([2, 2], [0, 0, Math.log(3), 0]));
	assertClose(y.data, [0.5, 0.5, 0.75, 0.25], close, 'y');
});

test('softmax is numerically stable: logits of 1000 give 0.5 and 1, not NaN', async () => {
	const y = await b.softmax(tensor([2, 2], [1000, 1000, 1000, 0]));
	assertClose(y.data, [0.5, 0.5, 1, 0], close, 'y');
});

test('softmax rows of 1000 random logits each sum to 1', async () => {
	const random = createRandom(7);
	const y = await b.softmax(
		tensor(
			[3, 1000],
			Array.from({length: 3000}, () => 20 * random.normal()),
		),
	);
	const sums = [0, 1, 2].map((r) => y.data.subarray(r * 1000, (r + 1) * 1000).reduce((s, v) => s + v, 0));
	assertClose(sums, [1, 1, 1], {abs: 1e-5}, 'row sums');
});

test('softmaxCrossEntropy: mean of −log p[label] over the batch, gradient (p − onehot)/N', async () => {
	// Row 0: p = (1/2, 1/2), label 1, loss ln 2. Row 1: p = (3/4, 1/4), label 0, loss ln(4/3).
	const {loss, dlogits} = await b.softmaxCrossEntropy(tensor([2, 2], [0, 0, Math.log(3), 0]), Int32Array.from([1, 0]));
	assertClose([loss], [(Math.log(2) + Math.log(4 / 3)) / 2], {abs: 1e-7}, 'loss');
	assert.equal(dlogits.shape, [2, 2]);
	assertClose(dlogits.data, [0.25, -0.25, -0.125, 0.125], close, 'dlogits');
});

test('softmaxCrossEntropy stays finite for a confident wrong answer: logits (1000, 0), label 1, loss 1000', async () => {
	const {loss, dlogits} = await b.softmaxCrossEntropy(tensor([1, 2], [1000, 0]), Int32Array.from([1]));
	assertClose([loss], [1000], {abs: 1e-9}, 'loss');
	assertClose(dlogits.data, [1, -1], close, 'dlogits');
});

test.run();
