import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {decodeOnnx, readOnnx} from '../../../src/io/onnx.js';
import {analyzeNetwork} from '../../../src/model/analyze.js';
import {analyzeOnnx, type OnnxSummary} from '../../../src/model/import/onnx-graph.js';
import {networks} from '../../../src/model/networks.js';
import {initWeights} from '../../../src/runner/weights.js';
import {networkToOnnx, type FlattenStyle} from '../../helpers/onnx-network.js';
import {constantNode, externalTensor, model, node, tensor, valueInfo} from '../../helpers/onnx-writer.js';
import {haveOrt, ortRun} from '../../helpers/ort.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-graph-'));
const uniform = (n: number, seed = 1) => Float32Array.from({length: n}, (_, i) => Math.sin(i * 12.9898 + seed) * 0.1);
const byName = (s: OnnxSummary, name: string) => s.nodes.find((n) => n.name === name)!;

/** Every node output shape onnxruntime computes equals ours. */
async function agreesWithOrt(bytes: Uint8Array, s: OnnxSummary): Promise<number> {
	const feeds = Object.fromEntries(s.inputs.map((i) => [i.name, [i.shape, new Float32Array(i.shape.reduce((a, b) => a * b, 1)).fill(0.25)] as const]));
	const ort = await ortRun(bytes, feeds);
	let compared = 0;
	for (const n of s.nodes) {
		for (const o of n.outputs) {
			const got = ort.get(o.name);
			if (!got || !o.shape) continue;
			assert.equal([...o.shape], got.dims, `${n.name} (${n.opType}) output ${o.name}`);
			compared++;
		}
	}
	return compared;
}

const variants: [string, FlattenStyle, number][] = [
	['original', 'Reshape', 13],
	['ungrouped', 'Flatten', 11],
	['torchvision', 'ShapeChain', 13],
	['mini', 'ShapeChain', 11],
];
for (const [variant, flatten, opset] of variants) {
	test(`AlexNet ${variant} as ONNX (flatten by ${flatten}, opset ${opset}): the same parameters, MACs and shapes as the model derives`, async () => {
		const summary = analyzeNetwork(networks[variant as keyof typeof networks]);
		const bytes = networkToOnnx(summary, initWeights(summary, {seed: 3}), flatten, opset);
		const s = analyzeOnnx(decodeOnnx(bytes, `${variant}.onnx`));
		assert.equal(s.unknownOps, []);
		assert.is(s.totals.params, summary.totals.params);
		assert.is(s.totals.macs, summary.totals.macs);
		assert.is(s.totals.buffers, 0);
		assert.is(s.totals.weightBytes, 4 * summary.totals.params);
		for (const l of summary.layers) {
			const n = byName(s, l.spec.name);
			const out = n.outputs[0]!.shape!;
			assert.equal(out.length === 4 ? [out[2], out[3], out[1]] : [out[1]], [...l.output], l.spec.name);
			assert.is(n.params, l.params, `${l.spec.name} params`);
			assert.is(n.macs, l.macs, `${l.spec.name} MACs`);
		}
		if (haveOrt) assert.ok((await agreesWithOrt(bytes, s)) >= summary.layers.length);
	});
}

test('the published AlexNet figures hold for the grouped net read from ONNX: 60,965,224 parameters, 724,406,816 MACs', () => {
	const summary = analyzeNetwork(networks.original);
	const s = analyzeOnnx(decodeOnnx(networkToOnnx(summary, initWeights(summary)), 'a.onnx'));
	assert.is(s.totals.params, 60965224);
	assert.is(s.totals.macs, 724406816);
	assert.is(s.totals.flops, 2 * 724406816);
});

/** A ResNet basic block: conv-BN-ReLU-conv-BN, the identity added, ReLU; 8 channels at 16×16. */
function resnetBlock(): Uint8Array {
	const c = 8;
	const bn = (p: string) => [tensor(`${p}.scale`, [c], uniform(c, 1)), tensor(`${p}.bias`, [c], uniform(c, 2)), tensor(`${p}.mean`, [c], uniform(c, 3)), tensor(`${p}.var`, [c], new Float32Array(c).fill(1))];
	return model({
		inputs: [valueInfo('x', ['N', c, 16, 16])],
		outputs: [valueInfo('y', ['N', c, 16, 16])],
		initializers: [tensor('w1', [c, c, 3, 3], uniform(c * c * 9)), tensor('w2', [c, c, 3, 3], uniform(c * c * 9, 5)), ...bn('bn1'), ...bn('bn2')],
		nodes: [
			node('Conv', ['x', 'w1'], ['c1'], {kernel_shape: [3, 3], pads: [1, 1, 1, 1]}),
			node('BatchNormalization', ['c1', 'bn1.scale', 'bn1.bias', 'bn1.mean', 'bn1.var'], ['b1']),
			node('Relu', ['b1'], ['r1']),
			node('Conv', ['r1', 'w2'], ['c2'], {kernel_shape: [3, 3], auto_pad: 'SAME_UPPER'}),
			node('BatchNormalization', ['c2', 'bn2.scale', 'bn2.bias', 'bn2.mean', 'bn2.var'], ['b2']),
			node('Add', ['b2', 'x'], ['sum']),
			node('Relu', ['sum'], ['y']),
		],
	});
}

