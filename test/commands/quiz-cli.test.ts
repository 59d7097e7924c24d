import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {caffeFixturesDir, haveCaffeFixtures} from '../helpers/caffe-fixtures.js';
import {assertCliError, cliPath, runCli} from '../helpers/run-cli.js';

/** Runs the CLI with `input` on stdin (answers, one a line). */
function withAnswers(args: readonly string[], input: string) {
	const r = spawnSync(process.execPath, [cliPath, ...args], {input, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}});
	return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr};
}

test('the right answers, taken from --json, score full marks; wrong ones show the answer and the derivation', () => {
	const doc = JSON.parse(runCli(['quiz', '--json', '--count', '4', '--seed', '5']).stdout);
	assert.is(doc.questions.length, 4);
	const answers = doc.questions.map((q: {answer: number; kind: string}) => (q.kind === 'loss' ? q.answer.toFixed(2) : q.answer.toLocaleString('en-US'))).join('\n');
	const good = withAnswers(['quiz', '--count', '4', '--seed', '5'], `${answers}\n`);
	assert.is(good.code, 0, good.stderr);
	assert.match(good.stdout, /score 4\/4$/m);
	assert.is((good.stdout.match(/^right: /gm) ?? []).length, 4);
	const bad = withAnswers(['quiz', '--count', '2', '--seed', '5'], '1\nno idea\n');
	assert.match(bad.stdout, /score 0\/2$/m);
	assert.match(bad.stdout, `not quite: the answer is`);
	assert.match(bad.stdout, `"no idea" is not a number`);
	assert.ok(bad.stdout.includes(doc.questions[0].explanation.split('\n')[1]), 'the derivation is shown');
});

test('answers that run out end the quiz with the score so far', () => {
	const r = withAnswers(['quiz', '--count', '3'], '1\n');
	assert.is(r.code, 0);
	assert.match(r.stdout, /score 0\/1 \(stopped after 1 of 3\)$/m);
});

test('a quiz on a Caffe prototxt asks about its own layers', () => {
	if (!haveCaffeFixtures) return console.log('quiz: no shared Caffe fixtures here');
	const doc = JSON.parse(runCli(['quiz', '--network', join(caffeFixturesDir, 'vgg16_v2format.deploy.prototxt'), '--json', '--count', '1000']).stdout);
	const layers = new Set(doc.questions.map((q: {layer: string}) => q.layer));
	assert.ok(layers.has('conv5_3') && layers.has('fc8'), [...layers].join(' '));
});

test('bad flags are one-line errors with exit code 2', () => {
	assertCliError(['quiz', '--count', '0'], /--count 0: expected a whole number from 1 to 1000/);
	assertCliError(['quiz', '--seed', '-1'], /--seed -1: expected a whole number/);
	assertCliError(['quiz', '--network', 'x.json', '--variant', 'mini'], /--network and --variant both choose the network/);
	assertCliError(['quiz', '--network', '/nonexistent/net.json'], /nonexistent/);
});

test.run();
