import type {Backend, BackendName} from '../backends/backend.js';
import {createBackend} from '../backends/select.js';
import {existsSync} from 'node:fs';
import {TrainingError, UsageError} from '../errors.js';
import {checkWritable} from '../io/write-atomic.js';
import {loadMnist} from '../data/mnist.js';
import {analyzeNetwork} from '../model/analyze.js';
import {mini} from '../model/networks.js';
import {train, type StopReason, type TrainEvent} from '../runner/train.js';
import {readWeightsMetadata, saveWeightsFile} from '../io/weights-file.js';
import {defaultSeed} from '../tensor/random.js';
import {confusionLines, misclassifiedLines} from '../ui/panels/train-lines.js';

/** Options of `alexnet-tour train` (defaults: the run that reaches 98% test accuracy in under 40 s here, on one of 2 cores). */
export type TrainCommandOptions = {
	epochs?: number;
	batch?: number;
	lr?: number;
	backend?: 'auto' | BackendName;
	seed?: number;
	save?: string;
	json?: boolean;
	/** How many of MNIST's 60,000 training and 10,000 test digits to use. */
	train?: number;
	test?: number;
	/** Threads of the fast backend (default 1: at batch 16, splitting every op over two threads took 65 s where one took 37 s here, each op too small to repay a worker's round trip). */
	threads?: number;
	/** Let a stopped run replace a saved file that scored better. */
	force?: boolean;
};

/** The defaults of `train`. */
export const trainDefaults = {epochs: 2, batch: 16, lr: 0.0125, train: 18000, test: 2000, threads: 1} as const;

/** The classroom's short run (`demo`): one epoch of 6,000 digits, scored on 1,000, in about 7 s here (92.5% in the run measured). */
export const shortTrain = {...trainDefaults, epochs: 1, train: 6000, test: 1000} as const;

