import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {cropRows, placeWeights, roundUp4} from '../../../src/backends/gpujs/host-prep.js';
import {arrayId, padPlanes} from '../../../src/backends/planes.js';

test('padPlanes shifts each plane by the pad, fills the rest, and leaves out what the kernel never reads', () => {
	// two 2×2 planes into 3×4 planes with pad 1: the third row of the padded 4×4 is as far as a kernel reads
	const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
	const out = padPlanes(src, 2, 2, 2, 3, 4, 1, -9);
	assert.equal(Array.from(out), [
		-9, -9, -9, -9,
		-9, 1, 2, -9,
		-9, 3, 4, -9,
		-9, -9, -9, -9,
		-9, 5, 6, -9,
		-9, 7, 8, -9,
	]);
});

test('padPlanes drops input columns and rows past the padded size', () => {
	const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
	assert.equal(Array.from(padPlanes(src, 1, 3, 3, 2, 2, 0, 0)), [1, 2, 4, 5]);
});

test('cropRows keeps the first w of every wide row', () => {
	assert.equal(Array.from(cropRows(Float32Array.from([1, 2, 3, 0, 4, 5, 6, 0]), 2, 4, 3)), [1, 2, 3, 4, 5, 6]);
});

test('roundUp4 rounds a row width up to a multiple of 4', () => {
	assert.equal([1, 4, 27, 55, 56].map(roundUp4), [4, 4, 28, 56, 56]);
});

test('fixed weights are constants keyed by the arrays, changing ones arguments: as the runner says, nothing guessed', () => {
	const w = new Float32Array(10);
	const b = new Float32Array(2);
	assert.is(arrayId(w), arrayId(w));
	assert.is.not(arrayId(w.slice()), arrayId(w));
	assert.equal(placeWeights('fixed', w, b), {at: 'constants', key: `${arrayId(w)}|${arrayId(b)}`});
	assert.equal(placeWeights('changing', w, b), {at: 'arguments', key: 'arguments'});
});

test.run();
