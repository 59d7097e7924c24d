import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {SpecError} from '../../src/errors.js';
import {parsePrototxt} from '../../src/model/parse-prototxt.js';

// Lines 1–5 declare a 1×3×8×8 input the old way; a layer written after them starts on line 6.
const head = ['input: "data"', 'input_dim: 1', 'input_dim: 3', 'input_dim: 8', 'input_dim: 8'];
const parse = (lines: readonly string[]) => parsePrototxt(lines.join('\n'), 'net.prototxt');
const conv = (name: string, bottom: string, param: string) => `layer { name: "${name}" type: "Convolution" bottom: "${bottom}" top: "${name}" convolution_param { ${param} } }`;

const bad: [string, readonly string[], string][] = [
	['kernel_w without kernel_h', [...head, conv('conv1', 'data', 'num_output: 4 kernel_w: 3')], 'net.prototxt:6: layer "conv1": kernel_h is missing (give both kernel_h and kernel_w)'],
	['kernel_size and kernel_h together', [...head, conv('conv1', 'data', 'num_output: 4 kernel_size: 3 kernel_h: 3 kernel_w: 1')], 'net.prototxt:6: layer "conv1": give kernel_size or kernel_h/kernel_w, not both'],
	['an unknown V2 type', [...head, 'layer { name: "scale1" type: "Scale" bottom: "data" top: "scale1" }'], 'net.prototxt:6: unknown layer type "Scale" in layer "scale1"'],
	['an unknown V1 type', [...head, 'layers {', '  name: "sum"', '  type: ELTWISE', '  bottom: "data"', '}'], 'net.prototxt:8: unknown layer type "ELTWISE" in layer "sum"'],
	['a block left open', [...head, 'layer {', '  name: "conv1"'], 'net.prototxt:7: the block opened on line 6 is not closed'],
	['a stray closing brace', [...head, '}'], 'net.prototxt:6: expected a field name, got "}"'],
	['a field with neither ":" nor "{"', ['name "x"'], 'net.prototxt:1: expected ":" or "{" after "name", got "x"'],
	['a string left open', ['name: "AlexNet', 'layer {}'], 'net.prototxt:1: unterminated string'],
	['a stray character', [...head, 'layer { name: "a" = }'], 'net.prototxt:6: unexpected character "="'],
	['a field with no value', ['name:'], 'net.prototxt:1: expected a value, got the end of the file'],
	['a convolution without kernel_size', [...head, conv('conv1', 'data', 'num_output: 4')], 'net.prototxt:6: layer "conv1": kernel_size is missing'],
	['a convolution without num_output', [...head, conv('conv1', 'data', 'kernel_size: 3')], 'net.prototxt:6: layer "conv1": num_output is missing'],
	['num_output as a string', [...head, conv('conv1', 'data', 'num_output: "96" kernel_size: 3')], 'net.prototxt:6: layer "conv1": num_output must be a number, got "96"'],
	['a bottom nobody wrote', [...head, conv('conv1', 'dta', 'num_output: 4 kernel_size: 3')], 'net.prototxt:6: layer "conv1": bottom "dta" is not the top of an earlier layer'],
	[
		'stochastic pooling',
		[...head, 'layer { name: "pool1" type: "Pooling" bottom: "data" top: "pool1"', '  pooling_param { pool: STOCHASTIC kernel_size: 2 } }'],
		'net.prototxt:7: layer "pool1": pooling method STOCHASTIC is not supported (only MAX and AVE)',
	],
	['LRN within a channel', [...head, 'layer { name: "n" type: "LRN" bottom: "data" top: "n" lrn_param { norm_region: WITHIN_CHANNEL } }'], 'net.prototxt:6: layer "n": LRN WITHIN_CHANNEL is not supported (only ACROSS_CHANNELS)'],
	['a concat along the height', [...head, 'layer { name: "c" type: "Concat" bottom: "data" bottom: "data" top: "c" concat_param { axis: 2 } }'], 'net.prototxt:6: layer "c": concat along axis 2 is not supported (only channels, axis 1)'],
	['a leaky ReLU', [...head, 'layer { name: "r" type: "ReLU" bottom: "data" top: "data" relu_param { negative_slope: 0.1 } }'], 'net.prototxt:6: layer "r": leaky ReLU (negative_slope 0.1) is not supported'],
	['two bottoms into a ReLU', [...head, 'layer { name: "r" type: "ReLU" bottom: "data" bottom: "data" top: "r" }'], 'net.prototxt:6: layer "r": a ReLU layer takes one bottom, got 2'],
	['the same layer name twice', [...head, conv('conv1', 'data', 'num_output: 4 kernel_size: 3'), conv('conv1', 'conv1', 'num_output: 4 kernel_size: 3')], 'net.prototxt:7: layer "conv1": a layer of this name is already on line 6'],
	['no input at all', ['layer { name: "r" type: "ReLU" bottom: "data" top: "data" }'], 'net.prototxt:1: layer "r": bottom "data" is not the top of an earlier layer'],
	['only an input', head, 'net.prototxt: no layers'],
	['two inputs', ['input: "data"', 'input: "im_info"'], 'net.prototxt:2: only one network input is supported, got "data", "im_info"'],
	['three input_dims', ['input: "data"', 'input_dim: 1', 'input_dim: 3', 'input_dim: 8'], 'net.prototxt:4: input: the input needs 4 dims (N, C, H, W), got 3'],
	['a zero dim', ['layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 0 dim: 8 } } }'], 'net.prototxt:1: layer "data": input dims must be positive integers, got 1, 3, 0, 8'],
	[
		'a data layer without crop_size',
		['layer {', '  name: "data"', '  type: "Data"', '  top: "data"', '  data_param { source: "lmdb" batch_size: 8 }', '}'],
		'net.prototxt:3: layer "data": a Data layer does not say its image size (no crop_size); declare the input with input_param { shape { dim: 1 dim: 3 dim: H dim: W } }',
	],
	[
		'the label fed to a classifier',
		['layer { name: "data" type: "Data" top: "data" top: "label" transform_param { crop_size: 8 } }', 'layer { name: "fc" type: "InnerProduct" bottom: "label" top: "fc" inner_product_param { num_output: 2 } }'],
		'net.prototxt:2: layer "fc": takes the label, which exists only in training',
	],
];

