import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {conv} from '../../src/backends/reference/conv.js';
import {convAttrs, normalizeLayer, type FullConv} from '../../src/model/normalize.js';
import {oneConvOutput} from '../../src/runner/one-output.js';
import {createRandom} from '../../src/tensor/random.js';
import {tensor} from '../../src/tensor/tensor.js';
import {oneOutputLines} from '../../src/ui/panels/one-output-lines.js';

const random = createRandom(9);
const filled = (shape: number[]) =>
	tensor(
		shape,
		new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => random.next() * 2 - 1),
	);

// Shapes with stride, padding, dilation and groups, so the window arithmetic is tested where it can go wrong.
const cases = [
	{x: [1, 3, 23, 23], spec: {name: 'c', op: 'conv', filters: 4, kernel: 11, stride: 4} as const},
	{x: [1, 4, 9, 9], spec: {name: 'c', op: 'conv', filters: 6, kernel: 3, stride: 2, pad: 1, groups: 2} as const},
	{x: [1, 2, 11, 9], spec: {name: 'c', op: 'conv', filters: 3, kernel: 3, pad: 2, dilation: 2} as const},
];

test('one output by hand equals the reference convolution at every place checked', () => {
	for (const {x: xs, spec} of cases) {
		const layer = normalizeLayer(spec) as FullConv;
		const x = filled(xs);
		const w = filled([layer.filters, xs[1]! / layer.groups, layer.kernel[0], layer.kernel[1]]);
		const b = filled([layer.filters]);
		const y = conv(x, w, b, convAttrs(layer));
		const [, cout = 1, ho = 1, wo = 1] = y.shape;
		for (const [c, r, q] of [
			[0, 0, 0],
			[cout - 1, ho - 1, wo - 1],
			[Math.floor(cout / 2), Math.floor(ho / 2), 0],
		] as const) {
			const o = oneConvOutput(x, w, b, layer, c, r, q);
			const live = y.data[(c * ho + r) * wo + q]!;
			assert.ok(Math.abs(o.value - live) < 1e-5, `${JSON.stringify(spec)} at ${c},${r},${q}: ${o.value} vs ${live}`);
			assert.is(o.count, (xs[1]! / layer.groups) * layer.kernel[0] * layer.kernel[1]);
			assert.match(oneOutputLines(o, live).join('\n'), '✓');
			assert.match(oneOutputLines(o, live + 1).join('\n'), '✗');
		}
	}
});

test('the window it names: conv1-like stride 4 at row 2 reads rows 8–18 of all three channels', () => {
	const layer = normalizeLayer(cases[0]!.spec) as FullConv;
	const x = filled([1, 3, 23, 23]);
	const o = oneConvOutput(x, filled([4, 3, 11, 11]), filled([4]), layer, 1, 2, 1);
	assert.equal(
		[o.rows, o.cols, o.channels],
		[
			[8, 18],
			[4, 14],
			[0, 2],
		],
	);
	assert.match(oneOutputLines(o, o.value)[1]!, 'channel 1, row 2, column 1 reads input rows 8–18, columns 4–14, channels 0–2:');
});

test.run();