test('a ResNet block: Add with the identity, BatchNorm buffers counted and shown apart, a dynamic batch set to 1', async () => {
	const bytes = resnetBlock();
	const s = analyzeOnnx(decodeOnnx(bytes, 'resnet.onnx'));
	assert.equal(s.inputs[0]!.shape, [1, 8, 16, 16]);
	// Two 3×3 convs of 8×8×9 weights; each BN has 8 scales, 8 shifts (parameters) and 8 means, 8 variances (buffers).
	assert.is(s.totals.params, 2 * 576 + 2 * 32);
	assert.is(s.totals.buffers, 2 * 16);
	assert.is(s.totals.macs, 2 * 16 * 16 * 8 * 8 * 9);
	assert.equal(byName(s, 'sum').outputs[0]!.shape, [1, 8, 16, 16]);
	if (haveOrt) assert.is(await agreesWithOrt(bytes, s), 7);
});

test('a depthwise-separable block: a 3×3 conv with groups = channels, then a 1×1', async () => {
	const bytes = model({
		inputs: [valueInfo('x', [1, 32, 28, 28])],
		outputs: [valueInfo('pw', [1, 64, 14, 14])],
		initializers: [tensor('dw.w', [32, 1, 3, 3], uniform(288)), tensor('pw.w', [64, 32, 1, 1], uniform(2048)), tensor('pw.b', [64], uniform(64))],
		nodes: [node('Conv', ['x', 'dw.w'], ['dw'], {group: 32, kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1]}), node('Conv', ['dw', 'pw.w', 'pw.b'], ['pw'])],
	});
	const s = analyzeOnnx(decodeOnnx(bytes, 'dws.onnx'));
	assert.is(byName(s, 'dw').macs, 14 * 14 * 32 * 9);
	assert.is(byName(s, 'pw').macs, 14 * 14 * 64 * 32);
	assert.is(s.totals.params, 288 + 2048 + 64);
	assert.is(byName(s, 'dw').facts?.layer.op, 'conv');
	if (haveOrt) assert.is(await agreesWithOrt(bytes, s), 2);
});

test('windows as exporters write them: rectangular kernels, asymmetric pads, SAME padding, ceil_mode, dilation', async () => {
	const bytes = model({
		inputs: [valueInfo('x', [1, 4, 17, 23])],
		outputs: [valueInfo('p2', undefined)],
		initializers: [tensor('w1', [6, 4, 1, 7], uniform(168)), tensor('w2', [6, 6, 3, 3], uniform(324)), tensor('w3', [6, 6, 3, 3], uniform(324, 7))],
		nodes: [
			node('Conv', ['x', 'w1'], ['c1'], {kernel_shape: [1, 7], pads: [0, 3, 0, 2], strides: [1, 2]}),
			node('Conv', ['c1', 'w2'], ['c2'], {auto_pad: 'SAME_LOWER', strides: [2, 2]}),
			node('Conv', ['c2', 'w3'], ['c3'], {dilations: [2, 1], pads: [2, 1, 2, 1]}),
			node('MaxPool', ['c3'], ['p1'], {kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1}),
			node('AveragePool', ['p1'], ['p2'], {kernel_shape: [2, 1], pads: [1, 0, 0, 0], count_include_pad: 0}),
		],
	});
	const s = analyzeOnnx(decodeOnnx(bytes, 'windows.onnx'));
	assert.equal(byName(s, 'c1').outputs[0]!.shape, [1, 6, 17, 11]);
	assert.equal(byName(s, 'c2').outputs[0]!.shape, [1, 6, 9, 6]);
	assert.equal(byName(s, 'p1').outputs[0]!.shape, [1, 6, 4, 3]);
	if (haveOrt) assert.is(await agreesWithOrt(bytes, s), 5);
});

