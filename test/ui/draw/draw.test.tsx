import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {brush, canvasSide, centerDigit, emptyCanvas} from '../../../src/data/digit-canvas.js';
import {canvasLines, DrawApp} from '../../../src/ui/draw/draw-app.js';
import {drawInput, drawReducer, initialDrawState} from '../../../src/ui/draw/draw-state.js';
import {settle} from '../fake-session.js';

const inkAt = (c: Float32Array) => [...c.keys()].filter((i) => c[i]! > 0.5);

test('centring moves the ink so its centre of mass is the middle and its larger side is 20 pixels, as MNIST did', () => {
	let c = emptyCanvas();
	for (let y = 1; y < 11; y++) c = brush(c, 2, y);
	const d = centerDigit(c);
	let [mass, mx, my, top, bottom] = [0, 0, 0, canvasSide, 0];
	for (let y = 0; y < canvasSide; y++) {
		for (let x = 0; x < canvasSide; x++) {
			const v = d[y * canvasSide + x]!;
			mass += v;
			mx += v * x;
			my += v * y;
			if (v > 0.05) [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
		}
	}
	assert.ok(Math.abs(mx / mass - 13.5) <= 1 && Math.abs(my / mass - 13.5) <= 1, `centre ${mx / mass}, ${my / mass}`);
	assert.is(bottom - top + 1, 20);
	assert.equal(
		[...centerDigit(emptyCanvas())].every((v) => v === 0),
		true,
	);
});

test('keys: the pen goes down with space and draws where the cursor moves; e erases; c clears', () => {
	let s = initialDrawState;
	for (const a of drawInput(' \u001b[C\u001b[C')) s = drawReducer(s, a);
	assert.equal(s.cursor, {x: 16, y: 14});
	assert.ok([14, 15, 16].every((x) => s.canvas[14 * canvasSide + x] === 1));
	for (const a of drawInput('e\u001b[D')) s = drawReducer(s, a);
	assert.is(s.pen, 'erase');
	assert.ok(s.canvas[14 * canvasSide + 15]! < 0.5);
	for (const a of drawInput('c')) s = drawReducer(s, a);
	assert.equal(inkAt(s.canvas), []);
	assert.equal(drawInput('qt'), [{type: 'quit'}, {type: 'sample'}]);
});

test('the mouse: a left press or drag inks both pixel rows of the cell, the right button erases, releases and the wheel do nothing', () => {
	// Column 3 + 2·10 = pixel 10; row 2 + 5 = pixel rows 10 and 11.
	const actions = drawInput('\u001b[<0;23;7M\u001b[<32;23;7M\u001b[<0;23;7m\u001b[<64;23;7M\u001b[<2;25;7M');
	assert.equal(actions, [
		{type: 'point', x: 10, y: 10, erase: false},
		{type: 'point', x: 10, y: 11, erase: false},
		{type: 'point', x: 10, y: 10, erase: false},
		{type: 'point', x: 10, y: 11, erase: false},
		{type: 'point', x: 11, y: 10, erase: true},
		{type: 'point', x: 11, y: 11, erase: true},
	]);
	assert.equal(drawInput('\u001b[<0;23;1M'), [], 'the title row is not the canvas');
});

test('in colour the canvas is 14 rows of 56 half blocks, each pixel two columns, the cursor yellow on its own pixel', () => {
	const lines = canvasLines(brush(emptyCanvas(), 5, 5), {x: 0, y: 1}, 3);
	assert.is(lines.length, 14);
	for (const l of lines) assert.is([...stripVTControlCharacters(l)].length, 56);
	// Row 0 of text holds pixel rows 0 and 1: the cursor (pixel row 1) is the lower half, the background.
	assert.ok(lines[0]!.startsWith('\u001b[38;2;0;0;0m\u001b[48;2;255;200;0m▀\u001b[38;2;0;0;0m\u001b[48;2;255;200;0m▀'));
	assert.match(lines[2]!, '48;2;255;255;255m', 'the ink at (5, 5), white, the lower half of text row 2');
});

test('the pad classifies what is drawn, live, on the centred digit, and q quits', async () => {
	const seen: Float32Array[] = [];
	const classify = async (d: Float32Array) => {
		seen.push(d);
		return Array.from({length: 10}, (_, i) => (i === 7 ? 0.91 : 0.01));
	};
	const app = render(<DrawApp classify={classify} sample={() => emptyCanvas()} weights="test weights" level={0} />);
	await settle();
	assert.match(app.lastFrame()!, '(draw something)');
	assert.is(seen.length, 0, 'an empty pad is not classified');
	for (let row = 3; row < 12; row++) app.stdin.write(`\u001b[<32;30;${row}M`);
	await settle(6);
	assert.ok(seen.length >= 1);
	assert.equal(seen.at(-1), centerDigit(seen.at(-1)!), 'what it classifies is already centred');
	assert.match(app.lastFrame()!, /7 █+·* +91%/);
	app.stdin.write('q');
	await settle();
	app.unmount();
});

test.run();
