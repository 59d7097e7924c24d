import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {TrainEvent} from '../../../src/runner/train.js';
import {gatheredEvents} from '../../../src/ui/train/gathered-events.js';

const batch = (b: number): TrainEvent => ({type: 'batch', epoch: 1, batch: b, batches: 10, loss: 1 / b, lr: 0.01, imagesPerSecond: 1, etaSeconds: 1});

test('batches are gathered between redraws; an epoch goes at once with the batches before it; nothing is lost', async () => {
	let clock = 0;
	async function* run(): AsyncGenerator<TrainEvent> {
		for (let b = 1; b <= 6; b++) {
			clock += 100;
			yield batch(b);
		}
		yield {type: 'epoch', epoch: 1, epochs: 1, loss: 0.5, accuracy: 0.9, testAccuracy: 0.9, seconds: 1, imagesPerSecond: 1};
		clock += 100;
		yield batch(7);
	}
	const groups: TrainEvent[][] = [];
	for await (const g of gatheredEvents(run(), 250, () => clock)) groups.push(g);
	const shape = groups.map((g) => g.map((e) => (e.type === 'batch' ? e.batch : e.type)));
	// The first batch draws at once (t=100), the next that is 250 ms later at t=400 (batch 4), then the epoch, then the tail.
	assert.equal(shape, [[1], [2, 3, 4], [5, 6, 'epoch'], [7]]);
});

test.run();
