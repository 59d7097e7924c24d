import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../src/backends/reference/reference-backend.js';
import type {Tensor} from '../../src/tensor/tensor.js';
import {backwardCases, opCases} from './op-cases.js';

// The table itself: every case must run on the reference, so a conformance failure always means the
// backend under test. The real-size cases (seconds each here) are left to the conformance test.
const b = createReferenceBackend();
const all = [...opCases, ...backwardCases];

test('every case has its own name', () => {
	const names = all.map((c) => c.name);
	assert.equal(
		names.filter((n, i) => names.indexOf(n) !== i),
		[],
	);
});

test('the table covers every op of the backend interface', () => {
	const ops = new Set(all.map((c) => c.op));
	for (const op of Object.keys(b)) {
		if (op === 'name' || op === 'device' || op === 'dispose') continue;
		assert.ok(ops.has(op as never), `no case for ${op}`);
	}
});

function results(r: Tensor | Readonly<Record<string, Tensor>>): Array<[string, Tensor]> {
	return 'data' in r && r.data instanceof Float32Array ? [['y', r as Tensor]] : Object.entries(r as Record<string, Tensor>);
}

for (const c of all.filter((c) => !c.real)) {
	test(`${c.name}: runs on the reference, finite and the same twice`, async () => {
		const run = c.run as (backend: typeof b) => Promise<Tensor | Readonly<Record<string, Tensor>>>;
		const [first, second] = [results(await run(b)), results(await run(b))];
		for (const [i, [key, t]] of first.entries()) {
			assert.ok(t.data.every(Number.isFinite), `${key} has a non-finite value`);
			assert.equal(t.data, second[i]![1].data, `${key} differs between two runs`);
		}
	});
}

test.run();
