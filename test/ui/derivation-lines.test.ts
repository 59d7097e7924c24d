import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {applyColorLevel} from '../../src/ui/color-level.js';
import {derivationLines} from '../../src/ui/panels/derivation-lines.js';

applyColorLevel(0);
const summary = analyzeNetwork(networks.original);

test('conv2: shapes, one size derivation for the square map, params with the groups note once', () => {
	const lines = derivationLines(findLayer(summary, 'conv2'), 78);
	assert.equal(lines.slice(0, 2), ['conv2 (conv)', 'input 27×27×96 → output 27×27×256']);
	const text = lines.join('\n');
	assert.is(text.split('⌊(27 + 2·2 − 5) / 1⌋ + 1 = 27').length - 1, 1, 'the size derived once');
	assert.match(text, '= (5·5·96 / 2 + 1)·256 = 307,456');
	assert.is(text.split('with 2 groups each filter is 5×5×48, not 5×5×96').length - 1, 1, 'the note said once');
	assert.match(text, '= 19 + 1·(5 − 1)·8 = 51');
});

test('a value equal to its substitution is not repeated: biases = 256', () => {
	const text = derivationLines(findLayer(summary, 'conv2'), 78).join('\n');
	assert.match(text, 'biases (one per filter)\n  cout\n  = 256\n');
});

test('lines stay within the width', () => {
	for (const layer of ['conv1', 'pool1', 'fc6', 'prob']) {
		for (const line of derivationLines(findLayer(summary, layer), 40)) assert.ok([...line].length <= 40, `${layer}: ${line}`);
	}
});

test.run();
