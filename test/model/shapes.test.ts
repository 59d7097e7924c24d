import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import type {LayerSpec} from '../../src/model/layer-spec.js';

/** One layer on an input: [case name, input H×W×C, spec, output, params, MACs]. */
const cases: [string, [number, number, number], LayerSpec, readonly number[], number, number][] = [
	['conv1 of AlexNet', [227, 227, 3], {name: 'c', op: 'conv', filters: 96, kernel: 11, stride: 4}, [55, 55, 96], 34944, 105415200],
	['conv on 224: stride does not divide', [224, 224, 3], {name: 'c', op: 'conv', filters: 96, kernel: 11, stride: 4}, [54, 54, 96], 34944, 101616768],
	['conv2 grouped', [27, 27, 96], {name: 'c', op: 'conv', filters: 256, kernel: 5, pad: 2, groups: 2}, [27, 27, 256], 307456, 223948800],
	['conv2 ungrouped', [27, 27, 96], {name: 'c', op: 'conv', filters: 256, kernel: 5, pad: 2}, [27, 27, 256], 614656, 447897600],
	['dilation 2', [10, 10, 1], {name: 'c', op: 'conv', filters: 1, kernel: 3, dilation: 2}, [6, 6, 1], 10, 324],
	['dilation 2 stride 2 pad 1', [9, 7, 2], {name: 'c', op: 'conv', filters: 4, kernel: 3, dilation: 2, stride: 2, pad: 1}, [4, 3, 4], 76, 864],
	['1×1 conv without bias', [13, 13, 256], {name: 'c', op: 'conv', filters: 64, kernel: 1, bias: false}, [13, 13, 64], 16384, 2768896],
	['non-square input', [7, 5, 3], {name: 'c', op: 'conv', filters: 4, kernel: 3, stride: 2, pad: 1}, [4, 3, 4], 112, 1296],
	['max pool 3/2 floor', [55, 55, 96], {name: 'p', op: 'maxpool', kernel: 3, stride: 2}, [27, 27, 96], 0, 0],
	['max pool 3/2 on 13', [13, 13, 256], {name: 'p', op: 'maxpool', kernel: 3, stride: 2}, [6, 6, 256], 0, 0],
	['max pool 2/2 floor on 7', [7, 7, 1], {name: 'p', op: 'maxpool', kernel: 2, stride: 2}, [3, 3, 1], 0, 0],
	['max pool 2/2 ceil on 7', [7, 7, 1], {name: 'p', op: 'maxpool', kernel: 2, stride: 2, ceil: true}, [4, 4, 1], 0, 0],
	['GoogLeNet pool1 3/2 ceil 112', [112, 112, 64], {name: 'p', op: 'maxpool', kernel: 3, stride: 2, ceil: true}, [56, 56, 64], 0, 0],
	['ceil pool keeps a last window that starts inside', [6, 6, 1], {name: 'p', op: 'maxpool', kernel: 2, stride: 2, pad: 1, ceil: true}, [4, 4, 1], 0, 0],
	['ceil pool drops a last window that starts in the padding', [5, 5, 1], {name: 'p', op: 'maxpool', kernel: 2, stride: 2, pad: 1, ceil: true}, [3, 3, 1], 0, 0],
	['avg pool', [14, 14, 8], {name: 'p', op: 'avgpool', kernel: 5, stride: 3}, [4, 4, 8], 0, 0],
	['adaptive avg pool 13 → 6', [13, 13, 256], {name: 'a', op: 'adaptiveavgpool', size: 6}, [6, 6, 256], 0, 0],
	['fc6', [6, 6, 256], {name: 'f', op: 'fc', units: 4096}, [4096], 37752832, 37748736],
	['lrn keeps the shape', [27, 27, 256], {name: 'n', op: 'lrn', size: 5, alpha: 1e-4, beta: 0.75, k: 2}, [27, 27, 256], 0, 0],
	['relu keeps the shape', [3, 4, 5], {name: 'r', op: 'relu'}, [3, 4, 5], 0, 0],
	['dropout keeps the shape', [3, 4, 5], {name: 'd', op: 'dropout', ratio: 0.5}, [3, 4, 5], 0, 0],
];

for (const [name, input, spec, output, params, macs] of cases) {
	test(name, () => {
		const [l] = analyzeNetwork({name, input, layers: [spec]}).layers;
		assert.equal(l!.output, output, 'output');
		assert.is(l!.params, params, 'params');
		assert.is(l!.macs, macs, 'MACs');
	});
}

test('weights and biases are counted apart', () => {
	const [l] = analyzeNetwork({name: 'x', input: [227, 227, 3], layers: [{name: 'c', op: 'conv', filters: 96, kernel: 11, stride: 4}]}).layers;
	assert.equal([l!.weights, l!.biases, l!.weightBytes, l!.activations, l!.activationBytes], [34848, 96, 139776, 290400, 1161600]);
});

test('concat joins channels of equal-sized maps', () => {
	const s = analyzeNetwork({
		name: 'branch',
		input: [28, 28, 192],
		layers: [
			{name: 'a', op: 'conv', filters: 64, kernel: 1},
			{name: 'b', op: 'conv', filters: 128, kernel: 3, pad: 1, inputs: ['input']},
			{name: 'cat', op: 'concat', inputs: ['a', 'b']},
		],
	});
	assert.equal(s.layers[2]!.output, [28, 28, 192]);
});

test('concat of different sizes names the layer', () => {
	assert.throws(
		() =>
			analyzeNetwork({
				name: 'x',
				input: [8, 8, 1],
				layers: [
					{name: 'a', op: 'maxpool', kernel: 2, stride: 2},
					{name: 'cat', op: 'concat', inputs: ['a', 'input']},
				],
			}),
		(e: Error) => e.message === 'cat: cannot join 4×4 and 8×8 feature maps',
	);
});

test.run();
