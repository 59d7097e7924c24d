import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const exact = {abs: 1e-7};

test('relu zeroes the negatives and keeps the rest', async () => {
	const y = await b.relu(tensor([1, 5], [-2, -0.5, 0, 0.5, 3]));
	assert.equal(y.shape, [1, 5]);
	assertClose(y.data, [0, 0, 0, 0.5, 3], exact, 'y');
});

test('reluBackward passes dy where x > 0 only (not at x = 0)', async () => {
	const dx = await b.reluBackward(tensor([1, 4], [-1, 0, 2, 3]), tensor([1, 4], [10, 20, 30, 40]));
	assertClose(dx.data, [0, 0, 30, 40], exact, 'dx');
});

test('dropout keeps the masked-in units and scales them by 1/(1 − ratio)', async () => {
	const x = tensor([1, 4], [1, 2, 3, 4]);
	const mask = tensor([1, 4], [1, 0, 1, 0]);
	assertClose((await b.dropout(x, mask, 0.5)).data, [2, 0, 6, 0], exact, 'ratio 0.5');
	assertClose((await b.dropout(x, mask, 0.25)).data, [4 / 3, 0, 4, 0], exact, 'ratio 0.25');
});

test('dropoutBackward applies the same mask and scale to dy', async () => {
	const dx = await b.dropoutBackward(tensor([1, 3], [1, 1, 1]), tensor([1, 3], [0, 1, 1]), 0.5);
	assertClose(dx.data, [0, 2, 2], exact, 'dx');
});

test.run();
