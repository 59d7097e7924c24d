import type {Backend, BackendName} from '../backends/backend.js';
import {createBackend} from '../backends/select.js';
import {UsageError} from '../errors.js';
import {loadMnist} from '../data/mnist.js';
import {analyzeNetwork} from '../model/analyze.js';
import {mini} from '../model/networks.js';
import {train, type TrainEvent} from '../runner/train.js';
import {saveWeightsFile} from '../runner/weights-file.js';
import {defaultSeed} from '../tensor/random.js';
import {confusionLines, misclassifiedLines} from '../ui/panels/train-lines.js';

/** Options of `alexnet-tour train` (defaults: the run that reaches ≥97% test accuracy in about a minute on 2 cores). */
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
	/** Threads of the fast backend (default 1: at batch 32, splitting every op over two threads gained nothing here, and lost a third when another program held the second core). */
	threads?: number;
};

/** The defaults of `train`. */
export const trainDefaults = {epochs: 2, batch: 32, lr: 0.025, train: 15000, test: 2000, threads: 1} as const;

function whole(flag: string, value: number, min: number, max: number): number {
	if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} ${value}: expected a whole number from ${min} to ${max}`);
	return value;
}

/** The backend training runs on: `auto` means fast, the CPU path (gpu.js trains the mini net at ~22 images/s here, fast at ~400). */
function trainingBackend(name: 'auto' | BackendName, threads?: number): Promise<Backend> {
	return createBackend(name === 'auto' ? 'fast' : name, {threads: threads ?? trainDefaults.threads});
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
	const data = loadMnist({train: trainCount, test: testCount});
	const backend = await trainingBackend(options.backend ?? 'fast', options.threads);
	const stop = new AbortController();
	const onSigint = () => stop.abort();
	process.on('SIGINT', onSigint);
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
				if (event.type === 'epoch') out(`epoch ${event.epoch}/${event.epochs}: loss ${event.loss.toFixed(4)}, train accuracy ${(event.accuracy * 100).toFixed(2)}%, test accuracy ${(event.testAccuracy * 100).toFixed(2)}% (${event.seconds.toFixed(1)} s, ${Math.round(event.imagesPerSecond)} img/s)`);
				if (event.type === 'problem') out(`problem: ${event.message}\ntry: ${event.advice}`);
			}
		}
	} finally {
		process.off('SIGINT', onSigint);
		backend.dispose();
	}
	if (!done) throw new Error('bug: training ended without a done event');
	let saved: string | undefined;
	if (options.save !== undefined) {
		const note = `mini AlexNet trained on ${trainCount} MNIST digits, ${(done.test.accuracy * 100).toFixed(2)}% on ${testCount} test digits (seed ${seed})`;
		saveWeightsFile(options.save, analyzeNetwork(mini), done.weights, note);
		saved = options.save;
	}
	const why = {finished: '', stopped: 'on request', nan: 'because the loss became NaN', flat: 'because the loss stayed flat'}[done.reason];
	const where = done.reason === 'finished' ? `finished ${epochs} epoch${epochs === 1 ? '' : 's'}` : `stopped ${why} in epoch ${done.epoch} after batch ${done.batch} of ${Math.floor(data.train.count / batch)}`;
	if (options.json) {
		out(JSON.stringify({
			done: true,
			reason: done.reason,
			epoch: done.epoch,
			batch: done.batch,
			bestEpoch: done.bestEpoch,
			testAccuracy: done.test.accuracy,
			testCount,
			seconds: done.seconds,
			imagesPerSecond: done.imagesPerSecond,
			backend: backend.name,
			device: backend.device,
			...(saved ? {saved} : {}),
		}));
		return;
	}
	const kept = done.bestEpoch > 0 ? `the weights of epoch ${done.bestEpoch}` : 'the weights at the stop';
	out('');
	out(`${where} in ${done.seconds.toFixed(1)} s at ${Math.round(done.imagesPerSecond)} training images/s; kept ${kept}`);
	out(`test accuracy ${(done.test.accuracy * 100).toFixed(2)}% on ${testCount} held-out digits`);
	out('');
	for (const line of confusionLines(done.test.confusion)) out(line);
	out('');
	for (const line of misclassifiedLines(done.test, data.test, 6, process.stdout.columns ?? 100)) out(line);
	if (saved) out(`\nweights saved to ${saved} (use them with: alexnet-tour forward --variant mini --weights ${saved})`);
}
