import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {spaceToDepth} from '../../src/backends/space-to-depth.js';
import {createReferenceBackend} from '../../src/backends/reference/reference-backend.js';
import {createRandom} from '../../src/tensor/random.js';
import {tensor, type Tensor} from '../../src/tensor/tensor.js';
import {assertClose} from '../helpers/assert-close.js';

const reference = createReferenceBackend();

function uniform(shape: number[], seed: number): Tensor {
	const random = createRandom(seed);
	return tensor(
		shape,
		Float32Array.from({length: shape.reduce((a, b) => a * b, 1)}, () => random.next() * 2 - 1),
	);
}

/** The first ho×wo of each plane of y. */
function crop(y: Tensor, ho: number, wo: number): Float32Array {
	const [n, c, h, w] = y.shape as [number, number, number, number];
	const out = new Float32Array(n * c * ho * wo);
	for (let p = 0; p < n * c; p++) for (let i = 0; i < ho; i++) out.set(y.data.subarray((p * h + i) * w, (p * h + i) * w + wo), (p * ho + i) * wo);
	return out;
}

const cases = [
	{x: [1, 3, 31, 29], w: [8, 3, 11, 11], stride: 4, pad: 0, groups: 1},
	{x: [2, 4, 13, 11], w: [6, 2, 5, 5], stride: 2, pad: 2, groups: 2},
	{x: [1, 2, 9, 10], w: [3, 2, 3, 3], stride: 3, pad: 1, groups: 1},
];

for (const c of cases) {
	test(`space-to-depth: stride-${c.stride} conv of x=[${c.x}] w=[${c.w}] pad ${c.pad} groups ${c.groups} equals the stride-1 conv it becomes`, async () => {
		const x = uniform(c.x, 1);
		const w = uniform(c.w, 2);
		const b = uniform([c.w[0]!], 3);
		const want = await reference.conv(x, w, b, {stride: c.stride, pad: c.pad, dilation: 1, groups: c.groups});
		const z = spaceToDepth(x, w, c.stride, c.pad, 'changing');
		const k = Math.ceil(c.w[2]! / c.stride);
		assert.equal(z.w.shape, [c.w[0], c.w[1]! * c.stride ** 2, k, k]);
		const got = await reference.conv(z.x, z.w, b, {stride: 1, pad: 0, dilation: 1, groups: c.groups});
		const [, , ho, wo] = want.shape as [number, number, number, number];
		assert.ok(got.shape[2]! >= ho && got.shape[3]! >= wo, `stride-1 output ${got.shape} covers ${ho}×${wo}`);
		assertClose(crop(got, ho, wo), want.data, {abs: 1e-5}, 'space-to-depth');
	});
}

test.run();
