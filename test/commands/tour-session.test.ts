import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {shortTrain, trainDefaults} from '../../src/commands/train.js';
import {openTourSession} from '../../src/commands/tour-session.js';
import {networks} from '../../src/model/networks.js';

/** The counts a session's training run starts with (stopped right after it starts). */
async function trainingCounts(shortTraining: boolean): Promise<{train: number; test: number; epochs: number}> {
	const session = await openTourSession({network: networks.mini, backend: 'fast', shortTraining});
	try {
		const stop = new AbortController();
		for await (const event of session.train!(stop.signal)) {
			if (event.type === 'start') {
				stop.abort();
				return {train: event.trainCount, test: event.testCount, epochs: event.epochs};
			}
		}
		throw new Error('no start event');
	} finally {
		session.dispose?.();
	}
}

test("the tour's training lesson runs train's defaults; the demo's short preset one epoch of 6,000 digits", async () => {
	assert.equal(await trainingCounts(false), {train: trainDefaults.train, test: trainDefaults.test, epochs: trainDefaults.epochs});
	assert.equal(await trainingCounts(true), {train: shortTrain.train, test: shortTrain.test, epochs: 1});
});

test('the session runs the whole pass once: a later run replays it, layer for layer, with the same outputs', async () => {
	const session = await openTourSession({network: networks.mini, backend: 'fast'});
	try {
		const first: {name: string; data: Float32Array}[] = [];
		for await (const l of session.run('conv2')) first.push({name: l.name, data: l.output.data});
		const all: {name: string; data: Float32Array}[] = [];
		for await (const l of session.run()) all.push({name: l.name, data: l.output.data});
		assert.equal(
			first.map((l) => l.name),
			all.slice(0, first.length).map((l) => l.name),
		);
		assert.is(all.at(-1)!.name, networks.mini.layers.at(-1)!.name);
		for (let i = 0; i < first.length; i++) assert.ok(first[i]!.data === all[i]!.data, `${first[i]!.name}: the same tensor, not recomputed`);
	} finally {
		session.dispose?.();
	}
});

test.run();
