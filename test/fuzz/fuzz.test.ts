/**
 * The program against bad input, property by property (fast-check): mutated prototxt and JSON specs, forged weights,
 * .npy and ONNX files, random flag values. Each case must end in a valid result or one UserError (the CLI's `error:`
 * line, exit 2): never another exception (a bug exit), never NaN, undefined or Infinity in what is shown, never invalid
 * JSON. The budget is bounded for `npm test` (FUZZ_RUNS, default 150 a property); `npm run fuzz` runs 30 times longer.
 */
import {readdirSync, readFileSync} from 'node:fs';
import fc from 'fast-check';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {networkReport} from '../../src/commands/network-report.js';
import {onnxReport} from '../../src/commands/onnx-report.js';
import {UserError} from '../../src/errors.js';
import {decodeOnnx} from '../../src/io/onnx.js';
import {decodeSafetensors} from '../../src/io/safetensors.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {explainLayer} from '../../src/model/explain.js';
import {analyzeOnnx} from '../../src/model/import/onnx-graph.js';
import {loadNetwork} from '../../src/model/load-network.js';
import {networks} from '../../src/model/networks.js';
import {initWeights} from '../../src/runner/weights.js';
import {decodeNpy, encodeNpy} from '../../src/tensor/npy.js';
import {caffeFixturesDir, haveCaffeFixtures} from '../helpers/caffe-fixtures.js';
import {networkToOnnx} from '../helpers/onnx-network.js';
import {runCli} from '../helpers/run-cli.js';

const runs = Number(process.env.FUZZ_RUNS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 2012);
const bad = /\bNaN\b|\bundefined\b|Infinity|\[object Object\]/;

/** Runs `fn`: a result must show no NaN or undefined; a failure must be a UserError of one clean line. */
function clean(fn: () => string): void {
	let out: string;
	try {
		out = fn();
	} catch (error) {
		if (!(error instanceof UserError)) throw new Error(`a bug, not a user error: ${(error as Error).stack}`);
		if (bad.test(error.message) || error.message.includes('\n')) throw new Error(`an unclean message: ${error.message}`);
		return;
	}
	if (bad.test(out)) throw new Error(`NaN, undefined or Infinity shown: ${out.match(/.{0,60}(NaN|undefined|Infinity).{0,20}/)?.[0]}`);
}

/** A text with 1 to 4 random edits: a character replaced, inserted or deleted, a run of digits, or a cut. */
const mutated = (texts: readonly string[]) =>
	fc.tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.string({minLength: 1, maxLength: 3}), fc.integer({min: 1, max: 300})), {minLength: 1, maxLength: 4})).map(([text, edits]) => {
		let t = text;
		for (const [at, kind, s, n] of edits) {
			const i = at % (t.length + 1);
			if (kind === 0) t = t.slice(0, i) + s + t.slice(i + 1);
			else if (kind === 1) t = t.slice(0, i) + s + t.slice(i);
			else if (kind === 2) t = t.slice(0, i) + t.slice(i + n);
			else if (kind === 3) t = t.slice(0, i) + '9'.repeat(n * 10) + t.slice(i);
			else if (kind === 4) t = `${t.slice(0, i) + '-'.repeat(n % 3)}1e${'9'.repeat(n % 400)}${t.slice(i)}`;
			else t = t.slice(0, i);
		}
		return t;
	});

const specReport = (text: string, file: string) => {
	const summary = analyzeNetwork(loadNetwork(text, file));
	for (const l of summary.layers) explainLayer(l);
	const json = networkReport(summary, 'json');
	JSON.parse(json);
	return `${json}\n${networkReport(summary, 'text')}`;
};

if (haveCaffeFixtures) {
	const prototxts = readdirSync(caffeFixturesDir)
		.filter((f) => f.endsWith('.prototxt'))
		.map((f) => readFileSync(caffeFixturesDir + f, 'utf8'));
	test(`mutated Caffe prototxts (${runs} cases): a valid report or one clean error`, () => {
		fc.assert(
			fc.property(mutated(prototxts), (text) => clean(() => specReport(text, 'fuzz.prototxt'))),
			{numRuns: runs, seed},
		);
	});
}

