import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {tourTracks} from '../../src/commands/tour-tracks.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {mini} from '../../src/model/networks.js';
import {initWeights} from '../../src/runner/weights.js';

test('--variant mini starts on the mini track, with the shipped trained weights and a test digit whose label is known', async () => {
	const tracks = tourTracks({variant: 'mini', backend: 'reference'});
	try {
		assert.is(tracks.initial, 1);
		const [main, miniTrack] = tracks.tracks();
		assert.is(main!.label, 'original');
		const session = await miniTrack!.openSession();
		assert.is(session.summary.network.name, 'mini');
		assert.ok(session.trained);
		assert.match(session.weights, 'the trained weights that ship with alexnet-tour');
		assert.is(session.truth, 'digit 7', 'MNIST test digit #0 is a 7');
		const layers = [];
		for await (const l of session.run()) layers.push(l);
		assert.is(session.top5(layers.at(-1)!.output)[0]!.label, 'digit 7', 'the shipped weights classify it');
	} finally {
		tracks.dispose();
	}
});

test('a finished training run hands its weights to the mini track: a new session runs them', async () => {
	const tracks = tourTracks({backend: 'reference'});
	try {
		assert.is(tracks.initial, 0);
		const before = tracks.tracks();
		let heard = 0;
		const unsubscribe = tracks.subscribe(() => heard++);
		const weights = initWeights(analyzeNetwork(mini), {seed: 7, init: 'he'});
		const confusion = Array.from({length: 10}, (_, i) => Array.from({length: 10}, (_, j) => (i === j ? 2 : 0)));
		tracks.onTrain({type: 'epoch', epoch: 1, epochs: 1, loss: 1, accuracy: 0.5, testAccuracy: 0.5, seconds: 1, imagesPerSecond: 1});
		assert.is(tracks.tracks(), before, 'an epoch alone hands nothing on');
		tracks.onTrain({type: 'done', reason: 'finished', epoch: 1, batch: 1, seconds: 1, imagesPerSecond: 1, weights, bestEpoch: 1, test: {accuracy: 0.5, predictions: new Uint8Array(20), confusion}});
		unsubscribe();
		assert.is(heard, 1);
		const after = tracks.tracks();
		assert.is.not(after, before);
		assert.is(after[0], before[0], 'the main track is untouched');
		const session = await after[1]!.openSession();
		assert.is(session.weights, 'trained in the training lesson just now, 50.00% on 20 test digits');
		assert.is(session.layerWeights('conv1')!.data[0], weights.get('conv1')!.w.data[0]);
	} finally {
		tracks.dispose();
	}
});

test('the shipped weights are refused for a network they do not fit, with the fix', async () => {
	const {prepareForward} = await import('../../src/commands/forward-setup.js');
	assert.throws(() => prepareForward({variant: 'original', weights: 'shipped'}), /--weights shipped are the mini AlexNet's trained weights: they go with --variant mini, not original/);
});

test.run();
