import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createFastBackend} from '../../src/backends/fast/fast-backend.js';
import {trainInWorker, type TrainJob} from '../../src/commands/train-worker.js';
import {loadMnist} from '../../src/data/mnist.js';
import {mini} from '../../src/model/networks.js';
import {train, type TrainEvent} from '../../src/runner/train.js';

const job: TrainJob = {epochs: 1, batch: 16, lr: 0.0125, seed: 7, threads: 1, train: 64, test: 32};

async function collect(events: AsyncIterable<TrainEvent>): Promise<TrainEvent[]> {
	const all: TrainEvent[] = [];
	for await (const e of events) all.push(e);
	return all;
}

test("the tour's training run in a worker gives this thread's run, loss for loss, and hands back the same weights", async () => {
	const fast = createFastBackend({threads: 1});
	let here: TrainEvent[];
	try {
		here = await collect(train({network: mini, backend: fast, data: loadMnist({train: job.train, test: job.test}), epochs: job.epochs, batch: job.batch, lr: job.lr, seed: job.seed}));
	} finally {
		fast.dispose();
	}
	const there = await collect(trainInWorker(job));
	const losses = (es: TrainEvent[]) => es.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
	assert.ok(losses(here).length > 0);
	assert.equal(losses(there), losses(here));
	const done = (es: TrainEvent[]) => es.find((e) => e.type === 'done') as Extract<TrainEvent, {type: 'done'}>;
	assert.is(done(there).reason, 'finished');
	assert.ok(done(there).weights instanceof Map, 'the weights cross back as a Map');
	for (const [name, {w, b}] of done(here).weights!) {
		const other = done(there).weights!.get(name)!;
		assert.equal(other.w.shape, w.shape, name);
		assert.equal(Array.from(other.w.data), Array.from(w.data), `${name} weights`);
		assert.equal(Array.from(other.b.data), Array.from(b.data), `${name} biases`);
	}
});

test('aborting the signal stops the worker after its current batch, with a done event that says so', async () => {
	const stop = new AbortController();
	const events: TrainEvent[] = [];
	for await (const e of trainInWorker({...job, train: 640}, stop.signal)) {
		events.push(e);
		if (e.type === 'batch') stop.abort();
	}
	const done = events.at(-1)!;
	assert.is(done.type, 'done');
	assert.is((done as Extract<TrainEvent, {type: 'done'}>).reason, 'stopped');
	assert.ok(events.filter((e) => e.type === 'batch').length < 40, 'stopped well before the 40 batches of the epoch');
});

test.run();
