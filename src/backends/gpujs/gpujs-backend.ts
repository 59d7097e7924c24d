import {BackendUnavailableError} from '../../errors.js';
import type {Backend} from '../backend.js';
import {gpujsAdaptiveAvgpool} from './adaptive-avgpool.js';
import {gpujsConv, gpujsConvBackward} from './conv.js';
import {glRenderer, headlessGlProblem, installWebgpu, uninstallWebgpu} from './device.js';
import {loadGpujs, type GpujsMode, type GpujsModule} from './gpujs-module.js';
import {KernelRunner} from './kernel-runner.js';
import {gpujsDropout} from './dropout.js';
import {gpujsFc, gpujsFcBackward} from './fc.js';
import {gpujsLrn, gpujsLrnBackward} from './lrn.js';
import {gpujsMaxpoolBackward, gpujsPool} from './pool.js';
import {gpujsRelu, gpujsReluBackward, reluSource} from './relu.js';
import {gpujsSoftmax, gpujsSoftmaxCrossEntropy} from './softmax.js';

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
		conv: (x, w, b, a, use) => gpujsConv(runner, x, w, b, a, use),
		relu: (x) => gpujsRelu(runner, x),
		lrn: (x, a) => gpujsLrn(runner, x, a),
		maxpool: (x, a) => gpujsPool(runner, 'maxpool', x, a),
		avgpool: (x, a) => gpujsPool(runner, 'avgpool', x, a),
		adaptiveAvgpool: (x, size) => gpujsAdaptiveAvgpool(runner, x, size),
		fc: (x, w, b, use) => gpujsFc(runner, x, w, b, use),
		dropout: (x, mask, ratio) => gpujsDropout(runner, x, mask, ratio),
		softmax: (x) => gpujsSoftmax(runner, x),
		convBackward: (x, w, dy, a) => gpujsConvBackward(runner, x, w, dy, a),
		reluBackward: (x, dy) => gpujsReluBackward(runner, x, dy),
		lrnBackward: (x, y, dy, a) => gpujsLrnBackward(runner, x, y, dy, a),
		maxpoolBackward: (x, dy, a) => gpujsMaxpoolBackward(runner, x, dy, a),
		fcBackward: (x, w, dy) => gpujsFcBackward(runner, x, w, dy),
		dropoutBackward: (dy, mask, ratio) => gpujsDropout(runner, dy, mask, ratio),
		softmaxCrossEntropy: (logits, labels) => gpujsSoftmaxCrossEntropy(runner, logits, labels),
		dispose() {
			runner.dispose();
			void gpu.destroy();
			if (mode === 'webgpu') uninstallWebgpu();
		},
	};
}
