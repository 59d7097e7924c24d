import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {caffeFixturesDir, haveCaffeFixtures} from '../helpers/caffe-fixtures.js';
import {runCli} from '../helpers/run-cli.js';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

test('summary --json is one document with the published totals', () => {
	const r = runCli(['summary', '--json']);
	assert.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	assert.equal(Object.keys(doc), ['variant', 'input', 'layers', 'totals']);
	assert.equal(doc.totals, {params: 60965224, macs: 724406816, flops: 1448813632});
	assert.equal(doc.input, [227, 227, 3]);
	assert.equal(doc.layers[0], {name: 'conv1', type: 'conv', output: [55, 55, 96], params: 34944, macs: 105415200, activations: 290400, receptiveField: 11});
	assert.equal(doc.layers.at(-1).output, [1000]);
});

test('summary --variant torchvision --json', () => {
	const doc = JSON.parse(runCli(['summary', '--variant', 'torchvision', '--json']).stdout);
	assert.equal([doc.variant, doc.totals.params, doc.totals.macs], ['torchvision', 61100840, 714188480]);
});

test("a user's network is a network, not a variant, and a lone layer named fc is not named twice", () => {
	const dir = mkdtempSync(join(tmpdir(), 'fc-'));
	const file = join(dir, 'fc.json');
	writeFileSync(file, JSON.stringify({input: [4, 4, 1], layers: [{name: 'fc', op: 'fc', units: 10}]}));
	const json = runCli(['calc', file, '--json']);
	assert.is(json.code, 0, json.stderr);
	const doc = JSON.parse(json.stdout);
	assert.is(doc.network, 'fc');
	assert.is(doc.variant, undefined);
	const text = runCli(['calc', file]);
	assert.match(text.stdout, /Parameters: fc 170 \(100\.0%\)/);
});

test('summary prints the table, totals and where parameters and compute live', () => {
	const r = runCli(['summary']);
	assert.is(r.code, 0);
	assert.match(r.stdout, /^conv1 +conv 11×11 s4 +55×55×96 +34,944 +105,415,200 +290,400 +11$/m);
	assert.match(r.stdout, /^total +60,965,224 +724,406,816/m);
	assert.match(r.stdout, /fc6 alone holds 61\.9%/);
	assert.match(r.stdout, /conv conv1–conv5 665,784,864 \(91\.9%\)/);
	assert.match(r.stdout, /1 MAC = 2 FLOPs/);
});

test('summary --markdown is a Markdown table', () => {
	const r = runCli(['summary', '--markdown', '--variant', 'ungrouped']);
	assert.match(r.stdout, /^\| layer \| type \| output H×W×C \| params \| MACs \| activations \| RF \|$/m);
	assert.match(r.stdout, /^\| conv2 \| conv 5×5 p2 \| 27×27×256 \| 614,656 \| 447,897,600 \| 186,624 \| 51 \|$/m);
	assert.match(r.stdout, /^\| \*\*total\*\* \| {2}\| {2}\| 62,378,344 \| 1,135,256,096 \|/m);
});

test('calc conv prints every derivation', () => {
	const r = runCli(['calc', 'conv', '--input', '227x227x3', '--filters', '96', '--kernel', '11', '--stride', '4']);
	assert.is(r.code, 0, r.stderr);
	assert.ok(r.stdout.startsWith('conv: 227×227×3 → 55×55×96\n'));
	for (const l of ['= ⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55', '= (11·11·3 + 1)·96 = 34,944', '= 55·55·96·(11·11·3) = 105,415,200 MACs', '= 1 + 1·(11 − 1)·1 = 11 px']) {
		assert.ok(r.stdout.includes(l), `missing ${l}`);
	}
});

test('calc pool --ceil rounds up', () => {
	const r = runCli(['calc', 'pool', '--input', '112x112x64', '--kernel', '3', '--stride', '2', '--ceil']);
	assert.ok(r.stdout.startsWith('pool: 112×112×64 → 56×56×64\n'), r.stdout);
});

