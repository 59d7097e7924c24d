/**
 * The oracle no one here wrote: onnxruntime-node runs the same ONNX file on the same input, and our forward pass on
 * every backend that loads agrees with it on every layer's output. The files are AlexNets the tests write with seeded
 * random weights in each layout exporters use: the original grouped net with LRN (as the ONNX zoo stores Caffe's, and
 * with the paper's constants), torchvision's with its average pool and flatten, Gemm with and without transB.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createBackend} from '../../src/backends/select.js';
import type {Backend, BackendName} from '../../src/backends/backend.js';
import {BackendUnavailableError} from '../../src/errors.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import type {Network} from '../../src/model/layer-spec.js';
import {networks} from '../../src/model/networks.js';
import {runForward} from '../../src/runner/forward.js';
import {loadOnnxModel} from '../../src/runner/load-model.js';
import {initWeights} from '../../src/runner/weights.js';
import {createRandom} from '../../src/tensor/random.js';
import {assertClose} from '../helpers/assert-close.js';
import {networkToOnnx, type FlattenStyle} from '../helpers/onnx-network.js';
import {haveOrt, ortRun} from '../helpers/ort.js';

const dir = mkdtempSync(join(tmpdir(), 'onnx-oracle-'));

/** The original AlexNet with Caffe's LRN (k = 1, α divided by n): what BVLC trained and the ONNX zoo converted. */
const caffeLrn: Network = {
	...networks.original,
	name: 'caffe-lrn',
	layers: networks.original.layers.map((l) => (l.op === 'lrn' ? {...l, k: 1, alpha: 1e-4, alphaOverN: true} : l)),
};

const layouts: [string, Network, FlattenStyle, string][] = [
	['the original grouped net with Caffe LRN (as the zoo stores it), Reshape flatten', caffeLrn, 'Reshape', 'the original two-GPU AlexNet as Caffe trained it (LRN k = 1, α/n)'],
	['the original grouped net with the paper LRN, Flatten', networks.original, 'Flatten', 'the original two-GPU AlexNet'],
	["torchvision's, average pool and Shape → Concat → Reshape flatten", networks.torchvision, 'ShapeChain', "torchvision's AlexNet"],
];

const names: BackendName[] = ['reference', 'fast', 'headlessgl', 'webasm', 'cpu'];
const backends: Backend[] = [];
for (const name of names) {
	try {
		backends.push(await createBackend(name));
	} catch (e) {
		if (!(e instanceof BackendUnavailableError)) throw e;
		console.log(`onnx oracle: skipped ${name}: ${e.reason}`);
	}
}

/** The conformance table's tolerance for the real layer sizes, here held through the whole network. */
const tolerance = {abs: 5e-4, rel: 1e-4};

/** With ORACLE_REPORT set: each backend's worst difference from onnxruntime, relative to the layer's largest value. */
const worstSeen = new Map<string, number>();
function worst(backend: string, layer: string, a: Float32Array, e: Float32Array): void {
	let d = 0;
	let max = 0;
	for (let i = 0; i < e.length; i++) [d, max] = [Math.max(d, Math.abs(a[i]! - e[i]!)), Math.max(max, Math.abs(e[i]!))];
	if (d / max > (worstSeen.get(backend) ?? 0)) {
		worstSeen.set(backend, d / max);
		console.log(`oracle: ${backend} ${layer}: worst |Δ| ${d.toExponential(2)} of max ${max.toFixed(3)} (${(d / max).toExponential(2)})`);
	}
}

