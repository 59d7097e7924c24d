import {availableParallelism} from 'node:os';
import {BackendUnavailableError} from '../../errors.js';
import type {GpujsInput, GpujsInstance, GpujsKernel, GpujsMode, GpujsModule, KernelInstance, KernelSettings, WorkerPool} from './gpujs-module.js';

/** What a kernel needs beyond its source: output size, constants (weights live here, uploaded once), Array(4) or not. */
export type KernelSpec = {
	readonly source: string;
	readonly output: number[];
	readonly constants?: Record<string, number | Float32Array | GpujsInput>;
	readonly vec4?: boolean;
	/**
	 * Worth splitting over worker threads (conv, fc). Each threaded gpu.js kernel starts its own pool of
	 * workers, so the light ops stay on the calling thread, where they take a few milliseconds anyway.
	 */
	readonly threaded?: boolean;
};

/** gpu.js's Kernel classes by name, as the modes they are (HeadlessGLKernel's own `mode` says 'gpu'). */
const kernelClasses: Record<string, string> = {
	CPUKernel: 'cpu',
	WebAssemblyKernel: 'webasm',
	HeadlessGLKernel: 'headlessgl',
	WebGLKernel: 'webgl',
	WebGL2Kernel: 'webgl2',
	WebGPUKernel: 'webgpu',
};

/** Compiled kernels kept per key; beyond this many the least recently used is destroyed. */
const cacheLimit = 64;

/**
 * Bytes of constants (weights) the cached kernels may hold: AlexNet's 244 MB twice over. Weights that
 * change every step (training) make a new kernel each time, and this keeps the old ones from piling up.
 */
const cacheBytes = 512 * 2 ** 20;

function constantBytes(constants: KernelSpec['constants']): number {
	let bytes = 0;
	for (const v of Object.values(constants ?? {})) {
		if (v instanceof Float32Array) bytes += v.byteLength;
		else if (typeof v === 'object') bytes += v.value.byteLength;
	}
	return bytes;
}

/**
 * Builds, caches and runs gpu.js kernels for one mode, and refuses results gpu.js computed on another
 * backend than the one asked for (gpu.js falls back silently; `kernel.kernel` then changes class).
 */
export class KernelRunner {
	private readonly cache = new Map<string, {readonly kernel: GpujsKernel; readonly bytes: number}>();
	private cachedBytes = 0;
	/** The one worker pool every threaded kernel uses (gpu.js would start one per kernel: 60 threads in a training run). */
	private pool: WorkerPool | null = null;
	/** How the last kernel ran, as gpu.js's WebAssembly backend reports it ('threaded', 'simd', 'scalar'…). */
	lastRunPath: string | null = null;
	/** Worker threads a threaded WebAssembly kernel splits over. */
	readonly threads: number;

	constructor(
		readonly gpujs: GpujsModule,
		readonly gpu: GpujsInstance,
		readonly mode: GpujsMode,
		readonly threaded: boolean,
	) {
		this.threads = mode === 'webasm' && threaded ? availableParallelism() : 1;
	}

	/** Runs the kernel cached under `key` (built from `spec()` on first use) and returns its output flattened, `length` floats. */
	async run(name: string, key: string, spec: () => KernelSpec, args: unknown[], length: number): Promise<Float32Array> {
		const kernel = this.kernel(`${name}|${key}`, spec);
		this.sharePool(kernel);
		flatOutput(kernel.kernel);
		const result = await kernel(...args);
		const k = kernel.kernel;
		this.pool ??= k._pool ?? null;
		const ran = kernelClasses[k.constructor.name] ?? k.constructor.mode ?? k.constructor.name;
		if (ran !== this.mode) {
			const why = k.fallbackReason ? `: ${k.fallbackReason}` : '';
			throw new BackendUnavailableError(this.mode, `gpu.js ran the ${name} kernel on its ${ran} backend instead${why}`);
		}
		this.lastRunPath = k._lastRunPath ?? null;
		// only WebAssembly is known to hand out a fresh buffer per call (GL may reuse its readback buffer)
		const whole = this.mode === 'webasm' ? wholeBuffer(result, length) : null;
		if (whole) return whole;
		const out = new Float32Array(length);
		const end = flattenInto(result, out, 0);
		if (end !== length) throw new Error(`gpujs ${name}: kernel returned ${end} values, expected ${length}`);
		return out;
	}