test('calc fc --json', () => {
	const doc = JSON.parse(runCli(['calc', 'fc', '--input', '6x6x256', '--units', '4096', '--json']).stdout);
	assert.equal([doc.output, doc.params, doc.macs], [[4096], 37752832, 37748736]);
});

test('calc on a JSON spec prints the same table as summary', () => {
	const r = runCli(['calc', 'examples/alexnet.json']);
	assert.is(r.code, 0, r.stderr);
	assert.match(r.stdout, /^total +60,965,224 +724,406,816/m);
});

if (haveCaffeFixtures) {
	test('calc on the BVLC AlexNet prototxt --json: per-image totals', () => {
		const doc = JSON.parse(runCli(['calc', `${caffeFixturesDir}bvlc_alexnet.deploy.prototxt`, '--json']).stdout);
		assert.equal([doc.input, doc.totals.params, doc.totals.macs], [[227, 227, 3], 60965224, 724406816]);
	});
}

test('calc on a malformed JSON spec names the file and line', () => {
	const r = runCli(['calc', 'test/commands/malformed.json']);
	assert.is(r.code, 2);
	assert.match(r.stderr, /^error: test\/commands\/malformed\.json:3: /);
});

// Bad input: one line naming what is wrong, exit code 2, no stack trace.
const bad: [string, string[], string][] = [
	['kernel larger than the padded input', ['calc', 'conv', '--input', '10x10x3', '--filters', '4', '--kernel', '11'], 'error: conv: kernel 11 is larger than the padded input 10'],
	['stride 0', ['calc', 'conv', '--input', '10x10x3', '--filters', '4', '--kernel', '3', '--stride', '0'], 'error: conv: stride must be a positive integer, got 0'],
	['negative pad', ['calc', 'conv', '--input', '10x10x3', '--filters', '4', '--kernel', '3', '--pad', '-1'], 'error: conv: pad must be a non-negative integer, got -1'],
	['zero filters', ['calc', 'conv', '--input', '10x10x3', '--filters', '0', '--kernel', '3'], 'error: conv: filters must be a positive integer, got 0'],
	['non-integer kernel', ['calc', 'conv', '--input', '10x10x3', '--filters', '4', '--kernel', '2.5'], 'error: conv: kernel must be a positive integer, got 2.5'],
	['channels not divisible by groups', ['calc', 'conv', '--input', '10x10x3', '--filters', '4', '--kernel', '3', '--groups', '2'], 'error: conv: 3 input channels do not divide into 2 groups'],
	['filters not divisible by groups', ['calc', 'conv', '--input', '10x10x4', '--filters', '3', '--kernel', '3', '--groups', '2'], 'error: conv: 3 filters do not divide into 2 groups'],
	['zero-size input', ['calc', 'conv', '--input', '0x10x3', '--filters', '4', '--kernel', '3'], 'error: --input "0x10x3": expected H×W×C of positive integers, such as 227x227x3'],
	['a flag that is not a number', ['calc', 'conv', '--input', '10x10x3', '--filters', 'many', '--kernel', '3'], 'error: --filters "many" is not a number'],
	['a flag of another layer kind', ['calc', 'pool', '--input', '10x10x3', '--kernel', '3', '--filters', '2'], 'error: --filters does not apply to calc pool'],
	['a missing required flag', ['calc', 'fc', '--input', '9216'], 'error: calc fc needs --units'],
	['a missing file', ['calc', 'no-such-net.prototxt'], 'error: cannot read network no-such-net.prototxt: no such file'],
	['an unknown flag', ['summary', '--bogus'], "error: unknown option '--bogus'"],
	['an unknown variant', ['summary', '--variant', 'vgg'], "error: option '--variant <name>' argument 'vgg' is invalid. Allowed choices are original, ungrouped, torchvision, mini."],
	['an unknown command', ['sumary'], "error: unknown command 'sumary'"],
];

for (const [name, args, message] of bad) {
	test(`bad input, ${name}: exit 2 and one line`, () => {
		const r = runCli(args);
		assert.is(r.code, 2, `exit code; stderr: ${r.stderr}`);
		assert.is(r.stderr.split('\n')[0], message);
		assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
		assert.is(r.stdout, '');
	});
}

test.run();
