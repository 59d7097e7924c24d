import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {initWeights} from '../../src/runner/weights.js';
import {encodeNpy} from '../../src/tensor/npy.js';
import {networkToOnnx} from '../helpers/onnx-network.js';
import {model, node, tensor, valueInfo} from '../helpers/onnx-writer.js';
import {haveOrt, ortRun} from '../helpers/ort.js';
import {assertCliError, runCli} from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'forward-model-'));
const summary = analyzeNetwork(networks.torchvision);
const bytes = networkToOnnx(summary, initWeights(summary, {seed: 6}), 'Flatten');
const file = join(dir, 'torchvision.onnx');
writeFileSync(file, bytes);

test('forward --model FILE.onnx says which variant it matches, how it preprocessed, and names ImageNet classes', () => {
	const r = runCli(['forward', '--model', file, '--backend', 'fast', '--preprocess', 'torchvision']);
	assert.is(r.code, 0, r.stderr);
	assert.match(r.stdout, 'weights: trained weights from');
	assert.match(r.stdout, "torchvision's AlexNet, layer for layer");
	assert.match(r.stdout, "preprocessed as torchvision's: RGB / 255");
	assert.match(r.stdout, /top-5 classes:\n\s+1\.\s+\d+\.\d\d%\s+\S/);
	assert.not.match(r.stdout, /random weights|class \d+\b|NaN/);
});

test("forward --input-npy feeds a [C, H, W] tensor as it is: the logits equal onnxruntime's on the same tensor", async () => {
	const data = Float32Array.from({length: 3 * 224 * 224}, (_, i) => Math.sin(i * 0.001));
	const npy = join(dir, 'x.npy');
	writeFileSync(npy, encodeNpy([3, 224, 224], data));
	const r = runCli(['forward', '--model', file, '--backend', 'fast', '--input-npy', npy, '--json']);
	assert.is(r.code, 0, r.stderr);
	const doc = JSON.parse(r.stdout);
	assert.match(doc.input, 'x.npy (224×224×3 float32, fed in as it is)');
	if (!haveOrt) return;
	const ort = await ortRun(bytes, {input: [[1, 3, 224, 224], data]}, false);
	const logits = [...ort.values()][0]!.data;
	// The top class of our softmax is onnxruntime's top logit.
	let best = 0;
	for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
	assert.is(doc.top5[0].class, best);
});

test('bad --model input: one error line and exit 2', () => {
	writeFileSync(join(dir, 'cut.onnx'), bytes.subarray(0, 100000));
	writeFileSync(join(dir, 'w.caffemodel'), new Uint8Array([1, 2, 3]));
	writeFileSync(
		join(dir, 'bn.onnx'),
		model({
			inputs: [valueInfo('x', [1, 2, 4, 4])],
			outputs: [valueInfo('y', undefined)],
			initializers: [tensor('s', [2], [1, 1]), tensor('b', [2], [0, 0]), tensor('m', [2], [0, 0]), tensor('v', [2], [1, 1])],
			nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'])],
		}),
	);
	const bad = new Float32Array(3 * 224 * 224).fill(Number.NaN);
	writeFileSync(join(dir, 'nan.npy'), encodeNpy([3, 224, 224], bad));
	writeFileSync(join(dir, 'small.npy'), encodeNpy([3, 10, 10], new Float32Array(300)));
	const cases: [string[], RegExp][] = [
		[['forward', '--model', join(dir, 'cut.onnx')], /^error: .*cut\.onnx (is not a valid ONNX model|has no graph|: its graph has no nodes)/],
		[['forward', '--model', join(dir, 'w.caffemodel')], /^error: .*w\.caffemodel: a \.caffemodel holds weights only; give its network with --prototxt/],
		[['forward', '--model', join(dir, 'bn.onnx')], /^error: .*bn\.onnx: the backends cannot run BatchNormalization, so nothing runs/],
		[['forward', '--model', file], /^error: .*torchvision\.onnx: the file does not say how its training images were preprocessed: give --preprocess torchvision or --preprocess caffe/],
		[['forward', '--model', file, '--variant', 'original'], /^error: --model and --variant both choose/],
		[['forward', '--model', file, '--input-npy', join(dir, 'nan.npy')], /^error: .*nan\.npy holds NaN at index 0/],
		[['forward', '--model', file, '--input-npy', join(dir, 'small.npy')], /^error: .*small\.npy is \[3, 10, 10\]; the network takes \[C, H, W\] = \[3, 224, 224\]/],
		[['forward', '--model', join(dir, 'net.pb')], /^error: --model .*net\.pb: expected an \.onnx file, or a \.caffemodel with --prototxt/],
		[['forward', '--prototxt', 'x.prototxt'], /^error: --prototxt goes with --model FILE\.caffemodel/],
	];
	for (const [args, message] of cases) assertCliError(args, message);
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
