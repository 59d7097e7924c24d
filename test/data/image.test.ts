import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import jpeg from 'jpeg-js';
import {PNG} from 'pngjs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {centerCrop, decodeImage, readImage, resizeBilinear, type RgbImage} from '../../src/data/image.js';
import {assertInputError} from '../helpers/assert-input-error.js';

/** A PNG of w×h whose pixel (x, y) is [x, y, 200] with alpha 128 (which decoding drops). */
function pngBytes(w: number, h: number): Buffer {
	const png = new PNG({width: w, height: h});
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) png.data.set([x, y, 200, 128], (y * w + x) * 4);
	}
	return PNG.sync.write(png);
}

/** A JPEG of one flat colour (quality 100, so decoding gives the colour back within a few levels). */
function jpegBytes(w: number, h: number, rgb: [number, number, number]): Buffer {
	const data = Buffer.alloc(w * h * 4);
	for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
	return jpeg.encode({width: w, height: h, data}, 100).data;
}

const dir = mkdtempSync(join(tmpdir(), 'alexnet-image-'));
const file = (name: string, bytes: Uint8Array | string) => {
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return path;
};

test('a PNG decodes to its RGB pixels, alpha dropped', () => {
	const img = readImage(file('a.png', pngBytes(3, 2)));
	assert.equal([img.width, img.height], [3, 2]);
	assert.equal(Array.from(img.data), [0, 0, 200, 1, 0, 200, 2, 0, 200, 0, 1, 200, 1, 1, 200, 2, 1, 200]);
});

test('a JPEG decodes to its size and colour', () => {
	const img = readImage(file('a.jpg', jpegBytes(17, 9, [200, 60, 30])));
	assert.equal([img.width, img.height, img.data.length], [17, 9, 17 * 9 * 3]);
	for (let i = 0; i < img.data.length; i += 3) {
		const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
		assert.ok(Math.abs(r - 200) <= 3 && Math.abs(g - 60) <= 3 && Math.abs(b - 30) <= 3, `pixel ${i / 3}: ${r}, ${g}, ${b}`);
	}
});

test('unreadable, truncated and non-image files are InputErrors naming the file', () => {
	assertInputError(() => readImage(join(dir, 'missing.png')), /cannot read image .*missing\.png: no such file/);
	const sub = join(dir, 'folder.png');
	mkdirSync(sub, {recursive: true});
	assertInputError(() => readImage(sub), /folder\.png is a folder, not a file \(give the image file itself\)/);
	assertInputError(() => readImage(file('notes.png', 'just some text, not pixels')), /notes\.png: not a PNG or JPEG image/);
	const png = pngBytes(20, 20);
	assertInputError(() => readImage(file('cut.png', png.subarray(0, png.length - 20))), /cut\.png: truncated or corrupt PNG/);
	const jpg = jpegBytes(20, 20, [1, 2, 3]);
	assertInputError(() => readImage(file('cut.jpg', jpg.subarray(0, Math.floor(jpg.length / 2)))), /cut\.jpg: truncated or corrupt JPEG/);
	assertInputError(() => decodeImage(new Uint8Array(0), 'empty'), /^empty: not a PNG or JPEG image$/);
});

/** A one-channel-looking RGB image from rows of grey values. */
const grey = (rows: number[][]): RgbImage => ({
	width: rows[0]!.length,
	height: rows.length,
	data: Uint8Array.from(rows.flat().flatMap((v) => [v, v, v])),
});
const redOf = (img: RgbImage) => Array.from(img.data.filter((_, i) => i % 3 === 0));

test('bilinear upsampling aligns pixel centres: [0, 100] → [0, 25, 75, 100]', () => {
	assert.equal(redOf(resizeBilinear(grey([[0, 100]]), 4, 1)), [0, 25, 75, 100]);
	// Rows as well: a 1×2 column to 1×4.
	assert.equal(redOf(resizeBilinear(grey([[0], [200]]), 1, 4)), [0, 50, 150, 200]);
});

test('bilinear downsampling by 2 averages pixel pairs', () => {
	assert.equal(redOf(resizeBilinear(grey([[0, 10, 20, 30, 40, 50]]), 3, 1)), [5, 25, 45]);
});

test('the same size is a copy', () => {
	const img = grey([
		[1, 2, 3],
		[4, 5, 6],
	]);
	assert.equal(redOf(resizeBilinear(img, 3, 2)), [1, 2, 3, 4, 5, 6]);
});

test('centerCrop takes the middle window (offsets rounded down)', () => {
	const img = grey([
		[0, 1, 2, 3, 4],
		[10, 11, 12, 13, 14],
		[20, 21, 22, 23, 24],
		[30, 31, 32, 33, 34],
	]);
	assert.equal(redOf(centerCrop(img, 3, 2)), [11, 12, 13, 21, 22, 23]);
	assertInputError(() => centerCrop(img, 6, 2), /cannot crop 6×2 from a 5×4 image/);
});

test.run();
