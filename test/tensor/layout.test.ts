import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {batchShape, hwcToNchw, nchwToHwc, screenShape} from '../../src/tensor/layout.js';
import {tensor} from '../../src/tensor/tensor.js';

test('hwcToNchw puts each channel in its own plane', () => {
	// A 2×3 image with 2 channels, interleaved: pixel (y, x) = [10y + x, 100 + 10y + x].
	const hwc = [0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112];
	const t = hwcToNchw(2, 3, 2, hwc);
	assert.equal(t.shape, [1, 2, 2, 3]);
	assert.equal(Array.from(t.data), [0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
	assert.equal(Array.from(nchwToHwc(t)), hwc);
});

test('screen shapes: [1, C, H, W] → [H, W, C], [1, N] → [N], and back', () => {
	assert.equal(screenShape(tensor([1, 96, 55, 55])), [55, 55, 96]);
	assert.equal(screenShape(tensor([1, 4096])), [4096]);
	assert.equal(batchShape([55, 55, 96]), [1, 96, 55, 55]);
	assert.equal(batchShape([1000]), [1, 1000]);
	assert.throws(() => screenShape(tensor([2, 3, 4])), /expected an NCHW/);
});

test.run();
