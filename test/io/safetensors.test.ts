import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {decodeSafetensors, encodeSafetensors} from '../../src/io/safetensors.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {loadWeights} from '../../src/runner/load-weights.js';
import {readWeightsMetadata, saveWeightsFile} from '../../src/io/weights-file.js';
import {initWeights} from '../../src/runner/weights.js';
import {tiny} from '../runner/tiny-network.js';

const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
const summary = analyzeNetwork(tiny);
const weights = initWeights(summary, {seed: 9});
const file = join(dir, 'tiny.safetensors');
saveWeightsFile(file, summary, weights, 'seed 9', {testAccuracy: '0.5'});

test('the header is a u64 length, JSON with PyTorch names, shapes and offsets, padded to 8 bytes', () => {
	const bytes = readFileSync(file);
	const n = Number(bytes.readBigUInt64LE(0));
	assert.is((8 + n) % 8, 0);
	const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
	assert.equal(header['conv1.weight'], {dtype: 'F32', shape: [4, 3, 3, 3], data_offsets: [0, 432]});
	assert.equal(header['conv1.bias'].data_offsets, [432, 448]);
	assert.is(header.__metadata__.network, 'tiny');
	assert.equal(JSON.parse(header.__metadata__.spec).layers, tiny.layers);
	assert.is(header.__metadata__.params, String(summary.totals.params));
	assert.is(readWeightsMetadata(file)['testAccuracy'], '0.5');
});

test('weights load back exactly, checked against the network', () => {
	const loaded = loadWeights(file, summary);
	for (const [name, {w, b}] of weights) {
		assert.equal([...loaded.weights.get(name)!.w.data], [...w.data], name);
		assert.equal([...loaded.weights.get(name)!.b.data], [...b.data], name);
	}
	assert.match(loaded.description, 'seed 9');
});

const python = spawnSync('python3', ['-c', 'import numpy'], {encoding: 'utf8'});
if (python.status !== 0) console.log('skipping the NumPy safetensors check: python3 with numpy is not installed here');
else {
	test('NumPy alone reads the file (u64 header length, JSON header, raw little-endian float32)', () => {
		const script = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n])
data = raw[8 + n:]
out = {}
for name, e in header.items():
    if name == "__metadata__": continue
    a, b = e["data_offsets"]
    t = np.frombuffer(data[a:b], dtype="<f4").reshape(e["shape"])
    out[name] = [list(t.shape), float(t.astype(np.float64).sum())]
print(json.dumps(out))`;
		const r = spawnSync('python3', ['-c', script, file], {encoding: 'utf8'});
		assert.is(r.status, 0, r.stderr);
		const got = JSON.parse(r.stdout) as Record<string, [number[], number]>;
		for (const [name, {w, b}] of weights) {
			for (const [key, t] of [
				[`${name}.weight`, w],
				[`${name}.bias`, b],
			] as const) {
				assert.equal(got[key]![0], [...t.shape], key);
				const sum = t.data.reduce((a, v) => a + v, 0);
				assert.ok(Math.abs(got[key]![1] - sum) < 1e-3, `${key}: NumPy sums ${got[key]![1]}, we ${sum}`);
			}
		}
	});
}

/** A file with one tensor "x" whose header is changed by `edit`. */
type Header = Record<string, {dtype: unknown; shape: unknown; data_offsets: unknown}>;

function forged(edit: (header: Header) => void, data = new Uint8Array(16)): Uint8Array {
	const header: Header = {x: {dtype: 'F32', shape: [4], data_offsets: [0, 16]}};
	edit(header);
	const json = Buffer.from(JSON.stringify(header));
	const head = Buffer.alloc(8);
	head.writeBigUInt64LE(BigInt(json.length));
	return Buffer.concat([head, json, data]);
}

const bad: [string, Uint8Array, RegExp][] = [
	[
		'a header of null',
		forged((h) => delete h['x'])
			.fill(0x20, 8)
			.fill(0x6e, 8, 9),
		/not valid JSON|not a JSON object/,
	],
	['a negative offset', forged((h) => (h['x']!.data_offsets = [-16, 0])), /malformed data_offsets/],
	['a fractional offset', forged((h) => (h['x']!.data_offsets = [1.5, 17.5])), /malformed data_offsets/],
	['a negative shape', forged((h) => (h['x']!.shape = [-4])), /malformed shape/],
	['a fractional shape', forged((h) => (h['x']!.shape = [8.5])), /malformed shape/],
	['a shape of strings', forged((h) => (h['x']!.shape = ['4'])), /malformed shape/],
	['a shape that does not match the bytes', forged((h) => (h['x']!.shape = [2])), /is \[2\] but holds 16 bytes/],
	['data past the end', forged((h) => (h['x']!.data_offsets = [0, 16]), new Uint8Array(8)), /truncated/],
	['a gap before the data', forged((h) => (h['x']!.data_offsets = [4, 20]), new Uint8Array(20)), /overlap or leave a gap/],
	['a float16 tensor', forged((h) => (h['x']!.dtype = 'F16')), /reads F32/],
	['a header length past the end', Buffer.from([255, 255, 0, 0, 0, 0, 0, 0, 0x7b]), /header length runs past the end/],
	['NaN weights', forged(() => {}, new Uint8Array(new Float32Array([1, Number.NaN, 2, 3]).buffer)), /holds NaN at index 1: the weights have blown up/],
];
for (const [what, bytes, message] of bad) {
	test(`a forged safetensors file is refused: ${what}`, () => {
		assert.throws(
			() => decodeSafetensors(bytes, 'w.safetensors'),
			(e: Error) => e.name === 'InputError' && message.test(e.message),
		);
	});
}

test('encode and decode round-trip metadata and values', () => {
	const tensors = new Map([['a', {shape: [2], data: Float32Array.of(1.5, -2)}]]);
	const back = decodeSafetensors(Buffer.concat(encodeSafetensors(tensors, {k: 'v'})), 'x');
	assert.equal(back.metadata, {k: 'v'});
	assert.equal([...back.tensors.get('a')!.data], [1.5, -2]);
});

test('writing never leaves a temporary file, and a failed write leaves the old file as it was', () => {
	assert.equal(readdirSync(dir), ['tiny.safetensors']);
	const before = readFileSync(file);
	writeFileSync(join(dir, 'readme'), 'x');
	assert.throws(() => saveWeightsFile(join(dir, 'readme', 'w'), summary, weights, ''), /cannot write .*a part of the path is not a folder/);
	assert.equal(readFileSync(file), before);
	assert.equal(readdirSync(dir).sort(), ['readme', 'tiny.safetensors']);
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
