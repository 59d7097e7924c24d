import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork, findLayer} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {playFacts, playKeys, playValues, stepValue} from '../../src/model/play-layer.js';
import {windowRow} from '../../src/model/window-row.js';

const summary = analyzeNetwork(networks.original);

test("a layer's own values round-trip: played unchanged, it gives the network's own figures", () => {
	for (const name of ['conv1', 'pool1', 'conv2', 'pool5']) {
		const facts = findLayer(summary, name);
		const played = playFacts(name, playValues(facts)!);
		assert.ok('facts' in played, name);
		if ('facts' in played) {
			assert.equal(played.facts.output, facts.output, name);
			assert.is(played.facts.params, facts.params, name);
			assert.is(played.facts.macs, facts.macs, name);
		}
	}
	assert.equal(playKeys(playValues(findLayer(summary, 'pool1'))!), ['n', 'k', 's', 'p']);
	assert.is(playValues(findLayer(summary, 'fc6')), undefined);
});

test('steps keep values possible: padding from 0, the rest from 1, groups only through common divisors', () => {
	const conv2 = playValues(findLayer(summary, 'conv2'))!;
	assert.is(stepValue({...conv2, p: 0}, 'p', -1).p, 0);
	assert.is(stepValue({...conv2, s: 1}, 's', -1).s, 1);
	assert.is(stepValue(conv2, 'g', 1).g, 4, '96 and 256 share 1, 2, 4, 8, 16, 32');
	assert.is(stepValue({...conv2, g: 32}, 'g', 1).g, 32, 'none above 32 divides both');
});

test('an impossible layer says why instead of a shape', () => {
	const conv1 = playValues(findLayer(summary, 'conv1'))!;
	const played = playFacts('conv1', {...conv1, n: 8});
	assert.ok('error' in played && /conv1: kernel 11 is larger than the padded input 8/.test(played.error), JSON.stringify(played));
});

test('a row too wide to draw shows its last cells when asked to fit, with the pixels the floor drops', () => {
	// 226 wide: (226 − 11) / 4 + 1 = 54.75, so 54 windows and the last 3 pixels unread.
	const row = windowRow({n: 226, k: 11, s: 4, p1: 0, p2: 0, d: 1, ceil: false}, 'conv1', 30);
	assert.match(row[0]!, /^pixel 196…/);
	assert.match(row.at(-3)!, /^window 54 /);
	assert.match(row.join('\n'), '× never read');
	assert.ok(
		row.every((l) => l.length <= 11 + 60),
		'within the cells asked for',
	);
	assert.throws(() => windowRow({n: 227, k: 11, s: 4, p1: 0, p2: 0, d: 1, ceil: false}), /too wide/);
});

test.run();
