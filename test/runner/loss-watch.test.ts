import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createLossWatch} from '../../src/runner/loss-watch.js';
import {learningRate} from '../../src/runner/lr-schedule.js';
import {createSgd} from '../../src/runner/sgd.js';
import {tensor} from '../../src/tensor/tensor.js';

test('a NaN or infinite loss is reported at once, with a smaller learning rate to try', () => {
	for (const bad of [Number.NaN, Infinity]) {
		const watch = createLossWatch();
		assert.equal(watch.push(2.3, 0.05), {kind: 'ok'});
		const v = watch.push(bad, 0.05);
		assert.is(v.kind, 'nan');
		if (v.kind === 'nan') {
			assert.match(v.message, `the loss became ${bad} at batch 2`);
			assert.match(v.advice, '--lr 0.013');
		}
	}
});

test('a loss that stays flat for `patience` batches is reported once; a falling one never', () => {
	const flat = createLossWatch({window: 5, patience: 20});
	const verdicts = Array.from({length: 40}, (_, i) => flat.push(2.3 + (i % 2) * 0.01, 0.1).kind);
	assert.equal(verdicts.filter((k) => k === 'flat').length, 1);
	assert.is(verdicts.indexOf('flat'), 19);
	const falling = createLossWatch({window: 5, patience: 20});
	assert.ok(Array.from({length: 40}, (_, i) => falling.push(2.3 * 0.95 ** i, 0.1).kind).every((k) => k === 'ok'));
});

test('the learning rate warms up linearly, peaks, then falls along a cosine to zero', () => {
	// 1,000 steps: a warm-up of 30 steps (3%).
	assert.is(learningRate(0.1, 0, 1000), 0.1 / 30);
	assert.is(learningRate(0.1, 29, 1000), 0.1);
	assert.is(learningRate(0.1, 30, 1000), 0.1);
	assert.ok(Math.abs(learningRate(0.1, 515, 1000) - 0.05) < 1e-12);
	assert.ok(learningRate(0.1, 999, 1000) < 1e-5);
});

test('SGD follows the paper: v ← 0.9·v − 0.0005·ε·w − ε·g, w ← w + v; biases are not decayed', () => {
	const weights = new Map([['fc', {w: tensor([1], [2]), b: tensor([1], [2])}]]);
	const grads = new Map([['fc', {w: tensor([1], [1]), b: tensor([1], [1])}]]);
	const sgd = createSgd();
	sgd.step(weights, grads, 0.1);
	// v = −0.0005·0.1·2 − 0.1·1 = −0.1001 for the weight, −0.1 for the bias.
	assert.ok(Math.abs(weights.get('fc')!.w.data[0]! - (2 - 0.1001)) < 1e-6);
	assert.ok(Math.abs(weights.get('fc')!.b.data[0]! - 1.9) < 1e-6);
	sgd.step(weights, grads, 0.1);
	// v = 0.9·(−0.1001) − 0.0005·0.1·1.8999 − 0.1 = −0.19018995.
	assert.ok(Math.abs(weights.get('fc')!.w.data[0]! - (1.8999 - 0.190184995)) < 1e-6);
	assert.ok(Math.abs(weights.get('fc')!.b.data[0]! - (1.9 - 0.19)) < 1e-6);
});

test.run();
