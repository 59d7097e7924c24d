import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {Digits} from '../../src/data/mnist.js';
import {bucketMeans, clock, confusionLines, misclassifiedLines, trainLines} from '../../src/ui/panels/train-lines.js';
import {digitArt} from '../../src/ui/render/digit-art.js';
import {initialTrainState, trainReducer} from '../../src/ui/train/train-state.js';

test('the reducer folds start, batches, epochs and a stop request into the screen state', () => {
	let s = trainReducer(initialTrainState, {type: 'start', trainCount: 64, testCount: 10, batchesPerEpoch: 4, epochs: 2, params: 100, device: 'test device'});
	s = trainReducer(s, {type: 'batch', epoch: 1, batch: 1, batches: 4, loss: 2.3, lr: 0.01, imagesPerSecond: 200, etaSeconds: 12});
	s = trainReducer(s, {type: 'batch', epoch: 1, batch: 2, batches: 4, loss: 2.1, lr: 0.02, imagesPerSecond: 210, etaSeconds: 10});
	s = trainReducer(s, {type: 'epoch', epoch: 1, epochs: 2, loss: 2.2, accuracy: 0.25, testAccuracy: 0.3, seconds: 4, imagesPerSecond: 210});
	s = trainReducer(s, {type: 'stopping'});
	assert.equal(s.losses, [2.3, 2.1]);
	assert.is(s.batch, 2);
	assert.is(s.epochRows.length, 1);
	assert.is(s.stopping, true);
	const lines = trainLines(s, 100);
	assert.ok(
		lines.some((l) => l.includes('epoch 1/2') && l.includes('batch 2/4') && l.includes('210 img/s') && l.includes('ETA 0:10')),
		lines.join('\n'),
	);
	assert.ok(lines.some((l) => l.includes('30.00%')));
	assert.ok(lines.some((l) => l.startsWith('stopping after this batch')));
});

test('clock and bucket means', () => {
	assert.is(clock(75.4), '1:15');
	assert.is(clock(Number.NaN), '–:––');
	assert.equal(bucketMeans([1, 3, 5, 7], 2), [2, 6]);
	assert.equal(bucketMeans([1, 2], 5), [1, 2]);
});

test('a digit is drawn as 14 lines of 28 shades, ink darkest', () => {
	const pixels = new Float32Array(784);
	for (let x = 0; x < 28; x++) pixels[2 * 28 + x] = pixels[3 * 28 + x] = 1; // rows 2 and 3: one full line
	const art = digitArt(pixels);
	assert.is(art.length, 14);
	assert.is(art[1], '@'.repeat(28));
	assert.is(art[0], ' '.repeat(28));
});

test('the confusion matrix and the misclassified digits, with truth and guess', () => {
	const confusion: number[][] = Array.from({length: 10}, (_, i) => Array.from({length: 10}, (_, j) => (i === j ? 9 : 0)));
	confusion[7]![1] = 2;
	const lines = confusionLines(confusion);
	assert.is(lines.length, 12);
	assert.is(lines[9], `    7     0    2${'    0'.repeat(5)}    9    0    0`);
	const digits: Digits = {count: 3, size: 28, images: new Float32Array(3 * 784), labels: Uint8Array.from([7, 2, 1])};
	const wrong = misclassifiedLines({accuracy: 1 / 3, predictions: Uint8Array.from([1, 2, 4]), confusion}, digits, 6, 100);
	assert.is(wrong[0], '2 misclassified test digits');
	assert.match(wrong[1]!, /#0: a 7, guessed 1 +#2: a 1, guessed 4/);
	assert.is(wrong.length, 2 + 14);
});

test.run();
