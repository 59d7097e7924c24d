import {BackendUnavailableError} from '../../errors.js';
import type {Backend} from '../backend.js';
import * as back from './backward-ops.js';
import {gpujsConv} from './conv-op.js';
import {glRenderer, headlessGlProblem, installWebgpu, uninstallWebgpu} from './device.js';
import {loadGpujs, type GpujsMode, type GpujsModule} from './gpujs-module.js';
import {KernelRunner} from './kernel-runner.js';
import {reluSource} from './kernel-sources.js';
import * as ops from './other-ops.js';

/** A gpu.js backend (forward and backward ops), with what its probe found: the worker threads it really used. */
export type GpujsBackend = Backend & {readonly name: GpujsMode; readonly threads: number};

/** Options: `threads: false` keeps WebAssembly on the calling thread (gpu.js's synchronous contract). */
export type GpujsOptions = {readonly threads?: boolean};

/** Why gpu.js cannot run `mode` here (null when it can), and the device words found on the way. */
async function availability(mode: GpujsMode, gpujs: GpujsModule): Promise<{problem: string | null; device: string}> {
	switch (mode) {
		case 'headlessgl': {
			const problem = headlessGlProblem();
			if (problem) return {problem, device: ''};
			return gpujs.GPU.isHeadlessGLSupported ? {problem: null, device: ''} : {problem: 'gpu.js does not accept the gl context', device: ''};
		}
		case 'webgpu': {
			const found = await installWebgpu();
			return found.ok ? {problem: null, device: found.device} : {problem: found.reason, device: ''};
		}
		case 'webasm':
			return {problem: gpujs.GPU.isWebAssemblySupported ? null : 'this Node has no WebAssembly', device: ''};
		case 'cpu':
			return {problem: null, device: ''};
	}
}

/** 4096 inputs: gpu.js splits a WebAssembly kernel over its workers from 4096 output cells up. */
const probeSize = 4096;

/**
 * Runs a tiny kernel whose answer is known (ReLU of −2048…2047) and throws if gpu.js got it wrong or
 * ran it on another backend; returns how it ran ('threaded', 'simd'… on WebAssembly).
 */
async function probe(runner: KernelRunner): Promise<string | null> {
	const x = new Float32Array(probeSize);
	for (let i = 0; i < probeSize; i++) x[i] = i - probeSize / 2;
	const spec = () => ({source: reluSource, output: [probeSize], threaded: true});
	const y = await runner.run('probe', String(probeSize), spec, [x], probeSize);
	for (let i = 0; i < probeSize; i++) {
		if (y[i] !== Math.max(0, x[i]!)) {
			throw new BackendUnavailableError(runner.mode, `the probe kernel gave ${y[i]} for relu(${x[i]}) (expected ${Math.max(0, x[i]!)})`);
		}
	}
	return runner.lastRunPath;
}

function describe(mode: GpujsMode, found: string, runPath: string | null, threads: number): string {
	switch (mode) {
		case 'webasm': {
			const simd = runPath !== null && runPath !== 'scalar' ? 'SIMD' : 'scalar';
			return `WebAssembly ${simd}, ${threads} thread${threads === 1 ? '' : 's'}`;
		}
		case 'headlessgl':
			return glRenderer();
		case 'webgpu':
			return found;
		case 'cpu':
			return 'JavaScript (gpu.js cpu kernels), 1 thread';
	}
}

/**
 * Creates the gpu.js backend for one mode and proves it runs: throws BackendUnavailableError with the
 * reason when the mode cannot run here or when gpu.js would silently run it as another mode.
 */
export async function createGpujsBackend(mode: GpujsMode, options: GpujsOptions = {}): Promise<GpujsBackend> {
	let gpujs: GpujsModule;
	try {
		gpujs = await loadGpujs();
	} catch (e) {
		throw new BackendUnavailableError(mode, `gpu.js failed to load: ${(e as Error).message.split('\n')[0]}`);
	}
	const {problem, device: found} = await availability(mode, gpujs);
	if (problem) throw new BackendUnavailableError(mode, problem);
	const gpu = new gpujs.GPU({mode});
	const runner = new KernelRunner(gpujs, gpu, mode, mode === 'webasm' && options.threads !== false);
	let runPath: string | null;
	try {
		runPath = await probe(runner);
	} catch (e) {
		runner.dispose();
		void gpu.destroy();
		if (mode === 'webgpu') uninstallWebgpu();
		if (e instanceof BackendUnavailableError) throw e;
		throw new BackendUnavailableError(mode, `the probe kernel failed: ${(e as Error).message.split('\n')[0]}`);
	}
	const threads = runPath === 'threaded' ? runner.threads : 1;
	return {
		name: mode,
		device: describe(mode, found, runPath, threads),
		threads,
		conv: (x, w, b, a) => gpujsConv(runner, x, w, b, a),
		relu: (x) => ops.gpujsRelu(runner, x),
		lrn: (x, a) => ops.gpujsLrn(runner, x, a),
		maxpool: (x, a) => ops.gpujsPool(runner, 'maxpool', x, a),
		avgpool: (x, a) => ops.gpujsPool(runner, 'avgpool', x, a),
		adaptiveAvgpool: (x, size) => ops.gpujsAdaptiveAvgpool(runner, x, size),
		fc: (x, w, b) => ops.gpujsFc(runner, x, w, b),
		dropout: (x, mask, ratio) => ops.gpujsDropout(runner, x, mask, ratio),
		softmax: (x) => ops.gpujsSoftmax(runner, x),
		convBackward: (x, w, dy, a) => back.gpujsConvBackward(runner, x, w, dy, a),
		reluBackward: (x, dy) => back.gpujsReluBackward(runner, x, dy),
		lrnBackward: (x, y, dy, a) => back.gpujsLrnBackward(runner, x, y, dy, a),
		maxpoolBackward: (x, dy, a) => back.gpujsMaxpoolBackward(runner, x, dy, a),
		fcBackward: (x, w, dy) => back.gpujsFcBackward(runner, x, w, dy),
		dropoutBackward: (dy, mask, ratio) => ops.gpujsDropout(runner, dy, mask, ratio),
		softmaxCrossEntropy: (logits, labels) => back.gpujsSoftmaxCrossEntropy(runner, logits, labels),
		dispose() {
			runner.dispose();
			void gpu.destroy();
			if (mode === 'webgpu') uninstallWebgpu();
		},
	};
}
