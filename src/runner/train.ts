import type {Backend} from '../backends/backend.js';
import type {MnistSplit} from '../data/mnist.js';
import {analyzeNetwork} from '../model/analyze.js';
import type {Network} from '../model/layer-spec.js';
import {createRandom} from '../tensor/random.js';
import {backwardTape, checkTrainable, forwardTape} from './backprop.js';
import {digitBatch, evaluate, type Evaluation} from './evaluate.js';
import {createLossWatch, type LossVerdict} from './loss-watch.js';
import {learningRate} from './lr-schedule.js';
import {createSgd} from './sgd.js';
import {initWeights, type Weights} from './weights.js';

/** What a training run needs: the network, a backend with backward ops, the digits and the hyper-parameters. */
export type TrainOptions = {
	readonly network: Network;
	readonly backend: Backend;
	readonly data: MnistSplit;
	readonly epochs: number;
	readonly batch: number;
	/** The peak learning rate ε of the schedule (see lr-schedule). */
	readonly lr: number;
	/** Seeds the weights, the order of the digits and every dropout mask: the same seed gives the same curve. */
	readonly seed: number;
	/** When it fires, training stops after the current batch, keeping the best weights so far. */
	readonly signal?: AbortSignal;
};

/** Why a run ended: all epochs done, stopped on request, or stopped by the loss watch (NaN, flat). */
export type StopReason = 'finished' | 'stopped' | 'nan' | 'flat';

/** Events of a run, in order: start, then batches with an epoch event at the end of each epoch, maybe a problem, then done. */
export type TrainEvent =
	| {readonly type: 'start'; readonly trainCount: number; readonly testCount: number; readonly batchesPerEpoch: number; readonly epochs: number; readonly params: number; readonly device: string}
	| {
			readonly type: 'batch';
			readonly epoch: number;
			readonly batch: number;
			readonly batches: number;
			readonly loss: number;
			readonly lr: number;
			/** Training images per second so far (evaluation time excluded) and the estimated seconds left. */
			readonly imagesPerSecond: number;
			readonly etaSeconds: number;
	  }
	| {readonly type: 'epoch'; readonly epoch: number; readonly epochs: number; readonly loss: number; readonly accuracy: number; readonly testAccuracy: number; readonly seconds: number; readonly imagesPerSecond: number}
	| {readonly type: 'problem'; readonly kind: 'nan' | 'flat'; readonly message: string; readonly advice: string}
	| {
			readonly type: 'done';
			readonly reason: StopReason;
			/** Where it stopped: the epoch (1-based) and the batches done in it. */
			readonly epoch: number;
			readonly batch: number;
			readonly seconds: number;
			readonly imagesPerSecond: number;
			/**
			 * The kept (best) weights, the epoch they come from (0: scored at the stop) and their test scores; absent when
			 * the loss blew up before any epoch ended, since then there is nothing worth keeping.
			 */
			readonly weights?: Weights;
			readonly bestEpoch: number;
			readonly test?: Evaluation;
	  };

const copyWeights = (w: Weights): Weights => new Map([...w].map(([name, {w: wt, b}]) => [name, {w: {shape: wt.shape, data: wt.data.slice()}, b: {shape: b.shape, data: b.data.slice()}}]));

/**
 * Trains the network on the training digits with the paper's SGD (§5: momentum 0.9, weight decay 0.0005), in
 * seeded mini-batches, testing on the held-out digits after every epoch; yields events as it goes.
 */