test('shape ops evaluate their constants: Split, Slice, Pad, Transpose, Squeeze, Unsqueeze, Resize, ReduceMean, Concat, ConvTranspose, MatMul', async () => {
	const bytes = model({
		inputs: [valueInfo('x', [1, 8, 10, 10])],
		outputs: [valueInfo('mm', undefined)],
		initializers: [
			tensor('starts', [1], [1], 'int64'),
			tensor('ends', [1], [9], 'int64'),
			tensor('axes', [1], [2], 'int64'),
			tensor('pads', [8], [0, 0, 1, 2, 0, 0, 3, 4], 'int64'),
			tensor('scales', [4], [1, 1, 2, 2]),
			tensor('roi', [0], []),
			tensor('sq', [1], [0], 'int64'),
			tensor('up', [5, 2, 3, 3], uniform(90)),
			tensor('m', [50, 6], uniform(300)),
			tensor('split', [2], [3, 5], 'int64'),
			tensor('rm', [1], [1], 'int64'),
		],
		nodes: [
			node('Split', ['x', 'split'], ['a', 'b'], {axis: 1}),
			node('Slice', ['a', 'starts', 'ends', 'axes'], ['s']),
			node('Pad', ['s', 'pads'], ['p']),
			node('Resize', ['p', 'roi', 'scales'], ['r'], {mode: 'nearest'}),
			node('Transpose', ['b'], ['t'], {perm: [0, 2, 3, 1]}),
			node('Squeeze', ['t', 'sq'], ['q']),
			node('Unsqueeze', ['q', 'sq'], ['u']),
			node('ReduceMean', ['b'], ['rm1'], {axes: [2, 3], keepdims: 0}),
			node('ConvTranspose', ['b', 'up'], ['ct'], {strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1]}),
			node('Concat', ['ct', 'ct'], ['cat'], {axis: 1}),
			node('Flatten', ['u'], ['f'], {axis: 2}),
			node('MatMul', ['f', 'm'], ['mm']),
		],
	});
	const s = analyzeOnnx(decodeOnnx(bytes, 'ops.onnx'));
	assert.equal(s.unknownOps, []);
	assert.equal(byName(s, 's').outputs[0]!.shape, [1, 3, 8, 10]);
	assert.equal(byName(s, 'r').outputs[0]!.shape, [1, 3, 24, 32]);
	assert.equal(byName(s, 'ct').outputs[0]!.shape, [1, 2, 20, 20]);
	assert.is(byName(s, 'ct').macs, 5 * 10 * 10 * 2 * 9);
	assert.equal(byName(s, 'f').outputs[0]!.shape, [10, 50]);
	assert.is(byName(s, 'mm').macs, 10 * 50 * 6);
	if (haveOrt) assert.ok((await agreesWithOrt(bytes, s)) >= 12);
});

test('weights stored as Constant nodes (paddle2onnx) are counted as parameters; scalar constants in arithmetic are not', () => {
	const bytes = model({
		inputs: [valueInfo('x', [1, 3, 8, 8])],
		outputs: [valueInfo('y', undefined)],
		nodes: [constantNode('w', tensor('w', [4, 3, 3, 3], uniform(108))), constantNode('three', tensor('three', [], [3])), node('Conv', ['x', 'w'], ['c']), node('Add', ['c', 'three'], ['y'])],
	});
	const s = analyzeOnnx(decodeOnnx(bytes, 'paddle.onnx'));
	assert.is(s.totals.params, 108);
	assert.is(s.nodes.length, 2);
});

test('an fp16 model: parameters by count, weight bytes by its own dtype (2 per value)', () => {
	const half = new Uint8Array(new Uint16Array(4 * 3 * 9).fill(0x3c00).buffer); // 1.0 in float16
	const bytes = model({inputs: [valueInfo('x', [1, 3, 8, 8], 'float16')], outputs: [valueInfo('c', undefined, 'float16')], initializers: [tensor('w', [4, 3, 3, 3], half, 'float16')], nodes: [node('Conv', ['x', 'w'], ['c'])]});
	const s = analyzeOnnx(decodeOnnx(bytes, 'half.onnx'));
	assert.is(s.totals.params, 108);
	assert.is(s.totals.weightBytes, 216);
	assert.is(decodeOnnx(bytes, 'half.onnx').initializers.get('w')!.values()[0], 1);
});

