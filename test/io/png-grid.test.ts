import {PNG} from 'pngjs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {diverging} from '../../src/format/colormap.js';
import {featureMapsPng, filtersPng} from '../../src/io/png-grid.js';
import {tensor} from '../../src/tensor/tensor.js';

const pixel = (png: PNG, x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];

test('feature maps: one tile per channel in a near-square grid, blocks scaled up, in the diverging palette', () => {
	// Two 2×2 channels: the first all +1, the second all −1; the 99th percentile of |v| is 1.
	const t = tensor([1, 2, 2, 2], new Float32Array([1, 1, 1, 1, -1, -1, -1, -1]));
	const png = PNG.sync.read(featureMapsPng(t));
	// 2 channels → 2 columns, 1 row; maps of 2 → blocks of min(8, ⌊48 / 2⌋) = 8 pixels, 1 block between tiles.
	assert.is(png.width, (2 * (2 + 1) + 1) * 8);
	assert.is(png.height, (1 * (2 + 1) + 1) * 8);
	assert.equal(pixel(png, 8, 8), [...diverging(1)], 'first tile: +1 is full orange');
	assert.equal(pixel(png, 8 + 3 * 8, 8), [...diverging(-1)], 'second tile: −1 is full blue');
	assert.equal(pixel(png, 0, 0), [12, 12, 16], 'the gap');
});

test('a vector [1, N] is one near-square map', () => {
	const png = PNG.sync.read(featureMapsPng(tensor([1, 12], new Float32Array(12).fill(0.5))));
	// 12 → 3×4, blocks of min(8, ⌊48 / 4⌋) = 8 pixels
	assert.is(png.width, (4 + 2) * 8);
	assert.is(png.height, (3 + 2) * 8);
});

test('filters with three input channels are RGB tiles, grey at zero, each scaled by its own largest weight', () => {
	// One 1×1 filter: red +2, green 0, blue −2 → (255, 128, 0) after scaling by 2.
	const png = PNG.sync.read(filtersPng(tensor([1, 3, 1, 1], new Float32Array([2, 0, -2]))));
	assert.equal(pixel(png, 8, 8), [255, 128, 0]);
	// Other input counts: the mean over the input channels in the diverging palette.
	const grey = PNG.sync.read(filtersPng(tensor([1, 2, 1, 1], new Float32Array([1, -0.5]))));
	assert.equal(pixel(grey, 8, 8), [...diverging(0.25)]);
});

test.run();
