import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {compareTensors, tensorStats} from '../../src/runner/stats.js';
import {topClasses} from '../../src/runner/top-classes.js';
import {tensor} from '../../src/tensor/tensor.js';

test('stats of [0, 0, 1, 3]: min 0, max 3, mean 1, std √1.5, half zeros', () => {
	assert.equal(tensorStats(tensor([4], [0, 0, 1, 3])), {min: 0, max: 3, mean: 1, std: Math.sqrt(1.5), zeros: 0.5});
	assert.equal(tensorStats(tensor([0])), {min: 0, max: 0, mean: 0, std: 0, zeros: 0});
});

test('differences: absolute, and relative with a floor at 1e-3 of the largest reference value', () => {
	const expected = tensor([4], [100, 0, -2, 1]);
	const actual = tensor([4], [100.5, 0.01, -2, 1]);
	// |Δ| = 0.5, 0.01, 0, 0; relative: 0.5/100, 0.01/max(0, 0.1), 0, 0.
	assert.equal(compareTensors(actual, expected), {maxAbs: 0.5, maxRel: Math.fround(0.01) / 0.1}); // 0.01 as float32
	assert.equal(compareTensors(tensor([2], [NaN, 1]), tensor([2], [1, 1])).maxAbs, Infinity);
	assert.throws(() => compareTensors(tensor([2]), tensor([3])), /shapes \[2\] and \[3\] differ/);
});

test('top classes: most probable first, ties by index, labelled by number', () => {
	const probs = tensor([1, 6], [0.1, 0.3, 0.05, 0.3, 0.2, 0.05]);
	assert.equal(
		topClasses(probs, 3).map((c) => [c.class, c.label, c.probability]),
		[
			[1, 'class 1', Math.fround(0.3)],
			[3, 'class 3', Math.fround(0.3)],
			[4, 'class 4', Math.fround(0.2)],
		],
	);
});

test.run();