export async function* train(options: TrainOptions): AsyncGenerator<TrainEvent> {
	const {backend, data, epochs, batch, seed, signal} = options;
	const summary = analyzeNetwork(options.network);
	checkTrainable(summary);
	const random = createRandom(seed);
	const weights = initWeights(summary, {seed, init: 'he'});
	const sgd = createSgd();
	const watch = createLossWatch();
	const batches = Math.floor(data.train.count / batch);
	const total = batches * epochs;
	yield {type: 'start', trainCount: data.train.count, testCount: data.test.count, batchesPerEpoch: batches, epochs, params: summary.totals.params, device: backend.device};

	let best: {weights: Weights; epoch: number; test: Evaluation} | undefined;
	let trainSeconds = 0;
	let step = 0;
	const started = performance.now();
	const finish = async function* (reason: StopReason, epoch: number, done: number): AsyncGenerator<TrainEvent> {
		// Weights that never met the test digits are scored now, so a stop mid-epoch still keeps the better ones; weights
		// the loss blew up in are never kept.
		if (reason !== 'nan' && (!best || (reason === 'stopped' && done > 0))) {
			const test = await evaluate(backend, summary, weights, data.test, 250, 'changing');
			if (!best || test.accuracy > best.test.accuracy) best = {weights: copyWeights(weights), epoch: 0, test};
		}
		const seconds = (performance.now() - started) / 1000;
		const imagesPerSecond = trainSeconds > 0 ? (step * batch) / trainSeconds : 0;
		yield {type: 'done', reason, epoch, batch: done, seconds, imagesPerSecond, bestEpoch: best?.epoch ?? 0, ...(best ? {weights: best.weights, test: best.test} : {})};
	};

	for (let epoch = 1; epoch <= epochs; epoch++) {
		// A fresh seeded order every epoch (Fisher–Yates).
		const order = Array.from({length: data.train.count}, (_, i) => i);
		for (let i = order.length - 1; i > 0; i--) {
			const j = random.int(i + 1);
			[order[i], order[j]] = [order[j]!, order[i]!];
		}
		let lossSum = 0;
		let right = 0;
		for (let b = 0; b < batches; b++) {
			if (signal?.aborted) return yield* finish('stopped', epoch, b);
			const t0 = performance.now();
			const indices = order.slice(b * batch, (b + 1) * batch);
			const labels = Int32Array.from(indices, (i) => data.train.labels[i]!);
			const tape = await forwardTape(backend, summary, weights, digitBatch(data.train, indices), random);
			const {loss, dlogits} = await backend.softmaxCrossEntropy(tape.logits, labels);
			const lr = learningRate(options.lr, step, total);
			const verdict: LossVerdict = watch.push(loss, options.lr);
			if (verdict.kind !== 'ok') {
				yield {type: 'problem', ...verdict};
				return yield* finish(verdict.kind, epoch, b);
			}
			const grads = await backwardTape(backend, weights, tape, dlogits);
			sgd.step(weights, grads, lr);
			step++;
			trainSeconds += (performance.now() - t0) / 1000;
			lossSum += loss;
			const classes = tape.logits.data.length / batch;
			for (let k = 0; k < batch; k++) {
				let guess = 0;
				for (let c = 1; c < classes; c++) if (tape.logits.data[k * classes + c]! > tape.logits.data[k * classes + guess]!) guess = c;
				if (guess === labels[k]) right++;
			}
			// Let the event loop run (screen updates, Ctrl-C): a backend that never waits would otherwise starve it.
			await new Promise((resolve) => setImmediate(resolve));
			const imagesPerSecond = (step * batch) / trainSeconds;
			yield {type: 'batch', epoch, batch: b + 1, batches, loss, lr, imagesPerSecond, etaSeconds: ((total - step) * batch) / imagesPerSecond};
		}
		const test = await evaluate(backend, summary, weights, data.test, 250, 'changing');
		if (!best || test.accuracy >= best.test.accuracy) best = {weights: copyWeights(weights), epoch, test};
		yield {
			type: 'epoch',
			epoch,
			epochs,
			loss: lossSum / batches,
			accuracy: right / (batches * batch),
			testAccuracy: test.accuracy,
			seconds: (performance.now() - started) / 1000,
			imagesPerSecond: (step * batch) / trainSeconds,
		};
	}
	yield* finish('finished', epochs, batches);
}