if (!haveOrt) console.log('skipping the onnxruntime oracle: onnxruntime-node is not installed');
else {
	for (const [what, network, flatten, matches] of layouts) {
		test(`ONNX AlexNet, ${what}: every layer's output on ${backends.map((b) => b.name).join(', ')} agrees with onnxruntime`, async () => {
			const summary = analyzeNetwork(network);
			const file = join(dir, `${network.name}-${flatten}.onnx`);
			const bytes = networkToOnnx(summary, initWeights(summary, {seed: 11}), flatten);
			writeFileSync(file, bytes);
			const model = loadOnnxModel(file);
			assert.is(model.matches, matches);
			const [h, w, c] = network.input;
			const random = createRandom(4);
			const data = Float32Array.from({length: c * h * w}, () => random.next() * 2 - 1);
			const ort = await ortRun(bytes, {input: [[1, c, h, w], data]});
			for (const backend of backends) {
				let compared = 0;
				for await (const e of runForward(model.summary, model.weights, backend, {shape: [1, c, h, w], data})) {
					const want = ort.get(e.name);
					if (!want) continue; // the softmax our import adds, or a dropout ONNX folds away
					assert.equal([...e.output.shape], want.dims, `${backend.name} ${e.name} shape`);
					assertClose(e.output.data, want.data, tolerance, `${backend.name} ${e.name}`);
					if (process.env.ORACLE_REPORT) worst(backend.name, e.name, e.output.data, want.data);
					compared++;
				}
				assert.ok(compared >= summary.layers.length - 2, `${backend.name}: compared ${compared} layers`);
			}
		});
	}
}

test('a Gemm without transB (weights [in, out]) and a MatMul + Add are fully connected layers too', async () => {
	const {model, node, tensor, valueInfo} = await import('../helpers/onnx-writer.js');
	const w = Float32Array.from({length: 12}, (_, i) => i / 10);
	const bytes = model({
		inputs: [valueInfo('x', [1, 2, 2, 1])],
		outputs: [valueInfo('b', [1, 3])],
		initializers: [tensor('w', [4, 3], w), tensor('c', [3], [1, 2, 3]), tensor('w2', [3, 3], w.subarray(0, 9)), tensor('c2', [3], [0.5, 0, -0.5])],
		nodes: [node('Flatten', ['x'], ['f']), node('Gemm', ['f', 'w', 'c'], ['a']), node('MatMul', ['a', 'w2'], ['m']), node('Add', ['m', 'c2'], ['b'])],
	});
	const file = join(dir, 'gemm.onnx');
	writeFileSync(file, bytes);
	const loaded = loadOnnxModel(file);
	assert.equal(
		loaded.summary.network.layers.map((l) => l.op),
		['fc', 'fc', 'softmax'],
	);
	assert.equal(loaded.weights.get('a')!.w.shape, [3, 4]);
	const x = Float32Array.of(1, -1, 2, 0.5);
	const events = [];
	for await (const e of runForward(loaded.summary, loaded.weights, backends[0]!, {shape: [1, 2, 2, 1], data: x})) events.push(e);
	if (haveOrt) {
		const ort = await ortRun(bytes, {x: [[1, 2, 2, 1], x]});
		assertClose(events[1]!.output.data, ort.get('b')!.data, {abs: 1e-5}, 'MatMul + Add');
		assertClose(events[0]!.output.data, ort.get('a')!.data, {abs: 1e-5}, 'Gemm');
	}
});

test('a graph with ops the backends do not run runs nothing and says which ops are missing', async () => {
	const {model, node, tensor, valueInfo} = await import('../helpers/onnx-writer.js');
	const file = join(dir, 'bn.onnx');
	const c = 2;
	writeFileSync(
		file,
		model({
			inputs: [valueInfo('x', [1, c, 4, 4])],
			outputs: [valueInfo('y', undefined)],
			initializers: [tensor('s', [c], [1, 1]), tensor('b', [c], [0, 0]), tensor('m', [c], [0, 0]), tensor('v', [c], [1, 1])],
			nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['n']), node('Add', ['n', 'x'], ['y'])],
		}),
	);
	assert.throws(() => loadOnnxModel(file), /the backends cannot run BatchNormalization, Add, so nothing runs \(calc .* gives every figure\)/);
});

test.after(() => {
	for (const b of backends) b.dispose();
	rmSync(dir, {recursive: true, force: true});
});
test.run();
