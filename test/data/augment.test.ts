import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {cropAt, flipHorizontal, pcaColorShift, randomCrop, rgbPrincipalComponents} from '../../src/data/augment.js';
import type {RgbImage} from '../../src/data/image.js';
import {createRandom} from '../../src/tensor/random.js';

// A 4×2 image whose pixel at (x, y) is (10x, 20y, 30): red varies with x, green with y.
const image: RgbImage = {width: 4, height: 2, data: Uint8Array.from({length: 24}, (_, i) => [10 * (((i / 3) | 0) % 4), 20 * ((i / 12) | 0), 30][i % 3]!)};

test('cropAt takes the window at (left, top)', () => {
	assert.equal([...cropAt(image, 1, 0, 2).data], [10, 0, 30, 20, 0, 30, 10, 20, 30, 20, 20, 30]);
});

test('flipping twice gives the image back, once mirrors a row', () => {
	assert.equal(flipHorizontal(flipHorizontal(image)), image);
	assert.equal([...flipHorizontal(image).data.subarray(0, 6)], [30, 0, 30, 20, 0, 30]);
});

test('random crops stay inside the image and follow the seed', () => {
	const a = randomCrop(image, 2, createRandom(7));
	const b = randomCrop(image, 2, createRandom(7));
	assert.equal([a.left, a.top], [b.left, b.top]);
	assert.ok(a.left >= 0 && a.left <= 2 && a.top === 0);
});

test('principal components: the variances of independent red and green, largest first, with unit vectors', () => {
	const {values, vectors} = rgbPrincipalComponents(image);
	// red takes 0, 10, 20, 30 (/255): variance 125/255²; green 0 or 20: variance 100/255²; blue is constant.
	const expected = [125 / 255 ** 2, 100 / 255 ** 2, 0];
	for (const [i, v] of values.entries()) assert.ok(Math.abs(v - expected[i]!) < 1e-9, `λ${i} = ${v}, expected ${expected[i]}`);
	assert.ok(Math.abs(Math.abs(vectors[0]![0]!) - 1) < 1e-9, 'the first component is red');
	assert.ok(Math.abs(Math.abs(vectors[1]![1]!) - 1) < 1e-9, 'the second is green');
});

test('the colour shift adds one RGB offset to every pixel, and σ 0 adds nothing', () => {
	const {image: shifted, shift} = pcaColorShift(image, createRandom(3), 1);
	for (let i = 0; i < image.data.length; i++) {
		const want = Math.max(0, Math.min(255, Math.round(image.data[i]! + shift[i % 3]! * 255)));
		assert.is(shifted.data[i], want);
	}
	// Blue never varies here, so no component moves it.
	assert.ok(Math.abs(shift[2]!) < 1e-12, `blue shift ${shift[2]}`);
	assert.equal(pcaColorShift(image, createRandom(3), 0).image.data, image.data);
});

test.run();
