/**
 * Every backward op of the reference checked against central finite differences (float64 quotients)
 * on small seeded random tensors. The loss is L = Σ r·y for a fixed random r, so dy = r.
 */
import {test} from 'uvu';
import type {ConvAttrs, LrnAttrs, PoolAttrs} from '../../../src/backends/backend.js';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {createRandom} from '../../../src/tensor/random.js';
import {sizeOf, tensor, type Tensor} from '../../../src/tensor/tensor.js';
import {assertClose, type Tolerance} from '../../helpers/assert-close.js';
import {numericGradient, weightedSum} from '../../helpers/finite-difference.js';

const b = createReferenceBackend();
const random = createRandom(2012);
// Step h = 1e-2. Linear ops (conv, fc, dropout) carry only float32 rounding of y, divided by 2h;
// smooth ones (LRN, softmax) add an O(h²) truncation term. A wrong or missing term is off by O(1).
const tol: Tolerance = {abs: 2e-4, rel: 1e-3};

function uniform(shape: readonly number[], lo = -1, hi = 1): Tensor {
	return tensor(
		shape,
		Array.from({length: sizeOf(shape)}, () => lo + (hi - lo) * random.next()),
	);
}

const convCases: Array<[string, number[], number[], Partial<ConvAttrs>]> = [
	['s=2 p=1, batch 2, non-square', [2, 3, 6, 5], [4, 3, 3, 3], {stride: 2, pad: 1}],
	['s=3 (does not divide)', [1, 2, 8, 7], [2, 2, 3, 3], {stride: 3}],
	['g=2 p=1', [1, 4, 5, 5], [6, 2, 3, 3], {pad: 1, groups: 2}],
	['d=2 p=2', [1, 2, 7, 6], [3, 2, 3, 3], {pad: 2, dilation: 2}],
	['1×1, batch 2', [2, 3, 3, 4], [5, 3, 1, 1], {}],
];

for (const [label, xShape, wShape, attrs] of convCases) {
	test(`convBackward ${label}: dx, dw, db match finite differences`, async () => {
		const a: ConvAttrs = {stride: 1, pad: 0, dilation: 1, groups: 1, ...attrs};
		const [x, w, bias] = [uniform(xShape), uniform(wShape), uniform([wShape[0]!])];
		const r = uniform((await b.conv(x, w, bias, a)).shape);
		const loss = async () => weightedSum(await b.conv(x, w, bias, a), r);
		const {dx, dw, db} = await b.convBackward(x, w, r, a);
		assertClose(dx.data, await numericGradient(x, loss), tol, 'dx');
		assertClose(dw.data, await numericGradient(w, loss), tol, 'dw');
		assertClose(db.data, await numericGradient(bias, loss), tol, 'db');
	});
}

test('reluBackward matches finite differences (inputs kept 0.1 or more away from the kink)', async () => {
	const x = uniform([2, 3, 4, 5], 0.1, 1);
	for (let i = 0; i < x.data.length; i++) if (random.next() < 0.5) x.data[i] = -x.data[i]!;
	const r = uniform(x.shape);
	const dx = await b.reluBackward(x, r);
	assertClose(dx.data, await numericGradient(x, async () => weightedSum(await b.relu(x), r)), tol, 'dx');
});

const lrnCases: LrnAttrs[] = [
	{size: 3, alpha: 0.5, beta: 0.75, k: 1},
	{size: 5, alpha: 0.1, beta: 0.75, k: 2},
	{size: 5, alpha: 0.3, beta: 0.5, k: 1},
];
for (const a of lrnCases) {
	test(`lrnBackward n=${a.size} α=${a.alpha} β=${a.beta} k=${a.k} matches finite differences`, async () => {
		const x = uniform([2, 7, 3, 2], -2, 2);
		const r = uniform(x.shape);
		const dx = await b.lrnBackward(x, await b.lrn(x, a), r, a);
		assertClose(dx.data, await numericGradient(x, async () => weightedSum(await b.lrn(x, a), r)), tol, 'dx');
	});
}

const poolCases: Array<[number[], PoolAttrs]> = [
	[[1, 2, 7, 7], {kernel: 3, stride: 2, pad: 0, ceil: false}],
	[[1, 2, 7, 6], {kernel: 3, stride: 2, pad: 1, ceil: true}],
	[[2, 1, 6, 5], {kernel: 2, stride: 2, pad: 0, ceil: false}],
];
for (const [shape, a] of poolCases) {
	test(`maxpoolBackward x=[${shape}] k=${a.kernel} s=${a.stride} p=${a.pad}${a.ceil ? ' ceil' : ''} matches finite differences`, async () => {
		// Distinct values 0.05 apart, shuffled, so a step of ±0.01 never changes which input is the maximum.
		const values = Array.from({length: sizeOf(shape)}, (_, i) => 0.05 * i - 1);
		for (let i = values.length - 1; i > 0; i--) {
			const j = random.int(i + 1);
			[values[i], values[j]] = [values[j]!, values[i]!];
		}
		const x = tensor(shape, values);
		const r = uniform((await b.maxpool(x, a)).shape);
		const dx = await b.maxpoolBackward(x, r, a);
		assertClose(dx.data, await numericGradient(x, async () => weightedSum(await b.maxpool(x, a), r)), tol, 'dx');
	});
}

for (const [xShape, wShape] of [
	[
		[3, 7],
		[5, 7],
	],
	[
		[2, 3, 2, 2],
		[4, 12],
	],
] as const) {
	test(`fcBackward x=[${xShape}] w=[${wShape}]: dx, dw, db match finite differences`, async () => {
		const [x, w, bias] = [uniform(xShape), uniform(wShape), uniform([wShape[0]])];
		const r = uniform([xShape[0], wShape[0]]);
		const loss = async () => weightedSum(await b.fc(x, w, bias), r);
		const {dx, dw, db} = await b.fcBackward(x, w, r);
		assertClose(dx.data, await numericGradient(x, loss), tol, 'dx');
		assertClose(dw.data, await numericGradient(w, loss), tol, 'dw');
		assertClose(db.data, await numericGradient(bias, loss), tol, 'db');
	});
}

test('dropoutBackward matches finite differences', async () => {
	const x = uniform([2, 3, 4]);
	const mask = tensor(
		x.shape,
		Array.from({length: 24}, () => (random.next() < 0.4 ? 0 : 1)),
	);
	const r = uniform(x.shape);
	const dx = await b.dropoutBackward(r, mask, 0.4);
	assertClose(dx.data, await numericGradient(x, async () => weightedSum(await b.dropout(x, mask, 0.4), r)), tol, 'dx');
});

test('softmaxCrossEntropy dlogits matches finite differences of the mean loss', async () => {
	const logits = uniform([4, 10], -3, 3);
	const labels = Int32Array.from([3, 0, 9, 3]);
	const {dlogits} = await b.softmaxCrossEntropy(logits, labels);
	const numeric = await numericGradient(logits, async () => (await b.softmaxCrossEntropy(logits, labels)).loss);
	assertClose(dlogits.data, numeric, tol, 'dlogits');
});

test.run();