for (const [label, lines, message] of bad) {
	test(`bad prototxt: ${label}`, () => {
		try {
			parse(lines);
			assert.unreachable('no error');
		} catch (error) {
			assert.instance(error, SpecError);
			assert.is((error as Error).message, message);
		}
	});
}

test('input_shape, a dim list [..], comments and a V1 data layer with crop_size in data_param', () => {
	const a = parse(['# a comment', 'input: "data"  # the image', 'input_shape { dim: [10, 3, 32, 24] }', conv('c', 'data', 'num_output: 2 kernel_size: 3')]);
	assert.equal(a.input, [32, 24, 3]);
	const b = parse(['layers { name: "data" type: DATA top: "data" top: "label" data_param { crop_size: 20 batch_size: 64 } }', 'layers { name: "r" type: RELU bottom: "data" top: "data" }']);
	assert.equal(b.input, [20, 20, 3]);
	assert.equal(b.layers, [{name: 'r', op: 'relu'}]);
});

test('MemoryData takes channels, height and width; ImageData is_color: false is one channel', () => {
	const m = parse(['layer { name: "d" type: "MemoryData" top: "d" memory_data_param { batch_size: 4 channels: 1 height: 28 width: 28 } }', 'layer { name: "r" type: "ReLU" bottom: "d" top: "d" }']);
	assert.equal(m.input, [28, 28, 1]);
	const i = parse(['layer { name: "d" type: "ImageData" top: "d" image_data_param { is_color: false new_height: 40 new_width: 30 } }', 'layer { name: "r" type: "ReLU" bottom: "d" top: "d" }']);
	assert.equal(i.input, [40, 30, 1]);
});

