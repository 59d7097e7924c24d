import {readFileSync} from 'node:fs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {SpecError} from '../../src/errors.js';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import {loadNetwork, networkFormat} from '../../src/model/load-network.js';
import {original} from '../../src/model/networks.js';
import {parseSpec} from '../../src/model/parse-spec.js';

const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');
const spec = (layers: unknown[], extra: object = {}) => JSON.stringify({name: 't', input: [8, 8, 3], layers, ...extra});

test('examples/alexnet.json is the original AlexNet: 60,965,224 params, 724,406,816 MACs, layer by layer as networks.ts', () => {
	const net = parseSpec(example('alexnet.json'), 'examples/alexnet.json');
	assert.equal(net.input, [227, 227, 3]);
	const fromJson = analyzeNetwork(net);
	assert.is(fromJson.totals.params, 60_965_224);
	assert.is(fromJson.totals.macs, 724_406_816);
	const builtIn = analyzeNetwork(original);
	const row = (l: (typeof builtIn.layers)[number]) => [l.spec.name, l.output, l.params, l.macs, l.rf];
	assert.equal(fromJson.layers.map(row), builtIn.layers.map(row));
});

test('examples/lenet.json: 61,706 params and 416,520 MACs, counted by hand', () => {
	// conv1 (25+1)·6 = 156, conv2 (150+1)·16 = 2,416, fc3 401·120 = 48,120, fc4 121·84 = 10,164, fc5 85·10 = 850.
	// MACs: 28²·6·25 = 117,600; 10²·16·150 = 240,000; 400·120 + 120·84 + 84·10 = 58,920.
	const net = parseSpec(example('lenet.json'), 'examples/lenet.json');
	const summary = analyzeNetwork(net);
	assert.is(summary.totals.params, 61_706);
	assert.is(summary.totals.macs, 416_520);
	assert.equal(findLayer(summary, 'pool2').output, [5, 5, 16]);
});

test('inputs join branches; the name defaults to the file name', () => {
	const text = JSON.stringify({
		input: [8, 8, 3],
		layers: [
			{name: 'a', op: 'conv', filters: 4, kernel: 1},
			{name: 'b', op: 'conv', filters: 6, kernel: 3, pad: 1, inputs: ['input']},
			{name: 'cat', op: 'concat', inputs: ['a', 'b']},
		],
	});
	const net = parseSpec(text, 'dir/branchy.json');
	assert.is(net.name, 'branchy');
	assert.equal(analyzeNetwork(net).layers.at(-1)!.output, [8, 8, 10]);
});

