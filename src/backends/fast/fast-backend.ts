import type {Worker} from 'node:worker_threads';
import {availableParallelism} from 'node:os';
import {setFlagsFromString} from 'node:v8';
import {sizeOf, tensor, type Tensor} from '../../tensor/tensor.js';
import type {Backend, ConvAttrs} from '../backend.js';
import {runJob, sliceRows, startFastWorker, type Job, type RowsJob, type Slice} from './fast-worker.js';
import {fc, gemvRows} from './fc.js';
import {plainOnly} from './gemm.js';
import {fastOps, splits, type FastOpName} from './ops.js';
import {channelParts, type ChannelSplit} from './split-channels.js';
import {winogradFilters, winogradFits} from './winograd.js';
import type {FastWeights} from './conv.js';
import {simdKernel} from './wasm/gemm-wasm.js';

/** Options of the fast backend: how many threads share each op (default: one per core, at most 4). */
export type FastOptions = {readonly threads?: number};

type Pending = {resolve: (r: unknown) => void; reject: (e: Error) => void};

/** Ops whose work is a pass over their input, and the input size below which they stay on this thread. */
const elementWise = new Set<FastOpName>(['relu', 'reluBackward', 'dropout', 'dropoutBackward', 'softmax']);
const minSplitElements = 1 << 20;
const minChannelSplitElements = 1 << 15;
/** The fewest weights of a fixed fc layer whose rows are split over the threads (AlexNet's fc6 to fc8 all are). */
const minRowSplitWeights = 1 << 20;

/** A Float32Array on shared memory, so the next op can hand it to a worker without copying. */
const shared = (length: number) => new Float32Array(new SharedArrayBuffer(length * 4));

/** Fixed weights' copies on shared memory, by the array they copy. */
const sharedCopies = new WeakMap<Float32Array, Float32Array>();

/** The tensor on shared memory: itself if it is there already, else its copy (made once per array, unless not `kept`). */
function sharedCopy(t: Tensor, kept = true): Tensor {
	if (t.data.buffer instanceof SharedArrayBuffer) return t;
	let copy = sharedCopies.get(t.data);
	if (!copy) {
		copy = shared(t.data.length);
		copy.set(t.data);
		if (kept) sharedCopies.set(t.data, copy);
	}
	return tensor(t.shape, copy);
}

/**
 * Stops V8 marking the heap on a background thread of its own. With every core running a share of each op, that
 * thread takes a core from one share, and the whole op waits for it: on this 2-core machine the median AlexNet pass
 * took 46–53 ms with it and 38–40 ms without (the same marking then runs in short steps on the main thread).
 * V8 reads the flag each time it starts marking, so setting it now, for the whole process, takes effect.
 */
function keepCoresForKernels(): void {
	setFlagsFromString('--no-concurrent-marking');
}

/** Joins the parts of a batched result along N into one tensor on shared memory. */
function join(parts: readonly Tensor[]): Tensor {
	const rows = parts.reduce((a, p) => a + p.shape[0]!, 0);
	const data = shared(parts.reduce((a, p) => a + p.data.length, 0));
	let at = 0;
	for (const p of parts) {
		data.set(p.data, at);
		at += p.data.length;
	}
	return tensor([rows, ...parts[0]!.shape.slice(1)], data);
}

/** Adds up the parts of a gradient that every batch item contributes to (weights, biases). */
function sum(parts: readonly Tensor[]): Tensor {
	const data = parts[0]!.data.slice();
	for (const p of parts.slice(1)) for (let i = 0; i < data.length; i++) data[i] = data[i]! + p.data[i]!;
	return tensor(parts[0]!.shape, data);
}

/**
 * A split convolution's parts, each given its filters already through Winograd's transform where the convolution
 * goes that way (3×3 or 5×5, stride 1, undilated, fixed weights): transformed here once and kept on shared memory, where a
 * worker, which sees a new array on every call, would transform its share on every call. Else the parts as they are.
 */
function winogradParts(split: ChannelSplit, [x, w, , a, use]: readonly [Tensor, Tensor, Tensor, ConvAttrs, FastWeights?]): readonly (readonly unknown[])[] {
	const [cout, cinG, kh, kw] = w.shape as [number, number, number, number];
	if (use !== 'fixed' || a.stride !== 1 || !winogradFits(kh, kw, a.dilation) || x.shape.length !== 4 || !simdKernel()) return split.parts;
	const u = sharedCopy(tensor([cout, (kh + 1) ** 2, cinG], winogradFilters(w.data, cout, cinG, kh, 'fixed')));
	const plane = split.shape[2]! * split.shape[3]!;
	return split.parts.map((part, k) => [part[0], sliceRows(u, split.bounds[k]! / plane, split.bounds[k + 1]! / plane), part[2], part[3], 'winograd']);
}