test('external data beside the model is read (and only there); a missing file is an error naming the tensor', () => {
	const w = uniform(4 * 3 * 9);
	writeFileSync(join(dir, 'weights.bin'), Buffer.concat([Buffer.alloc(16), Buffer.from(w.buffer)]));
	const bytes = model({inputs: [valueInfo('x', [1, 3, 8, 8])], outputs: [valueInfo('c', undefined)], initializers: [externalTensor('w', [4, 3, 3, 3], 'weights.bin', 16, w.byteLength)], nodes: [node('Conv', ['x', 'w'], ['c'])]});
	writeFileSync(join(dir, 'ext.onnx'), bytes);
	const m = readOnnx(join(dir, 'ext.onnx'));
	assert.equal([...m.initializers.get('w')!.float32()], [...w]);
	assert.is(analyzeOnnx(m).totals.params, 108);
	const missing = model({inputs: [valueInfo('x', [1, 3, 8, 8])], outputs: [valueInfo('c', undefined)], initializers: [externalTensor('w', [4, 3, 3, 3], 'gone.bin', 0, 432)], nodes: [node('Conv', ['x', 'w'], ['c'])]});
	writeFileSync(join(dir, 'missing.onnx'), missing);
	assert.throws(() => readOnnx(join(dir, 'missing.onnx')), /external data of tensor "w" is missing/);
	const outside = model({inputs: [valueInfo('x', [1, 3, 8, 8])], outputs: [valueInfo('c', undefined)], initializers: [externalTensor('w', [4, 3, 3, 3], '../../etc/passwd', 0, 432)], nodes: [node('Conv', ['x', 'w'], ['c'])]});
	writeFileSync(join(dir, 'escape.onnx'), outside);
	assert.throws(() => readOnnx(join(dir, 'escape.onnx')), /points outside the model's folder/);
});

test('an op the calculator does not know is listed, the nodes after it say so, and the totals are marked incomplete', () => {
	const bytes = model({
		inputs: [valueInfo('x', [1, 3, 8, 8])],
		outputs: [valueInfo('z', undefined)],
		initializers: [tensor('w', [4, 3, 3, 3], uniform(108)), tensor('w2', [4, 4, 1, 1], uniform(16))],
		nodes: [node('Conv', ['x', 'w'], ['c']), node('FancyNorm', ['c'], ['f']), node('Conv', ['f', 'w2'], ['z'])],
	});
	const s = analyzeOnnx(decodeOnnx(bytes, 'u.onnx'));
	assert.equal(s.unknownOps, ['FancyNorm']);
	assert.is(byName(s, 'f').status, 'unknown');
	assert.is(byName(s, 'z').status, 'blocked');
	assert.match(byName(s, 'z').note ?? '', 'FancyNorm');
	// The parameters are known from the file; the MACs of what follows the unknown op are not.
	assert.is(s.totals.params, 108 + 16);
	assert.is(s.totals.macs, 6 * 6 * 4 * 27);
	assert.ok(s.nodes.every((n) => Number.isFinite(n.macs) && Number.isFinite(n.activations)));
});

test('dynamic dimensions: set from --input, or an error naming the input and the dimension', () => {
	const bytes = model({inputs: [valueInfo('image', ['batch', 3, 'height', 'width'])], outputs: [valueInfo('c', undefined)], initializers: [tensor('w', [4, 3, 3, 3], uniform(108))], nodes: [node('Conv', ['image', 'w'], ['c'])]});
	const m = decodeOnnx(bytes, 'dyn.onnx');
	assert.throws(() => analyzeOnnx(m), /input "image" has a dynamic dimension "height" at axis 2 \(give --input HxW\)/);
	assert.equal(analyzeOnnx(m, {h: 32, w: 48}).nodes[0]!.outputs[0]!.shape, [1, 4, 30, 46]);
	const fixed = decodeOnnx(model({inputs: [valueInfo('x', [1, 3, 8, 8])], outputs: [valueInfo('c', undefined)], initializers: [tensor('w', [4, 3, 3, 3], uniform(108))], nodes: [node('Conv', ['x', 'w'], ['c'])]}), 'fixed.onnx');
	assert.throws(() => analyzeOnnx(fixed, {h: 9, w: 9}), /input "x" is fixed at 8×8/);
});

test('bad files: truncated, not a model, no graph, random bytes: each an InputError naming the file', () => {
	const good = resnetBlock();
	const cases: [Uint8Array, RegExp][] = [
		[good.subarray(0, good.length - 40), /not a valid ONNX model|has no/],
		[new Uint8Array([0x08, 0x07]), /is not an ONNX model \(no IR version, opset or graph\)|has no graph/],
		[Uint8Array.from({length: 64}, (_, i) => (i * 73) & 0xff), /not a valid ONNX model|not an ONNX model|has no graph/],
		[new TextEncoder().encode('name: "AlexNet"\nlayer {}\n'), /not a valid ONNX model|not an ONNX model|has no graph/],
	];
	for (const [bytes, message] of cases)
		assert.throws(
			() => decodeOnnx(bytes, 'bad.onnx'),
			(e: Error) => e.name === 'InputError' && message.test(e.message) && e.message.includes('bad.onnx'),
		);
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