function whole(flag: string, value: number, min: number, max: number): number {
	if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} ${value}: expected a whole number from ${min} to ${max}`);
	return value;
}

/** The backend training runs on: `auto` means fast, the CPU path (gpu.js trains the mini net at ~22 images/s here, fast at ~400). */
function trainingBackend(name: 'auto' | BackendName, threads?: number): Promise<Backend> {
	return createBackend(name === 'auto' ? 'fast' : name, {threads: whole('--threads', threads ?? trainDefaults.threads, 1, 64)});
}

/** `alexnet-tour train`: trains the mini AlexNet on MNIST with live progress (or JSON lines), then reports and saves. */
export async function run(options: TrainCommandOptions): Promise<void> {
	const epochs = whole('--epochs', options.epochs ?? trainDefaults.epochs, 1, 1000);
	const batch = whole('--batch', options.batch ?? trainDefaults.batch, 1, 4096);
	const lr = options.lr ?? trainDefaults.lr;
	if (!(lr > 0 && lr < 10)) throw new UsageError(`--lr ${lr}: expected a learning rate above 0 and below 10`);
	const seed = whole('--seed', options.seed ?? defaultSeed, 0, 2 ** 32 - 1);
	const trainCount = whole('--train', options.train ?? trainDefaults.train, batch, 60000);
	const testCount = whole('--test', options.test ?? trainDefaults.test, 1, 10000);
	// A bad destination is found before the first batch, not after the whole run.
	if (options.save !== undefined) checkWritable(options.save);
	const data = loadMnist({train: trainCount, test: testCount});
	const backend = await trainingBackend(options.backend ?? 'fast', options.threads);
	const stop = new AbortController();
	// Ctrl-C, a terminal closing and a polite kill all stop after the batch and keep the best weights.
	let signalled: NodeJS.Signals | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		signalled ??= signal;
		stop.abort();
	};
	for (const signal of stopSignals) process.on(signal, onSignal);
	const out = (line: string) => process.stdout.write(`${line}\n`);
	let done: Extract<TrainEvent, {type: 'done'}> | undefined;
	const events = (async function* () {
		for await (const event of train({network: mini, backend, data, epochs, batch, lr, seed, signal: stop.signal})) {
			if (event.type === 'done') done = event;
			if (options.json && event.type === 'epoch') out(JSON.stringify(event));
			if (options.json && event.type === 'problem') out(JSON.stringify(event));
			yield event;
		}
	})();
	try {
		if (!options.json && process.stdout.isTTY) {
			const {showTrainScreen} = await import('../ui/train/train-app.js');
			await showTrainScreen(events, () => stop.abort(), process.stdout.columns ?? 100);
		} else {
			for await (const event of events) {
				if (options.json) continue;
				if (event.type === 'start') out(`training the mini AlexNet on ${event.trainCount} MNIST digits, testing on ${event.testCount}; ${event.device}`);
				if (event.type === 'epoch')
					out(
						`epoch ${event.epoch}/${event.epochs}: loss ${event.loss.toFixed(4)}, train accuracy ${(event.accuracy * 100).toFixed(2)}%, test accuracy ${(event.testAccuracy * 100).toFixed(2)}% (${event.seconds.toFixed(1)} s, ${Math.round(event.imagesPerSecond)} img/s)`,
					);
				if (event.type === 'problem') out(`problem: ${event.message}\nadvice: ${event.advice}`);
			}
		}
	} finally {
		for (const signal of stopSignals) process.off(signal, onSignal);
		backend.dispose();
	}
	if (!done) throw new Error('bug: training ended without a done event');
	const save = options.save === undefined || !done.weights || !done.test ? undefined : decideSave(options.save, done.test.accuracy, done.reason, options.force === true);
	let saved: string | undefined;
	if (save?.write && done.weights && done.test) {
		const note = `mini AlexNet trained on ${trainCount} MNIST digits, ${(done.test.accuracy * 100).toFixed(2)}% on ${testCount} test digits (seed ${seed})`;
		saveWeightsFile(options.save!, analyzeNetwork(mini), done.weights, note, {testAccuracy: String(done.test.accuracy), testCount: String(testCount), seed: String(seed)});
		saved = options.save;
	}
	const keptNothing = options.save !== undefined && !done.weights ? `nothing was saved: the loss blew up before any epoch ended, and ${options.save} is untouched` : undefined;
	const why = {finished: '', stopped: 'on request', nan: 'because the loss became NaN', flat: 'because the loss stayed flat'}[done.reason];
	const where = done.reason === 'finished' ? `finished ${epochs} epoch${epochs === 1 ? '' : 's'}` : `stopped ${why} in epoch ${done.epoch} after batch ${done.batch} of ${Math.floor(data.train.count / batch)}`;
	if (options.json) {
		out(
			JSON.stringify({
				done: true,
				reason: done.reason,
				epoch: done.epoch,
				batch: done.batch,
				bestEpoch: done.bestEpoch,
				testAccuracy: done.test?.accuracy ?? null,
				testCount,
				seconds: done.seconds,
				imagesPerSecond: done.imagesPerSecond,
				backend: backend.name,
				device: backend.device,
				...(saved ? {saved} : {}),
				...(save && !save.write ? {kept: save.message} : {}),
			}),
		);
	} else {
		out('');
		const kept = !done.test ? 'kept no weights' : done.bestEpoch > 0 ? `kept the weights of epoch ${done.bestEpoch}` : 'kept the weights at the stop';
		out(`${where} in ${done.seconds.toFixed(1)} s at ${Math.round(done.imagesPerSecond)} training images/s; ${kept}`);
		if (done.test) {
			out(`test accuracy ${(done.test.accuracy * 100).toFixed(2)}% on ${testCount} held-out digits`);
			out('');
			for (const line of confusionLines(done.test.confusion)) out(line);
			out('');
			for (const line of misclassifiedLines(done.test, data.test, 6, process.stdout.columns ?? 100)) out(line);
		}
		if (saved) out(`\nweights saved to ${saved} (use them with: alexnet-tour forward --variant mini --weights ${saved})`);
		if (save && !save.write) out(`\n${save.message}`);
		if (keptNothing) out(`\n${keptNothing}`);
	}
	if (signalled) process.exitCode = 128 + (signalled === 'SIGINT' ? 2 : signalled === 'SIGHUP' ? 1 : 15);
	if (done.reason === 'nan') throw new TrainingError(`training stopped because the loss became NaN; ${saved ? `the best weights before it were saved to ${saved}` : (keptNothing ?? 'no weights were saved')}`);
}

/** The signals that stop training gracefully. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Whether a stopped run may replace `file`: a run that finished always may; one stopped early (Ctrl-C, a flat loss)
 * keeps an existing file that scored better, unless `force`.
 */
function decideSave(file: string, accuracy: number, reason: StopReason, force: boolean): {write: boolean; message: string} {
	if (reason === 'finished' || force || !existsSync(file)) return {write: true, message: ''};
	let before: number | undefined;
	try {
		before = Number(readWeightsMetadata(file)['testAccuracy']);
	} catch {
		before = undefined;
	}
	if (before === undefined || !Number.isFinite(before) || before <= accuracy) return {write: true, message: ''};
	return {
		write: false,
		message: `kept ${file}: it scored ${(before * 100).toFixed(2)}%, better than this stopped run's ${(accuracy * 100).toFixed(2)}% (--force replaces it anyway)`,
	};
}