const specs = readdirSync(new URL('../../examples/', import.meta.url)).map((f) => readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8'));
test(`mutated JSON specs (${runs} cases): a valid report or one clean error`, () => {
	fc.assert(
		fc.property(mutated(specs), (text) => clean(() => specReport(text, 'fuzz.json'))),
		{numRuns: runs, seed},
	);
});

test(`generated JSON specs of random layers and sizes (${runs} cases)`, () => {
	const size = fc.oneof(fc.integer({min: -2, max: 40}), fc.double({noNaN: false}), fc.tuple(fc.integer({min: 0, max: 9}), fc.integer({min: 0, max: 9})), fc.constant(2 ** 60));
	const layer = fc.oneof(
		fc.record(
			{op: fc.constant('conv'), filters: size, kernel: size, stride: fc.option(size, {nil: undefined}), pad: fc.option(size, {nil: undefined}), groups: fc.option(size, {nil: undefined})},
			{requiredKeys: ['op', 'filters', 'kernel']},
		),
		fc.record({op: fc.constantFrom('maxpool', 'avgpool'), kernel: size, stride: fc.option(size, {nil: undefined}), ceil: fc.option(fc.boolean(), {nil: undefined})}, {requiredKeys: ['op', 'kernel']}),
		fc.record({op: fc.constant('lrn'), size, alpha: fc.double(), beta: fc.double(), k: fc.double()}),
		fc.record({op: fc.constant('fc'), units: size}),
		fc.record({op: fc.constantFrom('relu', 'softmax')}),
		fc.record({op: fc.constant('dropout'), ratio: fc.double()}),
	);
	const spec = fc.record({input: fc.tuple(size, size, size), layers: fc.array(layer, {minLength: 1, maxLength: 6})}).map((s) => JSON.stringify({input: s.input, layers: s.layers.map((l, i) => ({name: `l${i}`, ...l}))}));
	fc.assert(
		fc.property(spec, (text) => clean(() => specReport(text, 'gen.json'))),
		{numRuns: runs, seed},
	);
});

test(`forged safetensors headers (${runs} cases)`, () => {
	const entry = fc.record(
		{
			dtype: fc.oneof(fc.constant('F32'), fc.string()),
			shape: fc.oneof(fc.array(fc.oneof(fc.integer({min: -3, max: 9}), fc.double(), fc.string())), fc.constant(null)),
			data_offsets: fc.oneof(fc.tuple(fc.integer({min: -64, max: 200}), fc.integer({min: -64, max: 200})), fc.array(fc.double()), fc.constant(null)),
		},
		{requiredKeys: []},
	);
	const file = fc.tuple(fc.dictionary(fc.string({maxLength: 6}), fc.oneof(entry, fc.constant(null), fc.string())), fc.uint8Array({maxLength: 300})).map(([header, data]) => {
		const json = Buffer.from(JSON.stringify(header));
		const head = Buffer.alloc(8);
		head.writeBigUInt64LE(BigInt(json.length));
		return Buffer.concat([head, json, data]);
	});
	fc.assert(
		fc.property(file, (bytes) => clean(() => JSON.stringify([...decodeSafetensors(bytes, 'fuzz.safetensors').tensors.keys()]))),
		{numRuns: runs, seed},
	);
});

test(`mutated .npy files (${runs} cases)`, () => {
	const good = encodeNpy([2, 3], Float32Array.of(1, 2, 3, 4, 5, 6));
	const forged = fc.tuple(fc.array(fc.tuple(fc.nat(good.length), fc.integer({min: 0, max: 255})), {maxLength: 6}), fc.nat(good.length)).map(([flips, cut]) => {
		const b = Uint8Array.from(good);
		for (const [i, v] of flips) b[i % b.length] = v;
		return b.subarray(0, Math.max(cut, 1));
	});
	fc.assert(
		fc.property(forged, (bytes) => clean(() => String(decodeNpy(bytes, 'fuzz.npy').shape))),
		{numRuns: runs, seed},
	);
});

const summary = analyzeNetwork(networks.mini);
const onnx = networkToOnnx(summary, initWeights(summary), 'ShapeChain');
test(`mutated ONNX models (${runs} cases): a report, or one clean error`, () => {
	const forged = fc.tuple(fc.array(fc.tuple(fc.nat(onnx.length - 1), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 8}), fc.option(fc.nat(onnx.length), {nil: undefined})).map(([flips, cut]) => {
		const b = Uint8Array.from(onnx);
		for (const [i, v] of flips) b[i] = v;
		return cut === undefined ? b : b.subarray(0, cut);
	});
	fc.assert(
		fc.property(forged, (bytes) =>
			clean(() => {
				const s = analyzeOnnx(decodeOnnx(bytes, 'fuzz.onnx'));
				const json = onnxReport(s, 'json');
				JSON.parse(json);
				return `${json}\n${onnxReport(s, 'text')}`;
			}),
		),
		{numRuns: runs, seed},
	);
});

test(`random calc flag values through the CLI (${Math.ceil(runs / 10)} cases): exit 0 or one error line, exit 2`, () => {
	const value = fc.oneof(fc.integer({min: -3, max: 300}).map(String), fc.constantFrom('1e200', '0.5', 'NaN', '-0', '9007199254740993', '3x1', '2x2x2', '', 'abc', '1,2,3,4'));
	const args = fc
		.tuple(fc.constantFrom('conv', 'pool', 'fc'), value, value, value, value, fc.boolean())
		.map(([kind, input, k, s, p, json]) => [
			'calc',
			kind,
			'--input',
			`${input}x${input}x3`,
			...(kind === 'fc' ? ['--units', k] : ['--kernel', k, '--stride', s, '--pad', p]),
			...(kind === 'conv' ? ['--filters', '4'] : []),
			...(json ? ['--json'] : []),
		]);
	fc.assert(
		fc.property(args, (a) => {
			const r = runCli(a);
			assert.ok(r.code === 0 || r.code === 2, `${a.join(' ')}: exit ${r.code}: ${r.stderr}`);
			if (r.code === 2) assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
			// The user's own NaN echoed back in a message is fair; one the program made is not.
			const ours = a.filter((x) => x.length > 2).reduce((text, x) => text.replaceAll(x, '…'), `${r.stdout}${r.stderr}`);
			assert.not.match(ours, bad, `${a.join(' ')}: ${r.stderr}`);
			if (r.code === 0 && a.includes('--json')) JSON.parse(r.stdout);
		}),
		{numRuns: Math.ceil(runs / 10), seed},
	);
});

test.run();
