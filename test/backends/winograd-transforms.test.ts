import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {compileTransform, winograd} from '../../src/backends/winograd-transforms.js';
import {createRandom} from '../../src/tensor/random.js';
import {assertClose} from '../helpers/assert-close.js';

for (const [m, r] of [
	[2, 3],
	[2, 5],
	[4, 3],
	[3, 2],
] as const) {
	test(`F(${m}×${m}, ${r}×${r}): Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A equals the direct ${r}×${r} correlation`, () => {
		const w = winograd(m, r);
		const a = w.alpha;
		assert.is(a, m + r - 1);
		const random = createRandom(m * 10 + r);
		const d = Float64Array.from({length: a * a}, () => random.next() * 2 - 1);
		const g = Float64Array.from({length: r * r}, () => random.next() * 2 - 1);
		const v = new Float64Array(a * a);
		const u = new Float64Array(a * a);
		const y = new Float64Array(m * m);
		compileTransform(w.bt)(d, 0, a, 1, v, 0, a, 1);
		compileTransform(w.g)(g, 0, r, 1, u, 0, a, 1);
		compileTransform(w.at)(
			v.map((vi, i) => vi * u[i]!),
			0,
			a,
			1,
			y,
			0,
			m,
			1,
		);
		const direct = new Float64Array(m * m);
		for (let oy = 0; oy < m; oy++) {
			for (let ox = 0; ox < m; ox++) {
				for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) direct[oy * m + ox]! += d[(oy + i) * a + ox + j]! * g[i * r + j]!;
			}
		}
		assertClose(y, direct, {abs: 1e-12}, `F(${m}, ${r})`);
	});
}

test("F(2, 3) is Lavin & Gray's, up to the sign of rows that cancel", () => {
	const w = winograd(2, 3);
	const abs = (rows: number[][]) => rows.map((row) => row.map(Math.abs));
	assert.equal(abs(w.bt), [
		[1, 0, 1, 0],
		[0, 1, 1, 0],
		[0, 1, 1, 0],
		[0, 1, 0, 1],
	]);
	assert.equal(abs(w.g), [
		[1, 0, 0],
		[0.5, 0.5, 0.5],
		[0.5, 0.5, 0.5],
		[0, 0, 1],
	]);
	assert.equal(abs(w.at), [
		[1, 1, 1, 0],
		[0, 1, 1, 1],
	]);
});

test('strided reads and writes: the transform reads src[off + i·rs + j·cs] and writes dst[doff + a·drs + b·dcs]', () => {
	// L = [[1, 1]] sums a 2×2 block: read from a 3-wide array at offset 1, written at offset 2
	const sum = compileTransform([[1, 1]]);
	const dst = new Float32Array(4);
	sum([0, 1, 2, 0, 3, 4], 1, 3, 1, dst, 2, 1, 1);
	assert.equal(Array.from(dst), [0, 0, 10, 0]);
});

test.run();
