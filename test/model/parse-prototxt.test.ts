import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import type {Network} from '../../src/model/layer-spec.js';
import {parsePrototxt} from '../../src/model/parse-prototxt.js';
import {caffeFixture, haveCaffeFixtures} from '../helpers/caffe-fixtures.js';

const fixtureTest = haveCaffeFixtures ? test : test.skip;
const load = (name: string): Network => {
	const {text, file} = caffeFixture(name);
	return parsePrototxt(text, file);
};

// The published figures (SOURCES.md beside the fixtures): batch 1, MACs of conv and fc layers.
const published = [
	['bvlc_alexnet.deploy.prototxt', 60_965_224, 724_406_816],
	['bvlc_alexnet.train_val.prototxt', 60_965_224, 724_406_816],
	['bvlc_reference_caffenet.deploy.prototxt', 60_965_224, 724_406_816],
	['vgg16_v1format.deploy.prototxt', 138_357_544, 15_470_264_320],
	['vgg16_v2format.deploy.prototxt', 138_357_544, 15_470_264_320],
] as const;

for (const [name, params, macs] of published) {
	fixtureTest(`${name}: ${params} params, ${macs} MACs per image`, () => {
		const {totals} = analyzeNetwork(load(name));
		assert.is(totals.params, params);
		assert.is(totals.macs, macs);
	});
}

const alexnetNames = ['conv1', 'relu1', 'norm1', 'pool1', 'conv2', 'relu2', 'norm2', 'pool2', 'conv3', 'relu3', 'conv4', 'relu4', 'conv5', 'relu5', 'pool5', 'fc6', 'relu6', 'drop6', 'fc7', 'relu7', 'drop7', 'fc8'];

fixtureTest('AlexNet deploy: batch 10 divided out, a plain chain, Caffe LRN and ceil pooling', () => {
	const net = load('bvlc_alexnet.deploy.prototxt');
	assert.is(net.name, 'AlexNet');
	assert.equal(net.input, [227, 227, 3]);
	assert.equal(
		net.layers.map((l) => l.name),
		[...alexnetNames, 'prob'],
	);
	assert.ok(
		net.layers.every((l) => l.inputs === undefined),
		'a chain needs no inputs',
	);
	assert.equal(net.layers[2], {name: 'norm1', op: 'lrn', size: 5, alpha: 0.0001, beta: 0.75, k: 1, alphaOverN: true});
	assert.equal(net.layers[3], {name: 'pool1', op: 'maxpool', kernel: 3, stride: 2, pad: 0, ceil: true});
	assert.equal(net.layers[4], {name: 'conv2', op: 'conv', filters: 256, kernel: 5, stride: 1, pad: 2, dilation: 1, groups: 2, bias: true});
	assert.equal(net.layers[17], {name: 'drop6', op: 'dropout', ratio: 0.5});
	const summary = analyzeNetwork(net);
	assert.equal(findLayer(summary, 'conv1').output, [55, 55, 96]);
	assert.equal(findLayer(summary, 'pool5').output, [6, 6, 256]);
	assert.is(findLayer(summary, 'fc6').params, 37_752_832);
	assert.equal(findLayer(summary, 'prob').output, [1000]);
});

fixtureTest('AlexNet train_val: Accuracy skipped, SoftmaxWithLoss read as a softmax of fc8, the label dropped', () => {
	const net = load('bvlc_alexnet.train_val.prototxt');
	assert.equal(net.input, [227, 227, 3]);
	assert.equal(
		net.layers.map((l) => l.name),
		[...alexnetNames, 'loss'],
	);
	assert.equal(net.layers.at(-1), {name: 'loss', op: 'softmax'});
});

fixtureTest('CaffeNet: pooling before LRN (pool1 27×27×96, norm1 27×27×96)', () => {
	const summary = analyzeNetwork(load('bvlc_reference_caffenet.deploy.prototxt'));
	assert.equal(
		summary.layers.slice(0, 5).map((l) => l.spec.name),
		['conv1', 'relu1', 'pool1', 'norm1', 'conv2'],
	);
	assert.equal(findLayer(summary, 'norm1').output, [27, 27, 96]);
});

fixtureTest('VGG16: the V1 syntax (input_dim, enums) and the V2 one (MemoryData) give the same layers', () => {
	const v1 = load('vgg16_v1format.deploy.prototxt');
	const v2 = load('vgg16_v2format.deploy.prototxt');
	assert.equal(v1.input, [224, 224, 3]);
	assert.equal(v2.input, [224, 224, 3]);
	assert.equal(v1.layers, v2.layers);
	assert.is(v1.layers.length, 39);
	assert.equal(findLayer(analyzeNetwork(v1), 'pool5').output, [7, 7, 512]);
});

