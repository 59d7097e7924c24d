import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {loadWeights} from '../../src/runner/load-weights.js';
import {saveDir} from '../../src/io/npy-dir.js';
import {initWeights, type Weights} from '../../src/runner/weights.js';
import {saveWeightsFile} from '../../src/io/weights-file.js';
import {decodeNpy} from '../../src/tensor/npy.js';
import {tiny} from './tiny-network.js';
import {assertInputError} from '../helpers/assert-input-error.js';

const summary = analyzeNetwork(tiny);
const weights = initWeights(summary, {seed: 5, init: 'paper'});
const dir = mkdtempSync(join(tmpdir(), 'alexnet-weights-'));
const flat = (w: Weights) => [...w].map(([name, l]) => [name, l.w.shape, Array.from(l.w.data), l.b.shape, Array.from(l.b.data)]);

test('one file: save then load gives the same tensors and says where they came from', () => {
	const file = join(dir, 'tiny.weights');
	saveWeightsFile(file, summary, weights, 'seed 5, paper init');
	const loaded = loadWeights(file, summary);
	assert.equal(flat(loaded.weights), flat(weights));
	assert.is(loaded.description, `weights loaded from ${file} (seed 5, paper init)`);
	assert.equal(
		readdirSync(dir).filter((f) => f.endsWith('.tmp')),
		[],
		'no temporary file left',
	);
});

test("a directory of .npy files: save then load gives the same tensors, in PyTorch's layouts", () => {
	const out = join(dir, 'npy');
	const files = saveDir(out, {summary, weights, note: 'random'});
	assert.equal(files.map((f) => f.file).slice(0, 3), ['conv1.weights.npy', 'conv1.bias.npy', 'conv2.weights.npy']);
	assert.equal(decodeNpy(readFileSync(join(out, 'conv2.weights.npy'))).shape, [4, 2, 2, 2]);
	const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
	assert.is(manifest.network, 'tiny');
	assert.equal(manifest.layers[4], {stride: 1, pad: 0, dilation: 1, groups: 2, bias: true, name: 'conv2', op: 'conv', filters: 4, kernel: 2, output: [3, 3, 4]});
	assert.equal(flat(loadWeights(out, summary).weights), flat(weights));
});

test('missing, foreign and truncated files are InputErrors', () => {
	assertInputError(() => loadWeights(join(dir, 'nope.bin'), summary), /cannot read weights .*nope\.bin: no such file or directory/);
	const text = join(dir, 'text.bin');
	writeFileSync(text, 'hello');
	assertInputError(() => loadWeights(text, summary), /text\.bin is not a safetensors weights file/);
	const file = join(dir, 'whole.weights');
	saveWeightsFile(file, summary, weights, '');
	const bytes = readFileSync(file);
	const cut = join(dir, 'cut.weights');
	writeFileSync(cut, bytes.subarray(0, bytes.length - 8));
	assertInputError(() => loadWeights(cut, summary), /cut\.weights: is truncated/);
	writeFileSync(cut, bytes.subarray(0, 30));
	assertInputError(() => loadWeights(cut, summary), /cut\.weights: is truncated/);
	const empty = join(dir, 'empty-dir');
	mkdirSync(empty);
	assertInputError(() => loadWeights(empty, summary), /empty-dir is not a weights directory: it has no manifest\.json/);
});

test('weights of another network are refused, naming the layer and the network they were saved for', () => {
	const other = analyzeNetwork({...tiny, name: 'wider', layers: tiny.layers.map((l) => (l.name === 'fc7' ? {...l, units: 6} : l))});
	const file = join(dir, 'wider.weights');
	saveWeightsFile(file, other, initWeights(other), '');
	assertInputError(() => loadWeights(file, summary), /fc7 weights are \[6, 5\], expected \[4, 5\] \(it was saved for network "wider"\), so it does not fit tiny/);
	const fewer = analyzeNetwork({...tiny, name: 'short', layers: tiny.layers.slice(0, 7)});
	const short = join(dir, 'short.weights');
	saveWeightsFile(short, fewer, initWeights(fewer), '');
	assertInputError(() => loadWeights(short, summary), /has no weights for layer fc7 \(it was saved for network "short"\)/);
});

test('a directory whose manifest lists a missing .npy is an InputError', () => {
	const out = join(dir, 'broken');
	saveDir(out, {summary, weights, note: ''});
	writeFileSync(join(out, 'fc8.weights.npy'), 'x');
	assertInputError(() => loadWeights(out, summary), /fc8\.weights\.npy: not a NumPy \.npy file/);
});

test('saving under a regular file is an InputError', () => {
	const file = join(dir, 'plain-file');
	writeFileSync(file, 'x');
	assertInputError(() => saveDir(join(file, 'out'), {summary, weights, note: ''}), /cannot create .*plain-file\/out: ENOTDIR/);
});

test.run();
