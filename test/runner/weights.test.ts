import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {describeInit, initWeights, weightShapes} from '../../src/runner/weights.js';
import {tiny} from './tiny-network.js';

const summary = analyzeNetwork(tiny);
const flat = (w: ReturnType<typeof initWeights>) => [...w.values()].flatMap((l) => [...l.w.data, ...l.b.data]);

test('weights exist for conv and fc layers only, in the tensor layouts', () => {
	const w = initWeights(summary);
	assert.equal([...w.keys()], ['conv1', 'conv2', 'fc6', 'fc7', 'fc8']);
	assert.equal(w.get('conv1')!.w.shape, [4, 3, 3, 3]);
	assert.equal(w.get('conv2')!.w.shape, [4, 2, 2, 2]); // groups 2: 4 input channels, 2 per group
	assert.equal(w.get('fc6')!.w.shape, [5, 36]); // 3×3×4 flattened
	assert.equal(w.get('fc8')!.b.shape, [3]);
});

test('the same seed gives the same numbers; another seed other numbers', () => {
	assert.equal(flat(initWeights(summary, {seed: 7})), flat(initWeights(summary, {seed: 7})));
	const a = flat(initWeights(summary, {seed: 7}));
	const b = flat(initWeights(summary, {seed: 8}));
	assert.ok(a.filter((v, i) => v !== b[i]).length > a.length / 2);
});

test("He init: biases 0; the paper's: biases 1 in conv2, conv4, conv5, fc6, fc7 and 0 elsewhere (§5)", () => {
	const he = initWeights(summary, {init: 'he'});
	for (const [name, l] of he)
		assert.ok(
			l.b.data.every((v) => v === 0),
			name,
		);
	const paper = initWeights(summary, {init: 'paper'});
	const biases = Object.fromEntries([...paper].map(([name, l]) => [name, [...new Set(l.b.data)]]));
	assert.equal(biases, {conv1: [0], conv2: [1], fc6: [1], fc7: [1], fc8: [0]});
});

test("AlexNet: every layer's shapes, and the spread of He and paper weights", () => {
	const original = analyzeNetwork(networks.original);
	const shapes = Object.fromEntries(original.layers.flatMap((f) => (weightShapes(f) ? [[f.spec.name, weightShapes(f)!.w]] : [])));
	assert.equal(shapes, {
		conv1: [96, 3, 11, 11],
		conv2: [256, 48, 5, 5],
		conv3: [384, 256, 3, 3],
		conv4: [384, 192, 3, 3],
		conv5: [256, 192, 3, 3],
		fc6: [4096, 9216],
		fc7: [4096, 4096],
		fc8: [1000, 4096],
	});
	const std = (x: Float32Array) => {
		let sum = 0;
		for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
		return Math.sqrt(sum / x.length);
	};
	const w = initWeights(original);
	const total = [...w.values()].reduce((a, l) => a + l.w.data.length + l.b.data.length, 0);
	assert.is(total, 60965224);
	// He: std √(2 / fan-in); conv2's fan-in is 48·5·5 = 1200.
	assert.ok(Math.abs(std(w.get('conv2')!.w.data) / Math.sqrt(2 / 1200) - 1) < 0.01);
	assert.ok(Math.abs(std(w.get('fc6')!.w.data.subarray(0, 1 << 20)) / Math.sqrt(2 / 9216) - 1) < 0.01);
});

test("the paper's init draws N(0, 0.01)", () => {
	const w = initWeights(summary, {init: 'paper', seed: 1}).get('fc6')!.w.data;
	const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
	assert.ok(std > 0.007 && std < 0.013, `std ${std}`); // 180 values: a loose bound
});

test('random weights always say they are not a trained model', () => {
	assert.is(describeInit('he', 2012), 'random weights (He init, seed 2012), not a trained ImageNet model');
	assert.is(describeInit('paper', 3), 'random weights (paper §5 init, N(0, 0.01), seed 3), not a trained ImageNet model');
});

test('random weights are drawn on first use, the same whichever layer is asked for first', () => {
	const mini = analyzeNetwork(networks.mini);
	const inOrder = initWeights(mini, {seed: 5});
	const firstConv1 = [...inOrder.get('conv1')!.w.data];
	const backwards = initWeights(mini, {seed: 5});
	const fc8 = [...backwards.get('fc8')!.w.data];
	assert.equal([...backwards.get('conv1')!.w.data], firstConv1);
	assert.equal([...inOrder.get('fc8')!.w.data], fc8);
	assert.is(inOrder.get('conv1')!.w, inOrder.get('conv1')!.w, 'drawn once, then kept');
});

test.run();
