/**
 * gpu.js kernels hold fixed weights as constants; weights the runner says are changing (training) go in as
 * arguments. These tests change weights in place between calls, as a training step does, and check that every
 * call still computes with the weights it was given.
 */
import {test} from 'uvu';
import type {Backend} from '../../../src/backends/backend.js';
import {createGpujsBackend} from '../../../src/backends/gpujs/gpujs-backend.js';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {BackendUnavailableError} from '../../../src/errors.js';
import {assertClose} from '../../helpers/assert-close.js';
import {caseData} from '../case-data.js';

const reference = createReferenceBackend();
const backends: Backend[] = [];
for (const mode of ['headlessgl', 'webasm', 'cpu'] as const) {
	try {
		backends.push(await createGpujsBackend(mode));
	} catch (e) {
		if (!(e instanceof BackendUnavailableError)) throw e;
		console.log(`changing weights: skipped ${mode}: ${e.reason}`);
	}
}

/** An SGD-like step in place: every weight moves. */
function step(a: Float32Array, k: number): void {
	for (let i = 0; i < a.length; i++) a[i] = a[i]! * 0.9 + 0.01 * k;
}

for (const b of backends) {
	test(`${b.name}: conv follows weights changed in place over six steps`, async () => {
		const d = caseData(`changing conv ${b.name}`);
		const x = d.uniform([2, 4, 9, 7]);
		const w = d.uniform([8, 2, 3, 3]);
		const bias = d.uniform([8]);
		const attrs = {stride: 1, pad: 1, dilation: 1, groups: 2};
		for (let k = 0; k < 6; k++) {
			assertClose((await b.conv(x, w, bias, attrs, 'changing')).data, (await reference.conv(x, w, bias, attrs)).data, {abs: 2e-5, rel: 2e-5}, `step ${k}`);
			step(w.data, k);
			step(bias.data, k);
		}
	});

	test(`${b.name}: fc follows new fixed weight arrays, and changing weights changed in place`, async () => {
		const d = caseData(`changing fc ${b.name}`);
		const x = d.uniform([3, 16]);
		for (let k = 0; k < 7; k++) {
			// a fresh model each time: new arrays, each fixed, each its own constants
			const w = d.uniform([5, 16]);
			const bias = d.uniform([5]);
			assertClose((await b.fc(x, w, bias, 'fixed')).data, (await reference.fc(x, w, bias)).data, {abs: 2e-5, rel: 2e-5}, `set ${k}`);
			for (let j = 0; j < 2; j++) {
				assertClose((await b.fc(x, w, bias, 'changing')).data, (await reference.fc(x, w, bias)).data, {abs: 2e-5, rel: 2e-5}, `set ${k} step ${j}`);
				step(w.data, j);
			}
		}
	});
}

test.after(() => {
	for (const b of backends) b.dispose();
});

test.run();
