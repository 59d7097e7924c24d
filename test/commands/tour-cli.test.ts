import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {runCli} from '../helpers/run-cli.js';

test('lessons lists every lesson, one a line, numbered', () => {
	const r = runCli(['lessons']);
	assert.is(r.code, 0);
	const lines = r.stdout.replace(/\n$/, '').split('\n');
	assert.ok(lines.length >= 20, `${lines.length} lessons`);
	assert.match(lines[0]!, /^ 1 {2}why-alexnet\s+Why AlexNet mattered$/);
	assert.match(r.stdout, /conv1\s+conv1: the first filters look at the pixels {2}\[runs conv1\]/);
});

test('lesson conv1 into a pipe is plain text with the computed figures', () => {
	const r = runCli(['lesson', 'conv1'], {NO_COLOR: '', FORCE_COLOR: ''});
	assert.is(r.code, 0);
	assert.not.match(r.stdout, '\u001b');
	assert.match(r.stdout, 'one channel per filter: 55×55×96');
	assert.match(r.stdout, '(11·11·3 + 1)·96 = 34,944');
});

test('draw without a terminal is exit 2 with one line saying what to use instead', () => {
	const r = runCli(['draw']);
	assert.is(r.code, 2);
	assert.is(r.stderr.trim().split('\n').length, 1);
	assert.match(r.stderr, 'draw needs a terminal');
	assert.match(r.stderr, 'forward --variant mini --weights shipped --image FILE');
});

test('forward --variant mini --weights shipped reads test digit #0 as a 7 and says whose weights they are', () => {
	const r = runCli(['forward', '--variant', 'mini', '--weights', 'shipped', '--backend', 'reference']);
	assert.is(r.code, 0, r.stderr);
	assert.match(r.stdout, 'the trained weights that ship with alexnet-tour');
	assert.match(r.stdout, /right: the top guess "?7"? is the true label/);
});

test('lesson takes a number too', () => {
	assert.is(runCli(['lesson', '3']).stdout, runCli(['lesson', 'conv1']).stdout);
});

test('an unknown lesson is exit 2 with the ids to choose from', () => {
	const r = runCli(['lesson', 'conv9']);
	assert.is(r.code, 2);
	assert.match(r.stderr, /^error: no lesson "conv9"; the lessons are: why-alexnet, input, conv1,/);
});

test('alexnet-tour with no terminal prints the lessons and usage and exits 0', () => {
	const r = runCli([]);
	assert.is(r.code, 0);
	assert.match(r.stdout, 'the interactive tour needs a terminal');
	assert.match(r.stdout, '3  conv1');
	assert.match(r.stdout, 'alexnet-tour lesson conv1');
	assert.is(r.stderr, '');
});

test('demo with no terminal prints the lessons in order from --from, without waiting', () => {
	const r = runCli(['demo', '--from', 'errata', '--step-seconds', '100']);
	assert.is(r.code, 0);
	assert.match(r.stdout, /^Errata: what the paper and the folklore get wrong/);
	assert.match(r.stdout, '55·55·96 = 290,400');
	// From the first lesson: the random-weights text is kept, its markers (HTML comments) are not printed.
	const all = runCli(['demo']);
	assert.match(all.stdout, 'The weights in this tour are random');
	assert.not.match(all.stdout, '<!--');
	assert.not.match(all.stdout, 'These are the trained filters');
});

test('demo refuses a step time that is not positive', () => {
	const r = runCli(['demo', '--step-seconds', '0']);
	assert.is(r.code, 2);
	assert.is(r.stderr.trim(), 'error: --step-seconds 0: expected a positive number of seconds');
});

test.run();
