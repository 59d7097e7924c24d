import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {keyCommand, type KeyInfo} from '../../src/ui/use-tour-keys.js';

const cases: [string, string, KeyInfo, unknown][] = [
	['→', '', {rightArrow: true}, {type: 'next'}],
	['n', 'n', {}, {type: 'next'}],
	['←', '', {leftArrow: true}, {type: 'prev'}],
	['p', 'p', {}, {type: 'prev'}],
	['↑', '', {upArrow: true}, {type: 'scroll', delta: -1, max: 50}],
	['↓', '', {downArrow: true}, {type: 'scroll', delta: 1, max: 50}],
	['PgUp', '', {pageUp: true}, {type: 'scroll', delta: -19, max: 50}],
	['PgDn', '', {pageDown: true}, {type: 'scroll', delta: 19, max: 50}],
	['Enter', '', {return: true}, {type: 'run'}],
	['Tab', '', {tab: true}, {type: 'panel'}],
	['?', '?', {}, {type: 'help'}],
	['z', 'z', {}, {type: 'zoom'}],
	[']', ']', {}, {type: 'channel', delta: 1}],
	['[', '[', {}, {type: 'channel', delta: -1}],
	['q', 'q', {}, {type: 'quit'}],
	['Esc', '', {escape: true}, {type: 'escape'}],
	['a bare tab character', '\t', {}, {type: 'panel'}],
	['a bare carriage return', '\r', {}, {type: 'run'}],
	['Home', '', {home: true}, {type: 'goto', index: 0}],
	['End', '', {end: true}, {type: 'goto', index: Number.MAX_SAFE_INTEGER}],
	['Ctrl-C', 'c', {ctrl: true}, {type: 'quit', interrupted: true}],
	['x does nothing', 'x', {}, undefined],
];

for (const [name, input, key, expected] of cases) {
	test(`${name}`, () => {
		assert.equal(keyCommand(input, key, 20, 50), expected);
	});
}

test.run();