const bad: [string, string, string][] = [
	['a trailing comma', '{\n  "name": "x",\n  "input": [1, 2, 3],\n}', 'n.json:4: malformed JSON: Expected double-quoted property name'],
	['a missing value', '{\n  "name": "x",\n  "input": }', "n.json:3: malformed JSON: Unexpected token '}'"],
	['a cut-off file', '{\n  "name": "x",\n  "layers": [', 'n.json:3: malformed JSON: Unexpected end of JSON input'],
	['a bare word', '{\n\n  "input": tru\n}', "n.json:3: malformed JSON: Unexpected token 't'"],
	['an array at the top', '[]', 'n.json: expected a JSON object {"name", "input", "layers"}'],
	['an unknown top field', '{"input": [1, 1, 1], "layer": []}', 'n.json: unknown field "layer" (allowed: name, description, input, layers)'],
	['an input of two numbers', '{"input": [227, 227], "layers": []}', 'n.json: "input" must be [H, W, C], three numbers, got [227,227]'],
	['no input', '{"layers": []}', 'n.json: "input" must be [H, W, C], three numbers, got nothing'],
	['no layers', spec([]), 'n.json: "layers" must be a non-empty array'],
	['a layer that is a string', spec(['conv1']), 'n.json: layers[0] must be an object {"name", "op", …}'],
	['a layer without a name', spec([{op: 'relu'}]), 'n.json: layers[0]: "name" must be a non-empty string'],
	['an unknown op', spec([{name: 'c1', op: 'convolution', filters: 1}]), 'n.json: layer "c1": unknown op "convolution" (known: conv, maxpool, avgpool, adaptiveavgpool, lrn, relu, dropout, fc, softmax, concat)'],
	['no op', spec([{name: 'c1'}]), 'n.json: layer "c1": "op" is missing'],
	['an unknown field', spec([{name: 'c1', op: 'conv', filters: 2, kernal: 3}]), 'n.json: layer "c1": unknown field "kernal" for op "conv" (allowed: name, op, inputs, filters, kernel, stride, pad, dilation, groups, bias, ceil)'],
	['a field of another op', spec([{name: 'p1', op: 'maxpool', kernel: 2, groups: 2}]), 'n.json: layer "p1": unknown field "groups" for op "maxpool" (allowed: name, op, inputs, kernel, stride, pad, ceil)'],
	['a missing field', spec([{name: 'c1', op: 'conv', kernel: 3}]), 'n.json: layer "c1": "filters" is missing'],
	['a number as a string', spec([{name: 'c1', op: 'conv', filters: 2, kernel: '3'}]), 'n.json: layer "c1": "kernel" must be a number or [height, width], got "3"'],
	['a boolean as a number', spec([{name: 'p1', op: 'maxpool', kernel: 2, ceil: 1}]), 'n.json: layer "p1": "ceil" must be a boolean, got 1'],
	['a null LRN constant', spec([{name: 'n1', op: 'lrn', size: 5, alpha: null, beta: 0.75, k: 2}]), 'n.json: layer "n1": "alpha" must be a number, got null'],
	[
		'a name used twice',
		spec([
			{name: 'r', op: 'relu'},
			{name: 'r', op: 'relu'},
		]),
		'n.json: layer "r": the name is used twice (layers[0] and layers[1])',
	],
	[
		'inputs naming a later layer',
		spec([
			{name: 'a', op: 'relu', inputs: ['b']},
			{name: 'b', op: 'relu'},
		]),
		'n.json: layer "a": input "b" is not an earlier layer',
	],
	['inputs as a string', spec([{name: 'a', op: 'relu', inputs: 'input'}]), 'n.json: layer "a": "inputs" must be a non-empty array of layer names'],
	['a layer named input', spec([{name: 'input', op: 'relu'}]), 'n.json: layer "input": the name "input" is reserved for the network input'],
];

for (const [label, text, message] of bad) {
	test(`bad spec: ${label}`, () => {
		try {
			parseSpec(text, 'n.json');
			assert.unreachable('no error');
		} catch (error) {
			assert.instance(error, SpecError);
			assert.is((error as Error).message, message);
		}
	});
}

test('loadNetwork picks the reader by extension, else by the first character', () => {
	assert.is(networkFormat('', 'a.json'), 'json');
	assert.is(networkFormat('', 'deploy.prototxt'), 'prototxt');
	assert.is(networkFormat('', 'net.pt'), 'prototxt');
	assert.is(networkFormat('  {"input": []}', 'net.txt'), 'json');
	assert.is(networkFormat('name: "x"', 'net'), 'prototxt');
	assert.is(loadNetwork(example('lenet.json'), 'lenet.json').name, 'lenet5');
	const prototxt = 'input: "data"\ninput_dim: 1\ninput_dim: 1\ninput_dim: 4\ninput_dim: 4\nlayer { name: "r" type: "ReLU" bottom: "data" top: "data" }';
	assert.equal(loadNetwork(prototxt, 'tiny.prototxt').layers, [{name: 'r', op: 'relu'}]);
	assert.throws(
		() => loadNetwork('', 'bvlc_alexnet.caffemodel'),
		(e: Error) => e instanceof SpecError && /binary Caffe file/.test(e.message),
	);
});

test.run();
