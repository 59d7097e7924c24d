import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';

// The published totals (batch 1): parameters, and MACs of conv and fc layers.
const published = {
	original: {params: 60965224, macs: 724406816},
	ungrouped: {params: 62378344, macs: 1135256096},
	torchvision: {params: 61100840, macs: 714188480},
} as const;

for (const [variant, expected] of Object.entries(published)) {
	test(`${variant}: ${expected.params} parameters and ${expected.macs} MACs`, () => {
		const {totals} = analyzeNetwork(networks[variant as keyof typeof published]);
		assert.equal({params: totals.params, macs: totals.macs, flops: totals.flops}, {...expected, flops: 2 * expected.macs});
	});
}

test('original: the shape sequence 227 → 55 → 27 → 13 → 6', () => {
	const s = analyzeNetwork(networks.original);
	const sides = ['conv1', 'pool1', 'pool2', 'pool5'].map((n) => findLayer(s, n).output[0]);
	assert.equal(sides, [55, 27, 13, 6]);
});

// Layer name, output, params, MACs, receptive field, jump.
const originalLayers: [string, readonly number[], number, number, number, number][] = [
	['conv1', [55, 55, 96], 34944, 105415200, 11, 4],
	['pool1', [27, 27, 96], 0, 0, 19, 8],
	['conv2', [27, 27, 256], 307456, 223948800, 51, 8],
	['pool2', [13, 13, 256], 0, 0, 67, 16],
	['conv3', [13, 13, 384], 885120, 149520384, 99, 16],
	['conv4', [13, 13, 384], 663936, 112140288, 131, 16],
	['conv5', [13, 13, 256], 442624, 74760192, 163, 16],
	['pool5', [6, 6, 256], 0, 0, 195, 32],
	['fc6', [4096], 37752832, 37748736, 227, 32],
	['fc7', [4096], 16781312, 16777216, 227, 32],
	['fc8', [1000], 4097000, 4096000, 227, 32],
	['prob', [1000], 0, 0, 227, 32],
];

for (const [name, output, params, macs, rf, jump] of originalLayers) {
	test(`original ${name}: ${output.join('×')}, ${params} params, ${macs} MACs, RF ${rf}`, () => {
		const l = findLayer(analyzeNetwork(networks.original), name);
		assert.equal({output: l.output, params: l.params, macs: l.macs, rf: l.rf, jump: l.jump}, {output, params, macs, rf, jump});
	});
}

test('fc6 alone holds about 62% of the parameters', () => {
	const s = analyzeNetwork(networks.original);
	assert.is(Math.round((1000 * findLayer(s, 'fc6').params) / s.totals.params), 619);
});

test('the layer names follow Caffe', () => {
	const names = networks.original.layers.map((l) => l.name).join(' ');
	assert.is(names, 'conv1 relu1 norm1 pool1 conv2 relu2 norm2 pool2 conv3 relu3 conv4 relu4 conv5 relu5 pool5 fc6 relu6 drop6 fc7 relu7 drop7 fc8 prob');
});

test('findLayer names the layers it has when asked for one it has not', () => {
	assert.throws(() => findLayer(analyzeNetwork(networks.original), 'conv9'), /no layer "conv9" in original \(layers: conv1, relu1/);
});

test.run();