test('global pooling takes the whole map as its kernel; round_mode FLOOR turns ceil off', () => {
	const net = parse([
		...head,
		conv('conv1', 'data', 'num_output: 4 kernel_size: 3 pad: 1 bias_term: false'),
		'layer { name: "gap" type: "Pooling" bottom: "conv1" top: "gap" pooling_param { pool: AVE global_pooling: true } }',
		'layer { name: "p" type: "Pooling" bottom: "conv1" top: "p" pooling_param { pool: MAX kernel_size: 3 stride: 2 round_mode: FLOOR } }',
	]);
	assert.equal(net.layers[0], {name: 'conv1', op: 'conv', filters: 4, kernel: 3, stride: 1, pad: 1, dilation: 1, groups: 1, bias: false});
	assert.equal(net.layers[1], {name: 'gap', op: 'avgpool', kernel: 8, stride: 1});
	assert.equal(net.layers[2], {name: 'p', op: 'maxpool', kernel: 3, stride: 2, pad: 0, ceil: false, inputs: ['conv1']});
	const summary = analyzeNetwork(net);
	assert.equal(
		summary.layers.map((l) => l.output),
		[
			[8, 8, 4],
			[1, 1, 4],
			[3, 3, 4],
		],
	);
});

test('a Split layer is followed through: its tops name the layer before it', () => {
	const net = parse([
		...head,
		conv('conv1', 'data', 'num_output: 4 kernel_size: 1'),
		'layer { name: "split" type: "Split" bottom: "conv1" top: "s1" top: "s2" }',
		'layer { name: "r" type: "ReLU" bottom: "s2" top: "r" }',
		'layer { name: "cat" type: "Concat" bottom: "s1" bottom: "r" top: "cat" }',
	]);
	assert.equal(
		net.layers.map((l) => [l.name, l.inputs]),
		[
			['conv1', undefined],
			['r', undefined],
			['cat', ['conv1', 'r']],
		],
	);
	assert.equal(analyzeNetwork(net).layers.at(-1)!.output, [8, 8, 8]);
});

test('a layer excluded from the TEST phase is skipped; the name defaults to the file name', () => {
	const net = parsePrototxt([...head, 'layer { name: "d" type: "Dropout" bottom: "data" top: "data" include { phase: TRAIN } }', 'layer { name: "r" type: "ReLU" bottom: "data" top: "data" }'].join('\n'), 'nets/tiny.prototxt');
	assert.is(net.name, 'tiny');
	assert.equal(
		net.layers.map((l) => l.name),
		['r'],
	);
});

// Rectangular windows, as Caffe writes them for Inception's 1×7 and 7×1 convolutions.
const rect: [string, string, Record<string, unknown>, readonly number[]][] = [
	['kernel_h and kernel_w', 'num_output: 4 kernel_h: 3 kernel_w: 1', {kernel: [3, 1]}, [6, 8, 4]],
	['two kernel sizes (height, width)', 'num_output: 4 kernel_size: 3 kernel_size: 5', {kernel: [3, 5]}, [6, 4, 4]],
	['pad_h and pad_w', 'num_output: 4 kernel_size: 3 pad_h: 1 pad_w: 0', {kernel: 3, pad: [1, 0]}, [8, 6, 4]],
	['stride_h and stride_w', 'num_output: 4 kernel_size: 2 stride_h: 2 stride_w: 1', {kernel: 2, stride: [2, 1]}, [4, 7, 4]],
];
for (const [what, param, fields, output] of rect) {
	test(`rectangular prototxt: ${what}`, () => {
		const net = parse([...head, conv('conv1', 'data', param)]);
		const spec = net.layers[0] as unknown as Record<string, unknown>;
		for (const [key, value] of Object.entries(fields)) assert.equal(spec[key], value, key);
		assert.equal(analyzeNetwork(net).layers[0]!.output, output);
	});
}

test.run();
