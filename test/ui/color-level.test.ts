import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {colorLevel, type ColorContext} from '../../src/ui/color-level.js';

const cases: [string, ColorContext, number][] = [
	['not a terminal', {env: {COLORTERM: 'truecolor'}, isTTY: false}, 0],
	['truecolor terminal', {env: {COLORTERM: 'truecolor', TERM: 'xterm-256color'}, isTTY: true}, 3],
	['256-colour terminal', {env: {TERM: 'xterm-256color'}, isTTY: true}, 2],
	['tmux 256', {env: {TERM: 'screen-256color'}, isTTY: true}, 2],
	['plain xterm', {env: {TERM: 'xterm'}, isTTY: true}, 1],
	['dumb terminal', {env: {TERM: 'dumb'}, isTTY: true}, 0],
	['NO_COLOR wins over truecolor', {env: {NO_COLOR: '1', COLORTERM: 'truecolor'}, isTTY: true}, 0],
	['empty NO_COLOR is ignored', {env: {NO_COLOR: '', TERM: 'xterm'}, isTTY: true}, 1],
	['--no-color wins', {env: {COLORTERM: 'truecolor'}, isTTY: true, noColorFlag: true}, 0],
	['FORCE_COLOR=3 into a pipe', {env: {FORCE_COLOR: '3'}, isTTY: false}, 3],
	['FORCE_COLOR=0 on a terminal', {env: {FORCE_COLOR: '0', COLORTERM: 'truecolor'}, isTTY: true}, 0],
	['NO_COLOR beats FORCE_COLOR', {env: {FORCE_COLOR: '3', NO_COLOR: 'x'}, isTTY: true}, 0],
];

for (const [name, context, expected] of cases) {
	test(name, () => {
		assert.is(colorLevel(context), expected);
	});
}

test.run();
