import fc from 'fast-check';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {droppedByFloor, windowOut} from '../../src/model/shapes.js';
import {maxPictureCells, windowRow} from '../../src/model/window-row.js';

test('the picture of n=7, k=3, s=2: three windows two pixels apart, nothing dropped', () => {
	assert.equal(windowRow({n: 7, k: 3, s: 2, p1: 0, p2: 0, d: 1, ceil: false}), ['pixel      0 1 2 3 4 5 6', 'window 1   ■ ■ ■', 'window 2       ■ ■ ■', 'window 3           ■ ■ ■', '           ■ read']);
});

test('rounding up draws the last window hanging past the edge', () => {
	const rows = windowRow({n: 8, k: 3, s: 2, p1: 0, p2: 0, d: 1, ceil: true});
	assert.is(rows[0], 'pixel      0 1 2 3 4 5 6 7 ○');
	assert.is(rows.at(-2), 'window 4               ■ ■ ■');
	assert.match(rows.at(-1)!, 'past the edge');
});

// Any window the model allows: the picture has one line per window the formula counts, and marks as dropped exactly
// the pixels no window reads (without padding or dilation: the last (n − k) mod s, and the gaps when s > k).
test('the picture agrees with windowOut and droppedByFloor for any row it can draw', () => {
	fc.assert(
		fc.property(fc.integer({min: 1, max: 20}), fc.integer({min: 1, max: 6}), fc.integer({min: 1, max: 5}), fc.integer({min: 0, max: 3}), fc.integer({min: 1, max: 2}), fc.boolean(), (n, k, s, p, d, ceil) => {
			const a = {n, k, s, p1: p, p2: p, d, ceil};
			if (n + 2 * p < d * (k - 1) + 1) return; // no window fits: windowOut refuses it, as the calculator does
			const out = windowOut(a, 'row');
			let rows: string[];
			try {
				rows = windowRow(a);
			} catch (error) {
				assert.ok(error instanceof RangeError && n + 2 * p + s + k > maxPictureCells - 10, String(error));
				return;
			}
			assert.is(rows.filter((l) => l.startsWith('window ')).length, out);
			if (!ceil && p === 0 && d === 1) {
				const dropped = rows.find((l) => l.startsWith('dropped'));
				assert.is(dropped ? (dropped.match(/×/g) ?? []).length : 0, droppedByFloor(a) + (s > k ? (out - 1) * (s - k) : 0));
			}
		}),
		{numRuns: 300},
	);
});

test.run();
