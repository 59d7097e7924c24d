import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createFastBackend} from '../../../src/backends/fast/fast-backend.js';
import {convBackward} from '../../../src/backends/fast/conv.js';
import {gemm, gemmNT, plainOnly} from '../../../src/backends/fast/gemm.js';
import {simdKernel} from '../../../src/backends/fast/wasm/gemm-wasm.js';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {assertClose} from '../../helpers/assert-close.js';
import {caseData} from '../case-data.js';
import {backwardCases, opCases} from '../op-cases.js';

// fast against the reference on every case is in the one conformance table (test/backends/conformance.test.ts);
// here are its own inner parts: the plain-TypeScript fallback, the blocked products, and dx skipped for a first layer.

const reference = createReferenceBackend();
// Two threads, so every case with a batch of two or more also runs split across a worker and joined.
const fast = createFastBackend({threads: 2});

// Float32 products summed in another order than the reference's float64 sums: a few ulps per term.
const tol = {abs: 2e-5, rel: 2e-5};

// The plain-TypeScript path (used where WebAssembly SIMD is missing) on the conv, LRN and max-pooling cases too, on
// one thread: plainOnly is this thread's switch, and a worker would run its own SIMD paths.
const fastOneThread = createFastBackend({threads: 1});
for (const c of [...opCases, ...backwardCases].filter((c) => /^(conv|lrn|maxpool)/.test(c.op) && !c.real)) {
	test(`fast ${c.name} in plain TypeScript matches the reference`, async () => {
		const expected = await (c.run as (b: typeof reference) => Promise<unknown>)(reference);
		plainOnly.value = true;
		let actual: unknown;
		try {
			actual = await (c.run as (b: typeof fast) => Promise<unknown>)(fastOneThread);
		} finally {
			plainOnly.value = false;
		}
		const flat = (r: unknown) => ('data' in (r as object) ? {y: r} : r) as Record<string, {data: Float32Array}>;
		for (const [key, value] of Object.entries(flat(expected))) assertClose(flat(actual)[key]!.data, value.data, tol, `${c.name} ${key}`);
	});
}

// The blocked products against the textbook triple loop, on sizes that leave ragged blocks at every edge,
// both in WebAssembly SIMD (4×8 blocks) and in plain TypeScript (4×4; fewer than 32 rows read B in place).
for (const plain of [false, true]) {
	for (const [m, k, n] of [
		[1, 1, 1],
		[3, 5, 7],
		[4, 4, 4],
		[9, 13, 6],
		[17, 2, 33],
		[33, 7, 10],
		[45, 3, 9],
	] as const) {
		test(`gemm and gemmNT ${m}×${k}·${k}×${n} (${plain ? 'TypeScript' : 'SIMD'}) equal the triple loop, and accumulate adds`, () => {
			plainOnly.value = plain;
			try {
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
				assertClose(
					ct,
					expected.map((v) => v + 1),
					{abs: 1e-5},
					'gemmNT accumulate',
				);
			} finally {
				plainOnly.value = false;
			}
		});
	}
}

test('WebAssembly SIMD loads on this Node (the fast path the figures were measured with)', () => {
	assert.ok(simdKernel() !== null);
});

test('convBackward without dx gives the same weight and bias gradients and a zero dx', () => {
	const d = caseData('conv needDx');
	const x = d.uniform([2, 4, 9, 9]);
	const w = d.uniform([6, 2, 3, 3]);
	const dy = d.uniform([2, 6, 9, 9]);
	const attrs = {stride: 1, pad: 1, dilation: 1, groups: 2};
	const full = convBackward(x, w, dy, attrs);
	const lean = convBackward(x, w, dy, attrs, false);
	assert.equal([...lean.dw.data], [...full.dw.data]);
	assert.equal([...lean.db.data], [...full.db.data]);
	assert.ok(lean.dx.data.every((v) => v === 0));
});

test('a batch-1 fc with fixed weights, its rows split over two threads, stays right on later calls and other weights', async () => {
	// Sizes that split unevenly and pad: 1,021 rows, 1,030 inputs (not a multiple of 4), over a million weights.
	const d = caseData('fc rows split');
	const [a, b] = [d.uniform([1021, 1030]), d.uniform([1021, 1030])];
	const bias = d.uniform([1021]);
	for (const [w, round] of [
		[a, 'first'],
		[a, 'second (the worker knows its share by key)'],
		[b, 'other weights'],
		[a, 'the first again'],
	] as const) {
		const x = d.uniform([1, 1030]);
		const expected = await reference.fc(x, w, bias);
		assertClose((await fast.fc(x, w, bias, 'fixed')).data, expected.data, tol, `fc, ${round} call`);
	}
});

test.after(() => fast.dispose());

test.run();