// GoogLeNet (Szegedy et al. 2014, Table 1), written out by hand: each inception module as
// [name, side, cin, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj].
const inception = [
	['3a', 28, 192, 64, 96, 128, 16, 32, 32],
	['3b', 28, 256, 128, 128, 192, 32, 96, 64],
	['4a', 14, 480, 192, 96, 208, 16, 48, 64],
	['4b', 14, 512, 160, 112, 224, 24, 64, 64],
	['4c', 14, 512, 128, 128, 256, 24, 64, 64],
	['4d', 14, 512, 112, 144, 288, 32, 64, 64],
	['4e', 14, 528, 256, 160, 320, 32, 128, 128],
	['5a', 7, 832, 256, 160, 320, 32, 128, 128],
	['5b', 7, 832, 384, 192, 384, 48, 128, 128],
] as const;

function googlenetCount(): {params: number; macs: number} {
	// [output side, k·k·cin, cout] of each convolution and the classifier, counted without the parser.
	const convs: [number, number, number][] = [
		[112, 7 * 7 * 3, 64], // conv1/7x7_s2
		[56, 64, 64], // conv2/3x3_reduce
		[56, 3 * 3 * 64, 192], // conv2/3x3
		[1, 1024, 1000], // loss3/classifier (fc over the 1×1×1024 average pool)
	];
	for (const [, n, cin, a, b, c, d, e, f] of inception) {
		convs.push([n, cin, a], [n, cin, b], [n, 9 * b, c], [n, cin, d], [n, 25 * d, e], [n, cin, f]);
	}
	let params = 0;
	let macs = 0;
	for (const [n, fanIn, cout] of convs) {
		params += (fanIn + 1) * cout;
		macs += n * n * fanIn * cout;
	}
	return {params, macs};
}

fixtureTest('GoogLeNet: totals agree with a count from the paper’s table (6,998,552 params, 1,582,671,872 MACs)', () => {
	const expected = googlenetCount();
	assert.equal(expected, {params: 6_998_552, macs: 1_582_671_872});
	const {totals} = analyzeNetwork(load('bvlc_googlenet.deploy.prototxt'));
	assert.equal({params: totals.params, macs: totals.macs}, expected);
});

fixtureTest('GoogLeNet: Caffe ceil pooling (pool1 112 → 56, pool2 56 → 28, pool3 28 → 14, pool4 14 → 7)', () => {
	const summary = analyzeNetwork(load('bvlc_googlenet.deploy.prototxt'));
	assert.equal(findLayer(summary, 'conv1/7x7_s2').output, [112, 112, 64]);
	assert.equal(findLayer(summary, 'pool1/3x3_s2').output, [56, 56, 64]);
	assert.equal(findLayer(summary, 'pool2/3x3_s2').output, [28, 28, 192]);
	assert.equal(findLayer(summary, 'pool3/3x3_s2').output, [14, 14, 480]);
	assert.equal(findLayer(summary, 'pool4/3x3_s2').output, [7, 7, 832]);
	assert.equal(findLayer(summary, 'pool5/7x7_s1').output, [1, 1, 1024]);
});

fixtureTest('GoogLeNet: branches name the layer that last wrote each blob (in-place ReLUs included)', () => {
	const net = load('bvlc_googlenet.deploy.prototxt');
	const byName = new Map(net.layers.map((l) => [l.name, l]));
	assert.equal(byName.get('inception_3a/output')!.inputs, ['inception_3a/relu_1x1', 'inception_3a/relu_3x3', 'inception_3a/relu_5x5', 'inception_3a/relu_pool_proj']);
	assert.equal(byName.get('inception_3a/3x3_reduce')!.inputs, ['pool2/3x3_s2']);
	assert.equal(byName.get('inception_3a/3x3')!.inputs, undefined);
	// The dropout is in place on the pool's blob, so the classifier reads from the dropout.
	assert.equal(byName.get('loss3/classifier')!.inputs, undefined);
	assert.equal(net.layers.at(-2)!.name, 'loss3/classifier');
	assert.equal(net.layers.at(-3)!.name, 'pool5/drop_7x7_s1');
	const summary = analyzeNetwork(net);
	for (const [name, n, , a, , c, , e, f] of inception) {
		assert.equal(findLayer(summary, `inception_${name}/output`).output, [n, n, a + c + e + f], name);
	}
});

test.run();
