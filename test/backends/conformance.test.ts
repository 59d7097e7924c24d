/**
 * The conformance table: every forward and backward case of op-cases.ts on every backend that loads here (fast and
 * each gpu.js mode), against the reference, with one tolerance rule. Backends that cannot load are named with the
 * reason; with CI set, headlessgl and webasm must load (CI installs the X11/GL headers, Xvfb and Mesa and runs under
 * xvfb-run). Ops a backend takes from the reference unchanged are not compared with themselves, and are named.
 */
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {BackendName, Backend} from '../../src/backends/backend.js';
import {createReferenceBackend} from '../../src/backends/reference/reference-backend.js';
import {createFastBackend} from '../../src/backends/fast/fast-backend.js';
import {borrowedOps} from '../../src/backends/fast/ops.js';
import {createGpujsBackend} from '../../src/backends/gpujs/gpujs-backend.js';
import {BackendUnavailableError} from '../../src/errors.js';
import type {Tensor} from '../../src/tensor/tensor.js';
import {assertClose} from '../helpers/assert-close.js';
import {backwardCases, opCases, tolerance, type BackwardCase, type OpCase} from './op-cases.js';

const gpujsModes: readonly BackendName[] = ['webgpu', 'headlessgl', 'webasm', 'cpu'];

// Two threads, so every case with a batch of two or more also runs split across a worker and joined.
const loaded: Backend[] = [createFastBackend({threads: 2})];
const skipped: string[] = [];
/** Ops each backend takes unchanged from the reference (comparing them would compare the reference with itself). */
const borrowed = new Map<string, readonly string[]>([['fast', borrowedOps]]);
const compared = (backend: Backend, c: OpCase | BackwardCase) => !borrowed.get(backend.name)?.includes(c.op);
for (const [name, ops] of borrowed) console.log(`conformance: ${name} takes ${ops.join(', ')} from the reference unchanged: not compared`);
for (const name of gpujsModes) {
	try {
		loaded.push(await createGpujsBackend(name as 'webgpu' | 'headlessgl' | 'webasm' | 'cpu'));
	} catch (e) {
		if (!(e instanceof BackendUnavailableError)) throw e;
		skipped.push(`${name}: ${e.reason}`);
	}
}
// WebAssembly also on the calling thread alone (gpu.js's synchronous SIMD path), which forward passes may use.
if (loaded.some((b) => b.name === 'webasm')) loaded.push({...(await createGpujsBackend('webasm', {threads: false})), name: 'webasm' as const});
console.log(`conformance: running ${loaded.map((b) => `${b.name} (${b.device})`).join(', ') || 'no gpu.js backend'}`);
for (const s of skipped) console.log(`conformance: skipped ${s}`);

if (process.env.CI) {
	test('CI: the headlessgl and webasm backends both load', () => {
		const names = loaded.map((b) => b.name);
		for (const required of ['headlessgl', 'webasm'] as const) {
			assert.ok(names.includes(required), `${required} did not load: ${skipped.find((s) => s.startsWith(required)) ?? 'unknown reason'}`);
		}
	});
}

const reference = createReferenceBackend();
const expected = new Map<string, Promise<Tensor>>();
function referenceResult(c: OpCase): Promise<Tensor> {
	let result = expected.get(c.name);
	if (!result) expected.set(c.name, (result = c.run(reference)));
	return result;
}

for (const backend of loaded) {
	for (const c of opCases.filter((c) => compared(backend, c))) {
		test(`${backend.name} (${backend.device}) ${c.name} matches the reference`, async () => {
			const want = await referenceResult(c);
			const got = await c.run(backend);
			assert.equal(got.shape, want.shape, `${c.name}: shape`);
			assertClose(got.data, want.data, tolerance(c), `${backend.name} ${c.name}`);
		});
	}
}

const referenceGrads = new Map<string, Promise<Readonly<Record<string, Tensor>>>>();
function referenceGradients(c: BackwardCase): Promise<Readonly<Record<string, Tensor>>> {
	let result = referenceGrads.get(c.name);
	if (!result) referenceGrads.set(c.name, (result = c.run(reference)));
	return result;
}

for (const backend of loaded) {
	for (const c of backwardCases.filter((c) => compared(backend, c))) {
		test(`${backend.name} (${backend.device}) ${c.name} matches the reference`, async () => {
			const want = await referenceGradients(c);
			const got = await c.run(backend);
			for (const [key, value] of Object.entries(want)) {
				assert.equal(got[key]?.shape, value.shape, `${c.name} ${key}: shape`);
				assertClose(got[key]!.data, value.data, tolerance(c), `${backend.name} ${c.name} ${key}`);
			}
		});
	}
}

test.after(() => {
	for (const b of loaded) b.dispose();
});

test.run();
