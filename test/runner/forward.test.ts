import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {Backend} from '../../src/backends/backend.js';
import {createReferenceBackend} from '../../src/backends/reference/reference-backend.js';
import {SpecError} from '../../src/errors.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {runForward, type ForwardEvent} from '../../src/runner/forward.js';
import {initWeights} from '../../src/runner/weights.js';
import {createRandom} from '../../src/tensor/random.js';
import {tensor, type Tensor} from '../../src/tensor/tensor.js';
import {tiny} from './tiny-network.js';

const summary = analyzeNetwork(tiny);
const weights = initWeights(summary, {seed: 3});
const random = createRandom(11);
const input = tensor(
	[1, 3, 9, 9],
	Float32Array.from({length: 243}, () => random.next() * 2 - 1),
);
const backend = createReferenceBackend();

async function collect(b: Backend, options = {}): Promise<ForwardEvent[]> {
	const events: ForwardEvent[] = [];
	for await (const e of runForward(summary, weights, b, input, options)) events.push(e);
	return events;
}

test('one event per layer, in order, with the derived shapes', async () => {
	const events = await collect(backend);
	assert.equal(
		events.map((e) => e.name),
		tiny.layers.map((l) => l.name),
	);
	assert.equal(
		events.map((e) => e.output.shape),
		[
			[1, 4, 5, 5],
			[1, 4, 5, 5],
			[1, 4, 5, 5],
			[1, 4, 4, 4],
			[1, 4, 3, 3],
			[1, 4, 3, 3],
			[1, 5],
			[1, 5],
			[1, 4],
			[1, 3],
			[1, 3],
		],
	);
	assert.ok(events.every((e) => e.ms >= 0));
	assert.ok(events.filter((e) => e.facts.macs === 0).every((e) => e.gflops === 0));
});

test("the output equals the backend's ops composed by hand (dropout is the identity at test time)", async () => {
	const p = (name: string) => weights.get(name)!;
	let x: Tensor = await backend.conv(input, p('conv1').w, p('conv1').b, {stride: 2, pad: 1, dilation: 1, groups: 1});
	x = await backend.relu(x);
	x = await backend.lrn(x, {size: 3, alpha: 1e-2, beta: 0.75, k: 2});
	x = await backend.maxpool(x, {kernel: 2, stride: 1, pad: 0, ceil: false});
	x = await backend.conv(x, p('conv2').w, p('conv2').b, {stride: 1, pad: 0, dilation: 1, groups: 2});
	x = await backend.relu(x);
	x = await backend.fc(x, p('fc6').w, p('fc6').b);
	x = await backend.fc(x, p('fc7').w, p('fc7').b);
	x = await backend.fc(x, p('fc8').w, p('fc8').b);
	x = await backend.softmax(x);
	const events = await collect(backend);
	assert.equal(Array.from(events.at(-1)!.output.data), Array.from(x.data));
	const drop = events.find((e) => e.name === 'drop6')!;
	assert.is(drop.output, events.find((e) => e.name === 'fc6')!.output);
	assert.match(drop.note ?? '', /identity at test time/);
});

test('training mode applies a seeded dropout mask: same seed same mask', async () => {
	const a = await collect(backend, {dropout: createRandom(1)});
	const b = await collect(backend, {dropout: createRandom(1)});
	const fc6 = a.find((e) => e.name === 'fc6')!.output.data;
	const drop = a.find((e) => e.name === 'drop6')!.output.data;
	// Inverted dropout, ratio 0.5: every unit is either dropped or doubled.
	assert.ok(Array.from(drop).every((v, i) => v === 0 || v === 2 * fc6[i]!));
	assert.equal(Array.from(drop), Array.from(b.find((e) => e.name === 'drop6')!.output.data));
	assert.is(a.find((e) => e.name === 'drop6')!.note, undefined);
});

test('--until stops after the named layer; an unknown name is a SpecError listing the layers', async () => {
	const events = await collect(backend, {until: 'pool1'});
	assert.equal(
		events.map((e) => e.name),
		['conv1', 'relu1', 'norm1', 'pool1'],
	);
	try {
		await collect(backend, {until: 'conv9'});
		assert.unreachable('should throw');
	} catch (error) {
		assert.instance(error, SpecError);
		assert.match((error as Error).message, /no layer "conv9" in tiny \(layers: conv1, relu1/);
	}
});

test('a backend that returns the wrong shape is reported as a bug, naming layer, backend and both shapes', async () => {
	const broken: Backend = {...backend, name: 'cpu', relu: async (x) => tensor([1, x.shape[1]!, x.shape[2]! - 1, x.shape[3]!])};
	try {
		await collect(broken);
		assert.unreachable('should throw');
	} catch (error) {
		assert.not.instance(error, SpecError);
		assert.is((error as Error).message, 'bug: relu1 on cpu produced 4×5×4, but the formulas derive 5×5×4');
	}
});

test('branches and concat (GoogLeNet style), average and adaptive pooling run in the runner too', async () => {
	const graph = analyzeNetwork({
		name: 'graph',
		input: [6, 6, 2],
		layers: [
			{name: 'a', op: 'conv', filters: 2, kernel: 1},
			{name: 'b', op: 'conv', filters: 3, kernel: 3, pad: 1, inputs: ['input']},
			{name: 'join', op: 'concat', inputs: ['a', 'b']},
			{name: 'avg', op: 'avgpool', kernel: 2, stride: 2},
			{name: 'fixed', op: 'adaptiveavgpool', size: 1},
		],
	});
	const w = initWeights(graph, {seed: 2});
	const x = tensor(
		[1, 2, 6, 6],
		Float32Array.from({length: 72}, (_, i) => (i % 5) - 2),
	);
	const events: ForwardEvent[] = [];
	for await (const e of runForward(graph, w, backend, x)) events.push(e);
	assert.equal(
		events.map((e) => e.output.shape),
		[
			[1, 2, 6, 6],
			[1, 3, 6, 6],
			[1, 5, 6, 6],
			[1, 5, 3, 3],
			[1, 5, 1, 1],
		],
	);
	const [a, b, join] = events.map((e) => e.output);
	assert.equal(Array.from(join!.data), [...a!.data, ...b!.data]);
	// One 1×1 output per channel: the mean of that channel of the joined map.
	const means = [0, 1, 2, 3, 4].map((c) => join!.data.subarray(c * 36, (c + 1) * 36).reduce((s, v) => s + v, 0) / 36);
	const fixed = Array.from(events[4]!.output.data);
	for (const [c, m] of means.entries()) assert.ok(Math.abs(fixed[c]! - m) < 1e-5, `channel ${c}: ${fixed[c]} vs ${m}`);
});

test.run();
