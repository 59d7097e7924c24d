import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {fillNormal} from '../../src/tensor/fill-normal.js';

test('fillNormal is deterministic per seed and differs between seeds', () => {
	const a = new Float32Array(1000);
	const b = new Float32Array(1000);
	const c = new Float32Array(1000);
	fillNormal(a, 1, 42);
	fillNormal(b, 1, 42);
	fillNormal(c, 1, 43);
	assert.equal(Array.from(a), Array.from(b));
	assert.ok(a.some((v, i) => v !== c[i]));
});

test('fillNormal draws N(0, std²): moments and tail fractions of 200,000 values', () => {
	const n = 200_000;
	const x = new Float32Array(n);
	fillNormal(x, 0.5, 7);
	let sum = 0;
	let squares = 0;
	let beyond1 = 0;
	let beyond3 = 0;
	for (const v of x) {
		sum += v;
		squares += v * v;
		if (Math.abs(v) > 0.5) beyond1++;
		if (Math.abs(v) > 1.5) beyond3++;
	}
	const mean = sum / n;
	const std = Math.sqrt(squares / n - mean * mean);
	// Standard errors at n = 200,000: mean 0.0011, std 0.0008, P(|z| > 1) 0.001, P(|z| > 3) 0.00012; bounds are ~5 of them.
	assert.ok(Math.abs(mean) < 0.006, `mean ${mean}`);
	assert.ok(Math.abs(std - 0.5) < 0.004, `std ${std}`);
	assert.ok(Math.abs(beyond1 / n - 0.3173) < 0.005, `P(|z| > 1) = ${beyond1 / n}`);
	assert.ok(Math.abs(beyond3 / n - 0.0027) < 0.0006, `P(|z| > 3) = ${beyond3 / n}`);
});

test.run();
