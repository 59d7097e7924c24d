import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {initWeights} from '../../src/runner/weights.js';
import {networkToOnnx} from '../helpers/onnx-network.js';
import {model, node, tensor, valueInfo} from '../helpers/onnx-writer.js';
import {assertCliError, runCli} from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'calc-onnx-'));
const summary = analyzeNetwork(networks.original);
const alexnet = join(dir, 'alexnet.onnx');
writeFileSync(alexnet, networkToOnnx(summary, initWeights(summary), 'ShapeChain'));
const dynamic = join(dir, 'dynamic.onnx');
writeFileSync(
	dynamic,
	model({
		inputs: [valueInfo('pixels', ['batch', 3, 'height', 'width'])],
		outputs: [valueInfo('y', undefined)],
		initializers: [tensor('w', [8, 3, 3, 3], new Float32Array(216).fill(0.1))],
		nodes: [node('Conv', ['pixels', 'w'], ['c'], {pads: [1, 1, 1, 1], strides: [2, 2]}), node('Weird', ['c'], ['y'], {}, 'odd\u001b]0;pwned\u0007node')],
	}),
);

test('calc model.onnx prints every node with H×W×C shapes, the totals and the conventions', () => {
	const r = runCli(['calc', alexnet]);
	assert.is(r.code, 0, r.stderr);
	assert.match(r.stdout, /^alexnet: ONNX opset 13, graph "original", from alexnet-tour tests; input input 227×227×3/);
	assert.match(r.stdout, /conv1\s+Conv 11×11 s4\s+55×55×96\s+34,944\s+105,415,200\s+290,400/);
	assert.match(r.stdout, /conv2\s+Conv 5×5 p2 g2\s+27×27×256\s+307,456/);
	assert.match(r.stdout, /fc6\s+Gemm\s+\[1, 4096\]\s+37,752,832\s+37,748,736/);
	assert.match(r.stdout, /total\s+60,965,224\s+724,406,816/);
	assert.not.match(r.stdout, /^fc6\.(shape|n|n1|target) /m); // folded shape arithmetic is not listed
});

test("calc model.onnx --json keeps summary --json's schema, with shape (batch included) and the ONNX op as type", () => {
	const doc = JSON.parse(runCli(['calc', alexnet, '--json']).stdout);
	assert.equal(doc.totals.params, 60965224);
	assert.equal(doc.totals.macs, 724406816);
	assert.equal(doc.totals.flops, 2 * 724406816);
	assert.is(doc.complete, true);
	const conv1 = doc.layers.find((l: {name: string}) => l.name === 'conv1');
	assert.equal({type: conv1.type, output: conv1.output, shape: conv1.shape, receptiveField: conv1.receptiveField}, {type: 'Conv', output: [55, 55, 96], shape: [1, 96, 55, 55], receptiveField: 11});
});

test("calc model.onnx --markdown and --layer (one node's derivations)", () => {
	assert.match(runCli(['calc', alexnet, '--markdown']).stdout, /\| conv1 \| Conv 11×11 s4 \| 55×55×96 \| 34,944 \|/);
	const r = runCli(['calc', alexnet, '--layer', 'conv2']);
	assert.is(r.code, 0, r.stderr);
	assert.match(r.stdout, 'conv2 (Conv): 27×27×96 → 27×27×256');
	assert.match(r.stdout, '= (5·5·96 / 2 + 1)·256 = 307,456');
});

test('a dynamic dimension left unset is an error naming the input and the dimension; --input sets it', () => {
	const r = runCli(['calc', dynamic]);
	assert.is(r.code, 2);
	assert.is(r.stderr.trim(), `error: ${dynamic}: input "pixels" has a dynamic dimension "height" at axis 2 (give --input HxW)`);
	const ok = runCli(['calc', dynamic, '--input', '64x48']);
	assert.is(ok.code, 0, ok.stderr);
	assert.match(ok.stdout, /c\s+Conv 3×3 s2 p1\s+32×24×8/);
});

test('an unknown op: its node listed, the totals marked INCOMPLETE, names from the file stripped of control characters', () => {
	const r = runCli(['calc', dynamic, '--input', '64x48']);
	assert.match(r.stdout, /INCOMPLETE: the totals leave out what depends on Weird/);
	assert.match(r.stdout, /Weird \(unknown\)/);
	assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), 'an escape or bell character reached the terminal');
	const doc = JSON.parse(runCli(['calc', dynamic, '--input', '64x48', '--json']).stdout);
	assert.is(doc.complete, false);
	assert.equal(doc.unknownOps, ['Weird']);
	assert.not.match(JSON.stringify(doc), /NaN|undefined/);
});

test('bad ONNX input: one error line and exit 2', () => {
	writeFileSync(join(dir, 'junk.onnx'), 'this is not protobuf at all, just text\n');
	writeFileSync(join(dir, 'cut.onnx'), networkToOnnx(summary, initWeights(summary)).subarray(0, 5000));
	const cases: [string[], RegExp][] = [
		[['calc', join(dir, 'junk.onnx')], /^error: .*junk\.onnx (is not a valid ONNX model|is not an ONNX model|has no graph)/],
		[['calc', join(dir, 'cut.onnx')], /^error: .*cut\.onnx (is not a valid ONNX model|has no graph|: its graph has no nodes)/],
		[['calc', join(dir, 'none.onnx')], /^error: cannot read ONNX model .*none\.onnx: no such file/],
		[['calc', alexnet, '--input', '9x'], /^error: --input "9x": expected HxW or HxWxC/],
		[['calc', alexnet, '--filters', '3'], /^error: --filters does not apply to an ONNX model/],
		[['calc', alexnet, '--layer', 'nope'], /^error: --layer nope: no node or output of that name/],
	];
	for (const [args, message] of cases) assertCliError(args, message);
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
