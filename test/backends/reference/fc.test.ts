import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {ShapeError} from '../../../src/errors.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const exact = {abs: 1e-6};

test('fc on a batch of 2: y = W·x + b for each row', async () => {
	const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
	const w = tensor([2, 3], [1, 0, -1, 0.5, 0.5, 0.5]);
	const y = await b.fc(x, w, tensor([2], [10, -1]));
	assert.equal(y.shape, [2, 2]);
	assertClose(y.data, [1 - 3 + 10, 3 - 1, 4 - 6 + 10, 7.5 - 1], exact, 'y');
});

test('fc flattens an NCHW input in C, H, W order (pool5 → fc6)', async () => {
	// Channel 0 holds (1, 2) and channel 1 holds (3, 4): C, H, W order reads 1, 2, 3, 4 (giving 4321);
	// H, W, C order would read 1, 3, 2, 4 (giving 4231).
	const x = tensor([1, 2, 1, 2], [1, 2, 3, 4]);
	const y = await b.fc(x, tensor([1, 4], [1, 10, 100, 1000]), tensor([1]));
	assert.equal(y.shape, [1, 1]);
	assertClose(y.data, [4321], exact, 'y');
});

test('fcBackward: dx = dy·W, dW = dyᵀ·x, db = Σ dy over the batch', async () => {
	const x = tensor([2, 2], [1, 2, 3, 4]);
	const w = tensor([1, 2], [5, 6]);
	const dy = tensor([2, 1], [1, -1]);
	const {dx, dw, db} = await b.fcBackward(x, w, dy);
	assertClose(dx.data, [5, 6, -5, -6], exact, 'dx');
	assertClose(dw.data, [1 - 3, 2 - 4], exact, 'dw');
	assertClose(db.data, [0], exact, 'db');
});

test('fc refuses an input whose feature count does not match the weights', async () => {
	await b.fc(tensor([1, 5]), tensor([2, 4]), tensor([2])).then(
		() => assert.unreachable('5 features into a 4-input layer was accepted'),
		(e: unknown) => assert.instance(e, ShapeError),
	);
});

test.run();
