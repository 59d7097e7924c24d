import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {InputError} from '../../src/errors.js';
import {decodeNpy, encodeNpy} from '../../src/tensor/npy.js';

// What numpy 2.4 writes for np.save(f, np.arange(6, dtype='<f4').reshape(2, 3) - 2.5), byte for byte (checked by hand).
const numpyHeader = `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }${' '.repeat(58)}\n`;
const numpyData = [0x00, 0x00, 0x20, 0xc0, 0x00, 0x00, 0xc0, 0xbf, 0x00, 0x00, 0x00, 0xbf, 0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x20, 0x40];
const numpyFile = Uint8Array.from([0x93, ...Buffer.from('NUMPY'), 0x01, 0x00, 0x76, 0x00, ...Buffer.from(numpyHeader, 'latin1'), ...numpyData]);

const throwsInput = (fn: () => unknown, pattern: RegExp) => {
	try {
		fn();
	} catch (error) {
		assert.instance(error, InputError);
		assert.match((error as Error).message, pattern);
		return;
	}
	assert.unreachable('expected an InputError');
};

test('encodeNpy writes exactly what numpy.save writes (v1.0 header padded to 64 bytes)', () => {
	const bytes = encodeNpy([2, 3], Float32Array.from([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]));
	assert.is(bytes.length, 128 + 24);
	assert.equal(Array.from(bytes), Array.from(numpyFile));
});

test("decodeNpy reads numpy's bytes", () => {
	const t = decodeNpy(numpyFile);
	assert.equal(t.shape, [2, 3]);
	assert.equal(Array.from(t.data), [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]);
});

for (const shape of [[], [5], [2, 3, 4], [1, 0, 3]]) {
	test(`round trip shape [${shape.join(', ')}]`, () => {
		const n = shape.reduce((a, b) => a * b, 1);
		const data = Float32Array.from({length: n}, (_, i) => (i % 7) * 0.25 - 1e-3 * i);
		const back = decodeNpy(encodeNpy(shape, data));
		assert.equal(back.shape, shape);
		assert.equal(Array.from(back.data), Array.from(data));
		// The data always starts on a 64-byte boundary.
		assert.is((encodeNpy(shape, data).length - n * 4) % 64, 0);
	});
}

test('special values survive the round trip', () => {
	const data = Float32Array.from([-0, Infinity, -Infinity, NaN, 3.4e38, 1e-45]);
	const back = decodeNpy(encodeNpy([6], data));
	assert.ok(Object.is(back.data[0], -0));
	assert.equal(Array.from(back.data.subarray(1, 3)), [Infinity, -Infinity]);
	assert.ok(Number.isNaN(back.data[3]));
	assert.equal(Array.from(back.data.subarray(4)), Array.from(data.subarray(4)));
});

test('a shape that does not match the data is a bug, not a user error', () => {
	assert.throws(
		() => encodeNpy([2, 2], new Float32Array(3)),
		(e: Error) => !(e instanceof InputError) && /needs 4 values/.test(e.message),
	);
});

test('bad files are InputErrors that say what is wrong', () => {
	throwsInput(() => decodeNpy(Buffer.from('hello world, not numpy'), 'x.npy'), /^x\.npy: not a NumPy \.npy file$/);
	throwsInput(() => decodeNpy(numpyFile.subarray(0, 100), 'x.npy'), /truncated header/);
	throwsInput(() => decodeNpy(numpyFile.subarray(0, 140), 'x.npy'), /truncated: shape \(2, 3\) needs 24 bytes of data, found 12/);
	const f8 = Buffer.from(numpyFile);
	f8.write("'<f8'", 10 + 10, 'latin1');
	throwsInput(() => decodeNpy(f8, 'x.npy'), /holds '<f8' values; only little-endian float32/);
	const fortran = Buffer.from(numpyHeader.replace('False', 'True ').replace(/ {58}/, ' '.repeat(58)), 'latin1');
	const fortranFile = Uint8Array.from([...numpyFile.subarray(0, 10), ...fortran, ...numpyData]);
	throwsInput(() => decodeNpy(fortranFile, 'x.npy'), /Fortran order/);
});

test.run();
