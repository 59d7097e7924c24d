import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {RgbImage} from '../../src/data/image.js';
import {cropForNetwork, imageToInput, imagenetMean, imagenetStd, resizeShorterSide, resizeTarget} from '../../src/data/preprocess.js';
import {sampleImage} from '../../src/data/sample-image.js';

/** A w×h image whose left half is one colour and right half another. */
function halves(w: number, h: number, left: number[], right: number[]): RgbImage {
	const data = new Uint8Array(w * h * 3);
	for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(x < w / 2 ? left : right, (y * w + x) * 3);
	return {width: w, height: h, data};
}

test('the shorter side goes to 256 for AlexNet inputs (paper §2), in the same ratio for small ones', () => {
	assert.equal([resizeTarget(227), resizeTarget(224), resizeTarget(28)], [256, 256, 32]);
	const r = resizeShorterSide(halves(300, 200, [0, 0, 0], [0, 0, 0]), 256);
	assert.equal([r.width, r.height], [384, 256]);
	const tall = resizeShorterSide(halves(100, 400, [0, 0, 0], [0, 0, 0]), 256);
	assert.equal([tall.width, tall.height], [256, 1024]);
});

test('a flat image becomes its colour minus the ImageNet mean over its std, channel planes R, G, B', () => {
	const t = imageToInput(halves(300, 260, [200, 100, 50], [200, 100, 50]), [227, 227, 3]);
	assert.equal(t.shape, [1, 3, 227, 227]);
	const plane = 227 * 227;
	const expected = [(200 - 123.68) / 58.395, (100 - 116.78) / 57.12, (50 - 103.94) / 57.375].map(Math.fround);
	for (let c = 0; c < 3; c++) {
		const values = new Set(t.data.subarray(c * plane, (c + 1) * plane));
		assert.equal([...values], [expected[c]], `channel ${c}`);
	}
	assert.equal(imagenetMean, [123.68, 116.78, 103.94]);
	assert.equal(imagenetStd, [58.395, 57.12, 57.375]);
});

test('the crop is centred: a wide image keeps its middle columns', () => {
	// 512×256: already short side 256, crop 227 from x = 142..368; left half (x < 256) black, right white.
	const crop = cropForNetwork(halves(512, 256, [0, 0, 0], [255, 255, 255]), [227, 227, 3]);
	assert.equal([crop.width, crop.height], [227, 227]);
	const row = Array.from({length: 227}, (_, x) => crop.data[x * 3]);
	assert.is(row.indexOf(255), 256 - 142);
	assert.is(row.lastIndexOf(0), 255 - 142);
});

test('a one-channel network gets luminance minus the mean luminance over the luminance of the stds', () => {
	const t = imageToInput(halves(64, 64, [100, 100, 100], [100, 100, 100]), [28, 28, 1]);
	assert.equal(t.shape, [1, 1, 28, 28]);
	const sy = 0.299 * 58.395 + 0.587 * 57.12 + 0.114 * 57.375;
	const expected = Math.fround((0.299 * (100 - 123.68) + 0.587 * (100 - 116.78) + 0.114 * (100 - 103.94)) / sy);
	assert.equal([...new Set(t.data)], [expected]);
});

test('the sample image is the same for the same seed, with a yellow sun and a red house where they were drawn', () => {
	const a = sampleImage(1);
	const b = sampleImage(1);
	assert.equal([a.width, a.height], [256, 256]);
	assert.equal(Array.from(a.data), Array.from(b.data));
	assert.ok(
		a.data.some((v, i) => v !== sampleImage(2).data[i]),
		'another seed, other noise',
	);
	const at = (x: number, y: number) => Array.from(a.data.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3));
	const near = (got: number[], want: number[], label: string) =>
		assert.ok(
			got.every((v, i) => Math.abs(v - want[i]!) <= 8),
			`${label}: ${got} vs ${want}`,
		);
	near(at(200, 50), [255, 214, 40], 'sun');
	near(at(70, 150), [190, 40, 30], 'house wall');
	near(at(90, 145), [60, 120, 220], 'window');
	near(at(175, 105), [20, 20, 20], 'flag, dark square');
	near(at(185, 105), [240, 240, 240], 'flag, light square');
});

test.run();
