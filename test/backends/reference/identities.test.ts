/**
 * Identities that check the reference against itself by a second, independent route:
 * stride is subsampling, dilation is a kernel with holes, groups are separate convolutions side by side,
 * padding is an input with a border. Each compares two computations that share no special case.
 */
import {test} from 'uvu';
import type {ConvAttrs} from '../../../src/backends/backend.js';
import {createReferenceBackend} from '../../../src/backends/reference/reference-backend.js';
import {createRandom} from '../../../src/tensor/random.js';
import {sizeOf, tensor, type Tensor} from '../../../src/tensor/tensor.js';
import {assertClose} from '../../helpers/assert-close.js';

const b = createReferenceBackend();
const random = createRandom(227);
const plain: ConvAttrs = {stride: 1, pad: 0, dilation: 1, groups: 1};
const close = {abs: 1e-5, rel: 1e-5};

function uniform(shape: readonly number[]): Tensor {
	return tensor(
		shape,
		Array.from({length: sizeOf(shape)}, () => 2 * random.next() - 1),
	);
}

/** Entry [n, c, y, x] of an NCHW tensor. */
function at(t: Tensor, n: number, c: number, y: number, x: number): number {
	const [, cs, hs, ws] = t.shape as [number, number, number, number];
	return t.data[((n * cs + c) * hs + y) * ws + x]!;
}

/** Channels [from, to) of an NCHW tensor. */
function channels(t: Tensor, from: number, to: number): Tensor {
	const [n, c, h, w] = t.shape as [number, number, number, number];
	const out: number[] = [];
	for (let i = 0; i < n; i++) out.push(...t.data.subarray((i * c + from) * h * w, (i * c + to) * h * w));
	return tensor([n, to - from, h, w], out);
}

/** Filters [from, to) of conv weights [cout, cin/g, k, k]. */
function filters(w: Tensor, from: number, to: number): Tensor {
	const per = sizeOf(w.shape.slice(1));
	return tensor([to - from, ...w.shape.slice(1)], w.data.subarray(from * per, to * per));
}

/** x surrounded by a border of p cells holding `fill`. */
function padded(x: Tensor, p: number, fill: number): Tensor {
	const [n, c, h, w] = x.shape as [number, number, number, number];
	const out = tensor([n, c, h + 2 * p, w + 2 * p], new Float32Array(n * c * (h + 2 * p) * (w + 2 * p)).fill(fill));
	for (let i = 0; i < n; i++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) out.data[((i * c + ch) * (h + 2 * p) + y + p) * (w + 2 * p) + xx + p] = at(x, i, ch, y, xx);
	return out;
}

test('conv with stride 3 equals the stride-1 output sampled every 3rd row and column', async () => {
	const [x, w, bias] = [uniform([2, 3, 11, 10]), uniform([4, 3, 3, 3]), uniform([4])];
	const strided = await b.conv(x, w, bias, {...plain, stride: 3});
	const full = await b.conv(x, w, bias, plain);
	const [n, c, ho, wo] = strided.shape as [number, number, number, number];
	const sampled: number[] = [];
	for (let i = 0; i < n; i++) for (let ch = 0; ch < c; ch++) for (let y = 0; y < ho; y++) for (let xx = 0; xx < wo; xx++) sampled.push(at(full, i, ch, 3 * y, 3 * xx));
	assertClose(strided.data, sampled, close, 'strided');
});

test('conv with dilation 2 equals an undilated 5×5 kernel with zeros between the taps', async () => {
	const [x, w, bias] = [uniform([1, 2, 9, 8]), uniform([3, 2, 3, 3]), uniform([3])];
	const holes = tensor([3, 2, 5, 5]);
	for (let o = 0; o < 3; o++) for (let i = 0; i < 2; i++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) holes.data[((o * 2 + i) * 5 + 2 * ky) * 5 + 2 * kx] = at(w, o, i, ky, kx);
	assertClose((await b.conv(x, w, bias, {...plain, dilation: 2, pad: 1})).data, (await b.conv(x, holes, bias, {...plain, pad: 1})).data, close, 'dilated');
});

test('conv with 2 groups equals two convolutions on the channel halves, side by side', async () => {
	const [x, w, bias] = [uniform([2, 4, 6, 7]), uniform([6, 2, 3, 3]), uniform([6])];
	const grouped = await b.conv(x, w, bias, {...plain, groups: 2, pad: 1});
	const half = async (g: number) => b.conv(channels(x, 2 * g, 2 * g + 2), filters(w, 3 * g, 3 * g + 3), tensor([3], bias.data.subarray(3 * g, 3 * g + 3)), {...plain, pad: 1});
	const [y0, y1] = [await half(0), await half(1)];
	assertClose(channels(grouped, 0, 3).data, y0.data, close, 'group 0');
	assertClose(channels(grouped, 3, 6).data, y1.data, close, 'group 1');
});

test('conv with pad 2 equals conv without padding on an input bordered with zeros', async () => {
	const [x, w, bias] = [uniform([1, 3, 5, 6]), uniform([2, 3, 3, 3]), uniform([2])];
	assertClose((await b.conv(x, w, bias, {...plain, pad: 2})).data, (await b.conv(padded(x, 2, 0), w, bias, plain)).data, close, 'padded');
});

test('maxpool with pad 1 equals maxpool on an input bordered with −∞', async () => {
	const x = uniform([1, 2, 7, 7]);
	const attrs = {kernel: 3, stride: 2, pad: 1, ceil: false};
	assertClose((await b.maxpool(x, attrs)).data, (await b.maxpool(padded(x, 1, -Infinity), {...attrs, pad: 0})).data, close, 'maxpool');
});

test('avgpool with pad 1 (floor) equals avgpool on an input bordered with zeros: padding counts in the divisor', async () => {
	const x = uniform([1, 2, 7, 8]);
	const attrs = {kernel: 3, stride: 2, pad: 1, ceil: false};
	assertClose((await b.avgpool(x, attrs)).data, (await b.avgpool(padded(x, 1, 0), {...attrs, pad: 0})).data, close, 'avgpool');
});

test.run();
