import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createFastBackend} from '../../src/backends/fast/fast-backend.js';
import {loadMnist} from '../../src/data/mnist.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {mini} from '../../src/model/networks.js';
import {train, type TrainEvent, type TrainOptions} from '../../src/runner/train.js';
import {loadWeights} from '../../src/runner/load-weights.js';
import {saveWeightsFile} from '../../src/io/weights-file.js';

const backend = createFastBackend({threads: 1});
const data = loadMnist({train: 640, test: 100});

async function collect(options: Partial<TrainOptions>): Promise<TrainEvent[]> {
	const events: TrainEvent[] = [];
	for await (const e of train({network: mini, backend, data, epochs: 1, batch: 16, lr: 0.05, seed: 1, ...options})) events.push(e);
	return events;
}
const losses = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
const doneOf = (events: TrainEvent[]) => events.find((e): e is Extract<TrainEvent, {type: 'done'}> => e.type === 'done')!;

test('the same seed gives the same losses batch for batch; another seed does not', async () => {
	const small = {data: loadMnist({train: 64, test: 10}), batch: 16};
	const a = losses(await collect({...small, seed: 5}));
	const b = losses(await collect({...small, seed: 5}));
	const c = losses(await collect({...small, seed: 6}));
	assert.is(a.length, 4);
	assert.equal(a, b);
	assert.not.equal(a, c);
});

test('a short run on real digits lowers the loss, ends with a done event and scores the test digits', async () => {
	const events = await collect({});
	const l = losses(events);
	assert.is(l.length, 40);
	const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
	// Ten classes: an untrained net starts near ln 10 ≈ 2.30.
	assert.ok(Math.abs(mean(l.slice(0, 5)) - Math.log(10)) < 0.3, `first losses ${l.slice(0, 5)}`);
	assert.ok(mean(l.slice(-10)) < mean(l.slice(0, 10)) - 0.3, `first ${mean(l.slice(0, 10))}, last ${mean(l.slice(-10))}`);
	const done = doneOf(events);
	assert.is(done.reason, 'finished');
	assert.is(done.bestEpoch, 1);
	assert.is(
		done.test!.confusion.flat().reduce((s, n) => s + n, 0),
		100,
	);
	const epoch = events.find((e) => e.type === 'epoch');
	assert.ok(epoch?.type === 'epoch' && epoch.testAccuracy === done.test!.accuracy);
});

test('a learning rate that blows the weights up is caught as NaN, reported with advice, and training stops', async () => {
	const events = await collect({lr: 9});
	const problem = events.find((e) => e.type === 'problem');
	assert.ok(problem?.type === 'problem' && problem.kind === 'nan', JSON.stringify(problem));
	assert.match(problem.advice, '--lr');
	const done = doneOf(events);
	assert.is(done.reason, 'nan');
	assert.ok(losses(events).length < 40);
	// Weights the loss blew up in are never kept: before any epoch ended there is nothing to keep.
	assert.is(done.weights, undefined);
	assert.is(done.test, undefined);
});

test('a stop request ends the run after the current batch, says where, and keeps scored weights', async () => {
	const stop = new AbortController();
	const events: TrainEvent[] = [];
	for await (const e of train({network: mini, backend, data, epochs: 2, batch: 16, lr: 0.05, seed: 1, signal: stop.signal})) {
		events.push(e);
		if (e.type === 'batch' && e.batch === 3) stop.abort();
	}
	const done = doneOf(events);
	assert.is(done.reason, 'stopped');
	assert.is(done.epoch, 1);
	assert.is(done.batch, 3);
	assert.is(done.bestEpoch, 0);
	assert.is(losses(events).length, 3);
	assert.ok(done.weights!.has('conv1') && done.test!.predictions.length === 100);
});

test('trained weights are saved atomically and load back for the mini network', async () => {
	const done = doneOf(await collect({data: loadMnist({train: 32, test: 10})}));
	const summary = analyzeNetwork(mini);
	const dir = mkdtempSync(join(tmpdir(), 'train-save-'));
	try {
		const file = join(dir, 'mini.weights');
		saveWeightsFile(file, summary, done.weights!, 'test run');
		assert.equal(readdirSync(dir), ['mini.weights']); // no temporary file left beside it
		const loaded = loadWeights(file, summary);
		assert.equal([...loaded.weights.get('fc8')!.w.data], [...done.weights!.get('fc8')!.w.data]);
		// A directory where the file should go: the rename fails, the error names the file, nothing half-written stays.
		mkdirSync(join(dir, 'taken'));
		assert.throws(() => saveWeightsFile(join(dir, 'taken'), summary, done.weights!, ''), /cannot write .*taken/);
		assert.equal(readdirSync(dir).sort(), ['mini.weights', 'taken']);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
	assert.ok(!existsSync(dir));
});

test.after(() => backend.dispose());
test.run();
