import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {ShapeError} from '../../../src/errors.js';
import {tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const close = {abs: 1e-6, rel: 1e-6};

test('lrn over 3 channels, n=3, k=2, α=0.1 (not divided by n), β=0.75, computed by hand', async () => {
	// Pixel 0 holds a = (1, 2, 3): the windows are {0,1}, {0,1,2}, {1,2}, so Σa² = 5, 14, 13 and
	// D = 2 + 0.1·Σa² = 2.5, 3.4, 3.3. Pixel 1 holds (3, 0, 1): Σa² = 9, 10, 1 and D = 2.9, 3.0, 2.1.
	// b = a / D^0.75: 1/2.5^0.75 = 0.502973…, 2/3.4^0.75 = 0.798768…, 3/3.3^0.75 = 1.225281…,
	// 3/2.9^0.75 = 1.349966…, 0, 1/2.1^0.75 = 0.573239…
	const x = tensor([1, 3, 1, 2], [1, 3, 2, 0, 3, 1]);
	const y = await b.lrn(x, {size: 3, alpha: 0.1, beta: 0.75, k: 2});
	assert.equal(y.shape, [1, 3, 1, 2]);
	assertClose(y.data, [0.5029733718731741, 1.349965769123148, 0.7987682757159082, 0, 1.225281284102679, 0.5732387350012933], close, 'y');
});

test('lrn with a window wider than the channels sums over all of them: n=5 on 3 channels', async () => {
	// Σa² = 14 for every channel, D = 3.4, b = a / 3.4^0.75.
	const x = tensor([1, 3, 1, 1], [1, 2, 3]);
	const y = await b.lrn(x, {size: 5, alpha: 0.1, beta: 0.75, k: 2});
	assertClose(y.data, [0.3993841378579541, 0.7987682757159082, 1.1981524135738624], close, 'y');
});

test('lrn with the paper’s constants (§3.3: k=2, α=1e-4, β=0.75) on small activations is a division by 2^0.75', async () => {
	const x = tensor([1, 5, 1, 1], [0.01, -0.02, 0.03, 0, 0.05]);
	const y = await b.lrn(x, {size: 5, alpha: 1e-4, beta: 0.75, k: 2});
	assertClose(
		y.data,
		[0.01, -0.02, 0.03, 0, 0.05].map((v) => v / 2 ** 0.75),
		{abs: 1e-8, rel: 1e-6},
		'y',
	);
});

test('lrn refuses an even size: its window would have no centre channel', async () => {
	await b.lrn(tensor([1, 4, 1, 1]), {size: 4, alpha: 1e-4, beta: 0.75, k: 2}).then(
		() => assert.unreachable('size 4 was accepted'),
		(e: unknown) => assert.instance(e, ShapeError),
	);
});

test.run();
