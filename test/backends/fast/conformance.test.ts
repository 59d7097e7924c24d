import {test} from 'uvu';
import {createFastBackend} from '../../../src/backends/fast/fast-backend.js';
import {gemm, gemmNT} from '../../../src/backends/fast/gemm.js';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {assertClose} from '../../helpers/assert-close.js';
import {caseData} from '../case-data.js';
import {backwardCases, opCases} from '../op-cases.js';

const reference = createReferenceBackend();
// Two threads, so every case with a batch of two or more also runs split across a worker and joined.
const fast = createFastBackend({threads: 2});

// Float32 products summed in another order than the reference's float64 sums: a few ulps per term.
const tol = {abs: 2e-5, rel: 2e-5};

for (const c of opCases) {
	test(`fast ${c.name} matches the reference`, async () => {
		const expected = await c.run(reference);
		const actual = await c.run(fast);
		assertClose(actual.shape, expected.shape, {abs: 0}, `${c.name} shape`);
		assertClose(actual.data, expected.data, c.real ? {abs: 2e-4, rel: 1e-4} : tol, c.name);
	});
}

for (const c of backwardCases) {
	test(`fast ${c.name} matches the reference`, async () => {
		const expected = await c.run(reference);
		const actual = await c.run(fast);
		for (const [key, value] of Object.entries(expected)) {
			assertClose(actual[key]!.data, value.data, c.real ? {abs: 2e-3, rel: 1e-4} : tol, `${c.name} ${key}`);
		}
	});
}

// The blocked products against the textbook triple loop, on sizes that leave ragged 4×4 blocks at both edges.
// Both paths of gemm: fewer than 32 rows of A (B read in place) and more (B packed).
for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [4, 4, 4], [9, 13, 6], [17, 2, 33], [33, 7, 10], [45, 3, 9]] as const) {
	test(`gemm and gemmNT ${m}×${k}·${k}×${n} equal the triple loop, and accumulate adds`, () => {
		const d = caseData(`gemm ${m} ${k} ${n}`);
		const a = d.uniform([m, k]).data;
		const b = d.uniform([k, n]).data;
		const bt = new Float32Array(n * k);
		for (let q = 0; q < k; q++) for (let j = 0; j < n; j++) bt[j * k + q] = b[q * n + j]!;
		const expected = new Float64Array(m * n);
		for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let q = 0; q < k; q++) expected[i * n + j]! += a[i * k + q]! * b[q * n + j]!;
		const c = new Float32Array(m * n);
		gemm(a, b, c, m, k, n);
		assertClose(c, expected, {abs: 1e-5}, 'gemm');
		const ct = new Float32Array(m * n).fill(1);
		gemmNT(a, bt, ct, m, k, n, true);
		assertClose(ct, expected.map((v) => v + 1), {abs: 1e-5}, 'gemmNT accumulate');
	});
}

test.after(() => fast.dispose());

test.run();
