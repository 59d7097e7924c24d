import {fixWasmCodegen} from './wasm-codegen-fixes.js';

/**
 * The one door to gpu.js: loaded lazily (so `summary` and `calc` never pay for it, and keep working when
 * it fails to install) and seen through the few members this backend uses, typed here rather than
 * through gpu.js's own generic typings.
 */

/** The gpu.js modes this program runs, one backend each. */
export type GpujsMode = 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';

/** `this` inside a kernel function: the thread's output coordinates and the kernel's constants. */
export type KernelThis = {
	readonly thread: {readonly x: number; readonly y: number; readonly z: number};
	// biome-ignore lint/suspicious/noExplicitAny: a kernel's constants are whatever its spec hands it (numbers, arrays, inputs)
	readonly constants: any;
};

/** The Kernel instance behind a kernel function; it changes class when gpu.js falls back to another backend. */
export type KernelInstance = {
	readonly constructor: {readonly name: string; readonly mode?: string};
	readonly fallbackReason?: string | null;
	readonly _lastRunPath?: string | null;
	readonly context?: unknown;
	/** gpu.js internals of the WebAssembly kernel: its worker pool and compiled modules (see kernel-runner's sharePool). */
	_pool?: WorkerPool | null;
	readonly _moduleCache?: Map<string, {readonly id: number; readonly shared: boolean}>;
};

/** gpu.js's WebAssembly worker pool (internal). */
export type WorkerPool = {release(entryId: number): void; destroy(): void};

/** A compiled kernel: call it with its arguments; sync modes return the result, async ones a Promise of it. */
export type GpujsKernel = ((...args: unknown[]) => unknown) & {
	readonly kernel: KernelInstance;
	destroy(): void;
};

/** Settings passed to createKernel (a subset of gpu.js's IGPUKernelSettings). */
export type KernelSettings = {
	output: number[];
	constants?: Record<string, number | Float32Array | GpujsInput>;
	returnType?: 'Number' | 'Array(4)';
	argumentTypes?: Record<string, string>;
	strictIntegers?: boolean;
	loopMaxIterations?: number;
	asyncMode?: boolean;
	poolSize?: number;
	precision?: 'single';
	tactic?: 'precision';
	fixIntegerDivisionAccuracy?: boolean;
};

/** A gpu.js GPU instance. */
export type GpujsInstance = {
	createKernel(fn: (...args: never[]) => unknown, settings: KernelSettings): GpujsKernel;
	destroy(): Promise<void> | void;
};

/** The GPU class and the static feature checks this program reads. */
export type GpujsModule = {
	readonly GPU: (new (settings: {
		mode: GpujsMode;
	}) => GpujsInstance) & {
		readonly isHeadlessGLSupported: boolean;
		readonly isWebGPUSupported: boolean;
		readonly isWebAssemblySupported: boolean;
		isWebGPUAvailable(): Promise<boolean>;
	};
	/** Wraps a flat array with its [x, y, z] sizes, so a kernel indexes it as a[z][y][x]. */
	input(value: Float32Array, size: number[]): GpujsInput;
};

/** A flat array with sizes (gpu.js's Input). */
export type GpujsInput = {readonly value: Float32Array; readonly size: number[]};

let loading: Promise<GpujsModule> | undefined;

/** Imports gpu.js once (a CommonJS package: its exports arrive on `default` under ESM). */
export function loadGpujs(): Promise<GpujsModule> {
	loading ??= import('gpu.js').then((m: unknown) => {
		fixWasmCodegen();
		const mod = m as {default?: GpujsModule} & GpujsModule;
		return mod.GPU ? mod : (mod.default as GpujsModule);
	});
	return loading;
}
