import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import {explainLayer} from '../../src/model/explain.js';
import {derive} from '../../src/model/formulas.js';
import {networks} from '../../src/model/networks.js';

const explain = (input: [number, number, number], layer: string) => {
	const facts = findLayer(analyzeNetwork({...networks.original, input}), layer);
	return new Map(explainLayer(facts).map((e) => [e.key, e]));
};
const line = (e: {substituted: string; value: number} | undefined) => `${e!.substituted} = ${e!.value.toLocaleString('en-US')}`;

test('conv1 output size on 227: ⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55, no note', () => {
	const e = explain([227, 227, 3], 'conv1').get('out');
	assert.is(e!.formula, '⌊(n + 2·p − k) / s⌋ + 1');
	assert.is(line(e), '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55');
	assert.is(e!.note, undefined);
});

test('conv1 on 224 shows 54.25 → 54 and the dropped row and column', () => {
	const e = explain([224, 224, 3], 'conv1').get('out');
	assert.is(line(e), '⌊(224 + 2·0 − 11) / 4⌋ + 1 = 54');
	assert.is(e!.note, '(224 + 2·0 − 11) / 4 + 1 = 54.25 → 54: the stride does not divide evenly, so the last 1 input row and column is never visited (the floor drops it)');
});

test('a non-square input gets a derivation per side and no merged one', () => {
	const m = explain([227, 231, 3], 'conv1');
	assert.is(m.has('out'), false);
	assert.is(line(m.get('out.h')), '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55');
	assert.is(line(m.get('out.w')), '⌊(231 + 2·0 − 11) / 4⌋ + 1 = 56');
});

test('conv1 parameters: (11·11·3 + 1)·96 = 34,944', () => {
	const e = explain([227, 227, 3], 'conv1').get('params');
	assert.is(e!.formula, '(k·k·cin + 1)·cout');
	assert.is(line(e), '(11·11·3 + 1)·96 = 34,944');
});

test('conv2 parameters show the groups and the 5×5×48 kernels', () => {
	const e = explain([227, 227, 3], 'conv2').get('params');
	assert.is(line(e), '(5·5·96 / 2 + 1)·256 = 307,456');
	assert.is(e!.note, 'with 2 groups each filter is 5×5×48, not 5×5×96');
});

test('conv1 MACs and FLOPs', () => {
	const m = explain([227, 227, 3], 'conv1');
	assert.is(line(m.get('macs')), '55·55·96·(11·11·3) = 105,415,200');
	assert.is(line(m.get('flops')), '2·105,415,200 = 210,830,400');
});

test('pool5 receptive field: 163 + 1·(3 − 1)·16 = 195', () => {
	assert.is(line(explain([227, 227, 3], 'pool5').get('rf')), '163 + 1·(3 − 1)·16 = 195');
});

test('fc6 parameters: (9216 + 1)·4096', () => {
	assert.is(line(explain([227, 227, 3], 'fc6').get('params')), '(9216 + 1)·4096 = 37,752,832');
});

test('ceil pooling shows the window that hangs over', () => {
	const facts = analyzeNetwork({name: 'x', input: [112, 112, 64], layers: [{name: 'p', op: 'maxpool', kernel: 3, stride: 2, ceil: true}]}).layers[0]!;
	const e = explainLayer(facts).find((x) => x.key === 'out');
	assert.is(line(e), '⌈(112 + 2·0 − 3) / 2⌉ + 1 = 56');
	assert.match(e!.note ?? '', /= 55.5 → 56: rounding up adds a last window/);
});

test('dilated conv uses the dilated formula', () => {
	const facts = analyzeNetwork({name: 'x', input: [10, 10, 1], layers: [{name: 'c', op: 'conv', filters: 1, kernel: 3, dilation: 2}]}).layers[0]!;
	assert.is(line(explainLayer(facts).find((x) => x.key === 'out')), '⌊(10 + 2·0 − 2·(3 − 1) − 1) / 1⌋ + 1 = 6');
});

test('derive substitutes every symbol and computes with the same string', () => {
	assert.equal(derive('convParams', {k: 3, cin: 2, cout: 4}), {formula: '(k·k·cin + 1)·cout', substituted: '(3·3·2 + 1)·4', value: 76});
});

test.run();