/**
 * The fast CPU backend: conv and fc (nearly all the multiply-accumulates) as blocked matrix products in WebAssembly
 * SIMD (conv.ts, winograd.ts, fc.ts; plain TypeScript where SIMD is missing), over `threads` threads (this one and
 * worker threads): a batch split by items, one image by output channels (fc by rows). Checked against the reference
 * by the conformance table like any other backend.
 */
export function createFastBackend(options: FastOptions = {}): Backend {
	// Whole threads only: a fractional count would split batches into fractional parts and drop rows.
	const threads = Math.max(1, Math.min(Math.floor(options.threads ?? availableParallelism()), 4));
	if (threads > 1) keepCoresForKernels();
	const workers: Worker[] = [];
	const pending = new Map<number, Pending>();
	let nextId = 0;
	const worker = (i: number): Worker => {
		while (workers.length <= i) {
			const w = startFastWorker();
			w.unref(); // an idle worker never keeps the program alive
			w.on('message', (m: {id: number; result?: unknown; error?: string}) => {
				const p = pending.get(m.id);
				pending.delete(m.id);
				if (m.error !== undefined) p?.reject(new Error(`fast worker: ${m.error}`));
				else p?.resolve(m.result);
			});
			w.on('error', (e) => {
				for (const p of pending.values()) p.reject(e);
				pending.clear();
			});
			workers.push(w);
		}
		return workers[i]!;
	};
	const send = (i: number, job: Omit<Job, 'id'> | Omit<RowsJob, 'id'>): Promise<unknown> =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, {resolve, reject});
			worker(i).postMessage({...job, id});
		});

	/**
	 * One image's op split by output channels over the threads (see channelParts), each part writing its channels
	 * straight into one output on shared memory; undefined where it does not split.
	 */
	async function runChannels(op: FastOpName, args: unknown[]): Promise<Tensor | undefined> {
		// Fixed filters go to the workers on shared memory, copied there once: sent as they are, each call would copy
		// each worker's share of them (1.3 to 1.8 MB for conv2 to conv4) into a fresh buffer.
		if (op === 'conv' && args[4] === 'fixed') args = [args[0], sharedCopy(args[1] as Tensor), sharedCopy(args[2] as Tensor), ...args.slice(3)];
		const split = channelParts(op, args, threads);
		if (!split) return undefined;
		const out = shared(sizeOf(split.shape));
		const parts = op === 'conv' ? winogradParts(split, args as [Tensor, Tensor, Tensor, ConvAttrs, FastWeights?]) : split.parts;
		// A view of shared memory crosses to a worker as a view of the same memory: each part writes its own run of it.
		const piece = (k: number) => [...parts[k]!, out.subarray(split.bounds[k]!, split.bounds[k + 1]!)];
		const remote = parts.slice(1).map((_, k) => send(k, {op, args: piece(k + 1), into: true}));
		runJob({id: -1, op, args: piece(0)});
		await Promise.all(remote);
		return tensor(split.shape, out);
	}

	/** Each thread's share of a fixed fc layer's rows, by the weights' array: this thread's rows, the workers' keys. */
	const rowShares = new WeakMap<Float32Array, {readonly bounds: readonly number[]; readonly head: Tensor; readonly keys: readonly number[]}>();
	// When weights are gone, the workers drop their packed shares of them too.
	const forget = new FinalizationRegistry<readonly number[]>((keys) => {
		for (const [k, key] of keys.entries()) workers[k]?.postMessage({id: -1, key, rows: 0, k: 0, forget: true} satisfies RowsJob);
	});
	let nextKey = 0;

	/**
	 * A batch-1 fc layer with fixed weights, its rows split over the threads: reading the weights is its whole cost,
	 * and two cores read memory faster than one. Each worker is sent its share of the weights once, packs it in its own
	 * memory and is named it by a key afterwards; this thread keeps the first share. Undefined where it does not split.
	 */
	async function fcRows(x: Tensor, w: Tensor, b: Tensor): Promise<Tensor | undefined> {
		const [nout = 0, nin = 0] = w.shape;
		if (plainOnly.value || !simdKernel() || w.shape.length !== 2 || nout * nin < minRowSplitWeights || x.data.length !== nin || b.data.length !== nout) return undefined;
		let share = rowShares.get(w.data);
		const first = !share;
		if (!share) {
			const bounds = Array.from({length: threads + 1}, (_, k) => Math.round((k * nout) / threads));
			share = {bounds, head: tensor([bounds[1]!, nin], w.data.subarray(0, bounds[1]! * nin)), keys: bounds.slice(2).map(() => nextKey++)};
			rowShares.set(w.data, share);
			forget.register(w.data, share.keys);
		}
		const {bounds, head, keys} = share;
		const out = shared(nout);
		const remote = keys.map((key, k) => {
			const [from, to] = [bounds[k + 1]!, bounds[k + 2]!];
			const data = first ? sharedCopy(tensor([to - from, nin], w.data.subarray(from * nin, to * nin)), false).data : undefined;
			return send(k, {key, rows: to - from, k: nin, ...(data ? {data} : {}), args: [x, sliceRows(b, from, to), out.subarray(from, to)]});
		});
		fc(x, head, sliceRows(b, 0, bounds[1]!), 'fixed', out.subarray(0, bounds[1]!));
		await Promise.all(remote);
		return tensor([1, nout], out);
	}

	async function run(op: FastOpName, args: unknown[]): Promise<unknown> {
		const split = splits[op];
		const n = split ? (args[split.batched[0]!] as Tensor).shape[0]! : 0;
		// One small image (a 28×28 digit) costs less to compute here than to hand half of it to a worker.
		if (n === 1 && threads > 1 && (args[0] as Tensor).data.length >= minChannelSplitElements) {
			const byChannels = await runChannels(op, args);
			if (byChannels) return byChannels;
		}
		// Fixed fc weights at small batches are read in place from this thread's packed copy (fc.ts): a worker would
		// need its own copy of them sent on every call.
		const fixedFc = op === 'fc' && args[3] === 'fixed' && n <= gemvRows;
		if (fixedFc && n === 1 && threads > 1) {
			const byRows = await fcRows(...(args as [Tensor, Tensor, Tensor]));
			if (byRows) return byRows;
		}
		// An element-wise op on a small tensor costs less than the message to a worker and back.
		const small = elementWise.has(op) && (args[0] as Tensor).data.length < minSplitElements;
		const parts = fixedFc || small ? 1 : Math.min(threads, n);
		if (!split || parts < 2) return (fastOps[op] as (...xs: unknown[]) => unknown)(...args);
		const bounds = Array.from({length: parts + 1}, (_, i) => Math.round((i * n) / parts));
		const piece = (k: number, remote: boolean) =>
			args.map((a, i) => {
				if (!split.batched.includes(i)) return a;
				const t = a as Tensor;
				const [from, to] = [bounds[k]!, bounds[k + 1]!];
				// A shared buffer crosses to the worker as is; any other is copied, so copy only the rows it needs.
				if (remote && t.data.buffer instanceof SharedArrayBuffer) return {slice: true, shape: t.shape, data: t.data, from, to} satisfies Slice;
				return sliceRows(t, from, to);
			});
		const remote = Array.from({length: parts - 1}, (_, k) => send(k, {op, args: piece(k + 1, true)}));
		const results = [runJob({id: -1, op, args: piece(0, false)}), ...(await Promise.all(remote))];
		if ('data' in (results[0] as Tensor)) return join(results as Tensor[]);
		const grads = results as Record<string, Tensor>[];
		return Object.fromEntries(
			Object.keys(grads[0]!).map((key) => {
				const values = grads.map((g) => g[key]!);
				return [key, split.summed?.includes(key) ? sum(values) : join(values)];
			}),
		);
	}
	const call =
		(op: FastOpName) =>
		(...args: unknown[]) =>
			run(op, args) as never;

	return {
		name: 'fast',
		device: `${simdKernel() ? 'WebAssembly SIMD kernels (Winograd and in-place convolutions)' : 'im2col + TypeScript matrix products'}, ${threads} thread${threads === 1 ? '' : 's'}`,
		conv: call('conv'),
		relu: call('relu'),
		lrn: call('lrn'),
		maxpool: call('maxpool'),
		avgpool: call('avgpool'),
		adaptiveAvgpool: call('adaptiveAvgpool'),
		fc: call('fc'),
		dropout: call('dropout'),
		softmax: call('softmax'),
		convBackward: call('convBackward'),
		reluBackward: call('reluBackward'),
		lrnBackward: call('lrnBackward'),
		maxpoolBackward: call('maxpoolBackward'),
		fcBackward: call('fcBackward'),
		dropoutBackward: call('dropoutBackward'),
		softmaxCrossEntropy: call('softmaxCrossEntropy'),
		dispose() {
			for (const w of workers) void w.terminate();
			workers.length = 0;
		},
	};
}
