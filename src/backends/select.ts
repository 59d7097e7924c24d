import {BackendUnavailableError, UsageError} from '../errors.js';
import type {BackendName, Backend} from './backend.js';
import {createReferenceBackend} from './reference/reference-backend.js';

/** What a probe found about one backend; `reason` says why it is unavailable, or why `auto` passes it over. */
export type BackendReport = {
	readonly name: BackendName;
	readonly available: boolean;
	readonly device: string;
	readonly threads: number;
	readonly reason: string;
};

/**
 * A backend chosen by createBackend (every backend here also has the backward ops training needs), with
 * the backends `auto` tried before it and why each was passed over.
 */
export type SelectedBackend = Backend & {readonly skipped: readonly {readonly name: BackendName; readonly reason: string}[]};

/** Every backend name: the two plain-TypeScript ones, then the gpu.js modes (the two GPU ones first, as `auto` tries them). */
export const backendNames: readonly BackendName[] = ['reference', 'fast', 'webgpu', 'headlessgl', 'webasm', 'cpu'];

const gpujsModes = ['webgpu', 'headlessgl', 'webasm', 'cpu'] as const;

/** The gpu.js modes `auto` tries first, on a real GPU; without one it takes fast, the fastest CPU engine here. */
export const autoGpus = ['webgpu', 'headlessgl'] as const;

/**
 * Why `auto` runs fast rather than gpu.js's own CPU modes when no GPU answers (measured by `bench` on the grouped
 * AlexNet at batch 1: fast took about 0.3–0.4 of webasm's time on two cores; cpu is slower still).
 */
const cpuModesPassed = [
	{name: 'webasm', reason: 'gpu.js on the CPU, slower here than fast (see `alexnet-tour bench --backend fast,webasm`)'},
	{name: 'cpu', reason: 'gpu.js in plain JavaScript, slower still'},
] as const;

/** Renderers that are the CPU pretending to be a GPU (slower here than the CPU engine, so `auto` skips them). */
const software = /llvmpipe|softpipe|swiftshader|swrast|lavapipe/i;

/** The software renderer a device string names, or null for real hardware. */
function softwareName(device: string): string | null {
	const m = software.exec(device);
	if (!m) return null;
	return /mesa/i.test(device) ? `Mesa ${m[0]}` : m[0];
}

async function createGpujs(name: (typeof gpujsModes)[number]): Promise<Backend & {readonly threads: number}> {
	const {createGpujsBackend} = await import('./gpujs/gpujs-backend.js');
	return createGpujsBackend(name);
}

/** Options of createBackend: the threads of the fast backend (default: one per core, at most 4). */
export type CreateOptions = {readonly threads?: number};

async function createFast(options: CreateOptions = {}): Promise<Backend> {
	const {createFastBackend} = await import('./fast/fast-backend.js');
	return createFastBackend(options);
}

/**
 * Creates a backend by name. `auto` tries webgpu → headlessgl and takes the first whose probe kernel runs
 * correctly on real hardware, passing over software GL and WebGPU renderers (the CPU pretending to be a GPU)
 * with the reason; without a GPU it takes fast. A named backend that cannot run is a BackendUnavailableError.
 */
export async function createBackend(name: 'auto' | BackendName, options: CreateOptions = {}): Promise<SelectedBackend> {
	if (name === 'reference') return {...createReferenceBackend(), skipped: []};
	if (name === 'fast') return {...(await createFast(options)), skipped: []};
	if (name !== 'auto') {
		if (!(gpujsModes as readonly string[]).includes(name)) throw new UsageError(`unknown backend "${name}" (expected auto, ${backendNames.join(', ')})`);
		return {...(await createGpujs(name)), skipped: []};
	}
	const skipped: {name: BackendName; reason: string}[] = [];
	for (const candidate of autoGpus) {
		try {
			const backend = await createGpujs(candidate);
			const soft = softwareName(backend.device);
			if (!soft) return Object.assign(backend, {skipped});
			backend.dispose();
			skipped.push({name: candidate, reason: `${soft} is a software renderer, slower here than the fast CPU engine`});
		} catch (e) {
			if (!(e instanceof BackendUnavailableError)) throw e;
			skipped.push({name: candidate, reason: e.reason});
		}
	}
	return {...(await createFast(options)), skipped: [...skipped, ...cpuModesPassed]};
}

/** The threads a backend uses: its own `threads` field, or the count its device words give ("…, 2 threads"). */
function threadsOf(b: Backend & {readonly threads?: number}): number {
	return b.threads ?? Number(/(\d+) threads?\b/.exec(b.device)?.[1] ?? 1);
}

/** Probes every backend: loads it, runs its probe kernel, records the device and threads, and frees it again. */
export async function probeBackends(): Promise<BackendReport[]> {
	const fast = await createFast();
	const reports: BackendReport[] = [
		{name: 'reference', available: true, device: createReferenceBackend().device, threads: 1, reason: ''},
		{name: 'fast', available: true, device: fast.device, threads: threadsOf(fast), reason: ''},
	];
	fast.dispose();
	for (const name of gpujsModes) {
		try {
			const backend = await createGpujs(name);
			const soft = name === 'cpu' || name === 'webasm' ? null : softwareName(backend.device);
			const reason = soft ? `${soft} is a software renderer, slower here than the fast CPU engine: auto passes over it` : '';
			reports.push({name, available: true, device: backend.device, threads: backend.threads, reason});
			backend.dispose();
		} catch (e) {
			if (!(e instanceof BackendUnavailableError)) throw e;
			reports.push({name, available: false, device: '', threads: 0, reason: e.reason});
		}
	}
	return reports;
}