	private kernel(key: string, spec: () => KernelSpec): GpujsKernel {
		const hit = this.cache.get(key);
		if (hit) {
			this.cache.delete(key); // re-insert: the Map's order is the eviction order
			this.cache.set(key, hit);
			return hit.kernel;
		}
		const s = spec();
		const settings: KernelSettings = {
			output: s.output,
			constants: s.constants ?? {},
			returnType: s.vec4 ? 'Array(4)' : 'Number',
			strictIntegers: true,
			loopMaxIterations: 1 << 20,
		};
		if (this.mode === 'headlessgl') Object.assign(settings, {precision: 'single', tactic: 'precision'});
		if (this.threaded && s.threaded) Object.assign(settings, {asyncMode: true, poolSize: this.threads});
		const kernel = this.gpu.createKernel(s.source as unknown as () => unknown, settings);
		const bytes = constantBytes(s.constants);
		while (this.cache.size > 0 && (this.cache.size >= cacheLimit || this.cachedBytes + bytes > cacheBytes)) {
			const [oldKey, old] = this.cache.entries().next().value as [string, {kernel: GpujsKernel; bytes: number}];
			this.cache.delete(oldKey);
			this.cachedBytes -= old.bytes;
			this.destroyKernel(old.kernel);
		}
		this.cache.set(key, {kernel, bytes});
		this.cachedBytes += bytes;
		return kernel;
	}

	/**
	 * Hands the shared worker pool to a kernel before its first threaded run, so gpu.js does not start
	 * another (it creates a pool only where `_pool` is empty; entries are per module, so kernels can share).
	 */
	private sharePool(kernel: GpujsKernel): void {
		const k = kernel.kernel;
		if (this.pool && this.mode === 'webasm' && '_pool' in k && !k._pool) k._pool = this.pool;
	}

	/** Destroys one kernel without taking the shared pool down with it: its modules are released from the workers instead. */
	private destroyKernel(kernel: GpujsKernel): void {
		const k = kernel.kernel;
		if (this.pool && k._pool === this.pool) {
			for (const entry of k._moduleCache?.values() ?? []) if (entry.shared) this.pool.release(entry.id);
			k._pool = null;
		}
		kernel.destroy();
	}

	/** Destroys every cached kernel and the worker pool. */
	dispose(): void {
		for (const k of this.cache.values()) this.destroyKernel(k.kernel);
		this.pool?.destroy();
		this.pool = null;
		this.cache.clear();
		this.cachedBytes = 0;
	}
}

/**
 * Makes a WebAssembly kernel hand back its output as the one flat Float32Array it has already copied out,
 * instead of shaping it into nested arrays: for Array(4) results gpu.js builds one subarray view per cell
 * (451,000 for a Winograd conv2), and building and collecting them took longer than the arithmetic.
 */
function flatOutput(k: KernelInstance): void {
	if (k.constructor.name === 'WebAssemblyKernel' && !Object.hasOwn(k, '_shapeOutput')) {
		Object.defineProperty(k, '_shapeOutput', {value: (data: Float32Array) => data, configurable: true});
	}
}

/** The first typed array inside a nested result. */
function firstLeaf(v: unknown): Float32Array | null {
	while (Array.isArray(v)) v = v[0];
	return v instanceof Float32Array ? v : null;
}

/**
 * The result's own buffer when it holds exactly the output, in order: gpu.js's WebAssembly backend
 * shapes its output as views of one fresh buffer, so the views need no copying (48,000 of them for conv2).
 */
function wholeBuffer(v: unknown, length: number): Float32Array | null {
	if (v instanceof Float32Array) return v.length === length && v.byteOffset === 0 && v.buffer.byteLength === length * 4 ? v : null;
	const leaf = firstLeaf(v);
	if (leaf?.byteOffset !== 0 || leaf.buffer.byteLength !== length * 4 || !Array.isArray(v)) return null;
	let last: unknown = v;
	while (Array.isArray(last)) last = last[last.length - 1];
	if (!(last instanceof Float32Array) || last.buffer !== leaf.buffer || last.byteOffset + last.byteLength !== length * 4) return null;
	return new Float32Array(leaf.buffer as ArrayBuffer);
}

/** Copies a gpu.js result (a typed array, or nested arrays of them, or of numbers) into `out` from `at`; returns the end. */
function flattenInto(v: unknown, out: Float32Array, at: number): number {
	if (v instanceof Float32Array) {
		out.set(v, at);
		return at + v.length;
	}
	if (Array.isArray(v)) {
		for (const e of v) at = flattenInto(e, out, at);
		return at;
	}
	if (typeof v === 'number') {
		out[at] = v;
		return at + 1;
	}
	throw new Error(`gpujs: unexpected kernel result ${Object.prototype.toString.call(v)}`);
}
