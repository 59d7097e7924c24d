import {isMainThread, parentPort, workerData} from 'node:worker_threads';
import {startModuleWorker} from '../backends/module-worker.js';
import {loadMnist} from '../data/mnist.js';
import {mini} from '../model/networks.js';
import {train, type TrainEvent} from '../runner/train.js';

/** One training run of the mini network on MNIST, as train's flags give it. */
export type TrainJob = {readonly epochs: number; readonly batch: number; readonly lr: number; readonly seed: number; readonly threads: number; readonly train: number; readonly test: number};

const role = 'alexnet-tour train worker';

/** The run itself, in the worker: the fast backend, MNIST, and train's events as they come, until `signal` stops it. */
async function* runJob(job: TrainJob, signal: AbortSignal): AsyncGenerator<TrainEvent> {
	const {createFastBackend} = await import('../backends/fast/fast-backend.js');
	// train's thread count too: the split of a batch over threads changes the sums' order, and so the curve.
	const fast = createFastBackend({threads: job.threads});
	try {
		yield* train({network: mini, backend: fast, data: loadMnist({train: job.train, test: job.test}), epochs: job.epochs, batch: job.batch, lr: job.lr, seed: job.seed, signal});
	} finally {
		fast.dispose();
	}
}

// In a worker started by trainInWorker (this very file is its entry): run the job, post every event, stop when told.
if (!isMainThread && workerData?.role === role) {
	const stop = new AbortController();
	parentPort!.on('message', (m: {type: 'stop'}) => {
		if (m.type === 'stop') stop.abort();
	});
	(async () => {
		try {
			for await (const event of runJob(workerData.job as TrainJob, stop.signal)) parentPort!.postMessage({event});
			parentPort!.postMessage({end: true});
		} catch (error) {
			parentPort!.postMessage({error: (error as Error).message});
		}
		parentPort!.close();
	})();
}

/**
 * The tour's training run in a worker thread, its events yielded here as they arrive: the tour's screen redraws on
 * this thread while the arithmetic runs on the other core (in the tour's own thread the run took 57-60 s where
 * `alexnet-tour train` takes 37, the rest being Ink laying out the screen). Aborting `signal` stops the run after
 * its current batch, as in train.
 */
export async function* trainInWorker(job: TrainJob, signal?: AbortSignal): AsyncGenerator<TrainEvent> {
	const worker = startModuleWorker(import.meta.url, {role, job});
	const queue: ({event: TrainEvent} | {end: true} | {error: string})[] = [];
	let wake: (() => void) | undefined;
	const push = (item: (typeof queue)[number]) => {
		queue.push(item);
		wake?.();
	};
	worker.on('message', push);
	worker.on('error', (e) => push({error: e.message}));
	worker.on('exit', () => push({end: true}));
	const onAbort = () => worker.postMessage({type: 'stop'});
	if (signal?.aborted) onAbort();
	signal?.addEventListener('abort', onAbort);
	try {
		for (;;) {
			while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
			const item = queue.shift()!;
			if ('error' in item) throw new Error(`training: ${item.error}`);
			if ('end' in item) return;
			yield item.event;
			if (item.event.type === 'done') return;
		}
	} finally {
		signal?.removeEventListener('abort', onAbort);
		void worker.terminate();
	}
}
