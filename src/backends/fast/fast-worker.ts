import {isMainThread, parentPort, type Worker, workerData} from 'node:worker_threads';
import {startModuleWorker} from '../module-worker.js';
import type {Tensor} from '../../tensor/tensor.js';
import {residentFc} from './fc.js';
import {fastOps, type FastOpName} from './ops.js';
import {residentMatrix, type ResidentMatrix} from './wasm/gemv-wasm.js';

/** A batched argument sent to a worker: the whole (shared) data with the rows to use, or a copy of just those rows. */
export type Slice = {readonly slice: true; readonly shape: readonly number[]; readonly data: Float32Array; readonly from: number; readonly to: number};

/**
 * One piece of work: an op, its arguments (tensors, slices, attributes) and an id to answer with. With `into`, the
 * op writes its result into its last argument (shared memory) and the answer carries none.
 */
export type Job = {readonly id: number; readonly op: FastOpName; readonly args: readonly unknown[]; readonly into?: boolean};

/**
 * A share of a fixed fc layer's rows, kept packed in a worker's memory (see fcRows in fast-backend): sent once with
 * its weights (`data`), then named by its key alone; `forget` drops it when the weights are gone.
 */
export type RowsJob = {readonly id: number; readonly key: number; readonly rows: number; readonly k: number; readonly data?: Float32Array; readonly args?: readonly [Tensor, Tensor, Float32Array]; readonly forget?: boolean};

const isSlice = (a: unknown): a is Slice => typeof a === 'object' && a !== null && (a as Slice).slice === true;

/** Items from…to of a batched tensor, as a view (no copy). */
export function sliceRows(t: Tensor, from: number, to: number): Tensor {
	const per = t.data.length / t.shape[0]!;
	return {shape: [to - from, ...t.shape.slice(1)], data: t.data.subarray(from * per, to * per)};
}

/** Runs one job in this thread: batched arguments become views of their rows, then the op runs as is. */
export function runJob(job: Job): unknown {
	const args = job.args.map((a) => (isSlice(a) ? sliceRows({shape: a.shape, data: a.data}, a.from, a.to) : a));
	return (fastOps[job.op] as (...xs: unknown[]) => unknown)(...args);
}

/** The buffers of a result to transfer back (moved, not copied); shared ones stay shared. */
function transferables(result: unknown): ArrayBuffer[] {
	const tensors = (r: unknown): Tensor[] => ('data' in (r as Tensor) ? [r as Tensor] : Object.values(r as Record<string, Tensor>));
	return tensors(result)
		.map((t) => t.data.buffer)
		.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/** This worker's shares of fixed fc layers, by key. */
const shares = new Map<number, ResidentMatrix | null>();

/** A share of fc rows: packed on first sight (its weights then dropped), then x·Wᵀ + b into the output given. */
function runRows(job: RowsJob): void {
	if (job.forget) return void shares.delete(job.key);
	if (job.data) shares.set(job.key, residentMatrix(job.data, job.rows, job.k));
	const matrix = shares.get(job.key);
	if (!matrix) throw new Error(`fc rows ${job.key}: this worker has no such weights`);
	if (job.args) residentFc(matrix, ...job.args);
}

const role = 'alexnet-tour fast worker';

// In a worker started by startFastWorker (this very file is its entry): answer jobs until terminated.
if (!isMainThread && workerData?.role === role) {
	parentPort!.on('message', (job: Job | RowsJob) => {
		try {
			if ('key' in job) {
				runRows(job);
				if (!job.forget) parentPort!.postMessage({id: job.id});
				return;
			}
			const result = runJob(job);
			if (job.into) parentPort!.postMessage({id: job.id});
			else parentPort!.postMessage({id: job.id, result}, transferables(result));
		} catch (error) {
			parentPort!.postMessage({id: job.id, error: (error as Error).message});
		}
	});
}

/** Starts a worker thread running this file (see startModuleWorker). */
export function startFastWorker(): Worker {
	return startModuleWorker(import.meta.url, {role});
}
