import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {convAttrs, lrnAttrs, normalizeLayer, poolAttrs, runProblem, type FullConv, type FullLrn, type FullPool} from '../../src/model/normalize.js';
import type {LayerSpec} from '../../src/model/layer-spec.js';

test('a conv spec gets every default once: stride 1, pad 0, dilation 1, groups 1, bias on, rounding down', () => {
	assert.equal(normalizeLayer({name: 'c', op: 'conv', filters: 8, kernel: 3}), {
		op: 'conv',
		name: 'c',
		filters: 8,
		kernel: [3, 3],
		stride: [1, 1],
		pads: [0, 0, 0, 0],
		dilation: [1, 1],
		groups: 1,
		bias: true,
		ceil: false,
	});
});

test('pads: one number, [h, w] and [top, left, bottom, right]', () => {
	const pads = (pad: number | [number, number] | [number, number, number, number]) => (normalizeLayer({name: 'p', op: 'maxpool', kernel: 3, pad}) as FullPool).pads;
	assert.equal(pads(1), [1, 1, 1, 1]);
	assert.equal(pads([1, 2]), [1, 2, 1, 2]);
	assert.equal(pads([0, 1, 2, 3]), [0, 1, 2, 3]);
});

test("Caffe's α/n is divided out once, into the paper's α the backends take", () => {
	const l = normalizeLayer({name: 'n', op: 'lrn', size: 5, alpha: 1e-4, beta: 0.75, k: 1, alphaOverN: true}) as FullLrn;
	assert.equal(lrnAttrs(l), {size: 5, alpha: 1e-4 / 5, beta: 0.75, k: 1});
});

const refused: [string, LayerSpec, RegExp][] = [
	['an even LRN window (every backend refuses it, so calc does too)', {name: 'norm1', op: 'lrn', size: 4, alpha: 1e-4, beta: 0.75, k: 2}, /norm1: LRN size 4 must be odd/],
	['a fractional kernel', {name: 'c', op: 'conv', filters: 2, kernel: 2.5}, /c: kernel must be a positive integer, got 2.5/],
	['a negative pad side', {name: 'c', op: 'conv', filters: 2, kernel: 3, pad: [0, 0, -1, 0]}, /c: pad must be a non-negative integer, got -1/],
	['zero units', {name: 'fc', op: 'fc', units: 0}, /fc: units must be a positive integer, got 0/],
	['a dropout ratio of 1', {name: 'd', op: 'dropout', ratio: 1}, /d: dropout ratio must be in \[0, 1\), got 1/],
];
for (const [what, spec, message] of refused) {
	test(`refused in the model: ${what}`, () => {
		assert.throws(() => normalizeLayer(spec), message);
		assert.throws(() => analyzeNetwork({name: 'n', input: [8, 8, 4], layers: [spec]}), message);
	});
}

test('a layer with two inputs that is not a concat is refused, naming it', () => {
	const net = {
		name: 'n',
		input: [8, 8, 4] as const,
		layers: [
			{name: 'a', op: 'relu'},
			{name: 'b', op: 'relu', inputs: ['input', 'a']},
		] as LayerSpec[],
	};
	assert.throws(() => analyzeNetwork(net), /b: a relu layer takes one input, not 2/);
});

test('backend attributes of a square layer, and why a rectangular one cannot run', () => {
	const square = normalizeLayer({name: 'c', op: 'conv', filters: 2, kernel: 3, stride: 2, pad: 1, groups: 2}) as FullConv;
	assert.equal(convAttrs(square), {stride: 2, pad: 1, dilation: 1, groups: 2});
	assert.equal(poolAttrs(normalizeLayer({name: 'p', op: 'maxpool', kernel: 3, stride: 2, ceil: true}) as FullPool), {kernel: 3, stride: 2, pad: 0, ceil: true});
	assert.is(runProblem(square), null);
	const rect = normalizeLayer({name: 'c7', op: 'conv', filters: 2, kernel: [1, 7], pad: [0, 3]}) as FullConv;
	assert.is(runProblem(rect), 'c7: the backends run square, evenly padded windows only, not a 1×7 kernel, padding [0, 3, 0, 3] (calc gives its figures)');
	assert.throws(() => convAttrs(rect), /c7: the backends run square/);
});

test('a rectangular, asymmetrically padded conv: each axis on its own', () => {
	const facts = analyzeNetwork({name: 'n', input: [17, 17, 8], layers: [{name: 'c', op: 'conv', filters: 4, kernel: [1, 7], pad: [0, 3, 0, 2], stride: [1, 2]}]}).layers[0]!;
	// Width: ⌊(17 + 3 + 2 − 7) / 2⌋ + 1 = 8.
	assert.equal(facts.output, [17, 8, 4]);
	assert.is(facts.weights, 1 * 7 * 8 * 4);
	assert.is(facts.macs, 17 * 8 * 4 * 7 * 8);
	assert.equal([facts.rf, facts.rfW, facts.jump, facts.jumpW], [1, 7, 1, 2]);
});

test("cuda-convnet's rounding up: 224 with no padding gives 55, as the paper's own code trains it", () => {
	const facts = analyzeNetwork({name: 'n', input: [224, 224, 3], layers: [{name: 'conv1', op: 'conv', filters: 96, kernel: 11, stride: 4, ceil: true}]}).layers[0]!;
	assert.equal(facts.output, [55, 55, 96]);
});

test.run();
