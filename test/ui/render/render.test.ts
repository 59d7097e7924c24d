import {stripVTControlCharacters} from 'node:util';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {tensor} from '../../../src/tensor/tensor.js';
import {channelStats} from '../../../src/ui/render/channel-stats.js';
import {channelGrid, nearSquare, planesOf, robustScale} from '../../../src/ui/render/channel-grid.js';
import {halfBlockLines, heatmapLines, resample} from '../../../src/ui/render/heatmap-lines.js';
import {histogram, histogramBars} from '../../../src/ui/render/histogram.js';
import {ansi256, colorCode, diverging} from '../../../src/ui/render/palette.js';
import {rgbTileLines} from '../../../src/ui/render/rgb-tiles.js';
import {dropoutEffect} from '../../../src/ui/panels/dropout-lines.js';

test('nearSquare picks the factor pair closest to a square', () => {
	assert.equal(nearSquare(4096), [64, 64]);
	assert.equal(nearSquare(1000), [25, 40]);
	assert.equal(nearSquare(13), [1, 13]);
});

test('resample averages blocks: a 4×4 ramp down to 2×2', () => {
	const data = Float32Array.from({length: 16}, (_, i) => i);
	assert.equal([...resample({h: 4, w: 4, data, offset: 0}, 2, 2)], [2.5, 4.5, 10.5, 12.5]);
});

test('the diverging palette is dark at zero, blue below, orange above', () => {
	assert.equal(diverging(0), [28, 28, 34]);
	assert.equal(diverging(1), [255, 150, 40]);
	assert.equal(diverging(-1), [80, 150, 255]);
});

test('256-colour codes come from the 6×6×6 cube', () => {
	assert.is(ansi256([0, 0, 0]), 16);
	assert.is(ansi256([255, 255, 255]), 231);
	assert.is(ansi256([255, 0, 0]), 196);
	// The palette's dark grey for zero goes to the grey ramp, not to the cube's mid grey (95).
	assert.is(ansi256([28, 28, 34]), 234);
	assert.is(colorCode([1, 2, 3], 3), '\u001b[38;2;1;2;3m');
	assert.is(colorCode([255, 0, 0], 2, true), '\u001b[48;5;196m');
	assert.is(colorCode([255, 0, 0], 0), '');
});

test('plain heatmaps use one ramp above zero and another below, no escape codes', () => {
	const signed = Float32Array.from([-1, -0.5, 0.5, 1]);
	assert.equal(heatmapLines({h: 1, w: 4, data: signed, offset: 0}, 4, 1, 0), ['&~+@']);
	// Two pixel rows fold into one character row (characters are twice as tall as wide): column averages 0, .25, .5, .75.
	const data = Float32Array.from([-1, -0.5, 0, 0.5, 1, 1, 1, 1]);
	assert.equal(heatmapLines({h: 2, w: 4, data, offset: 0}, 4, 1, 0), [' :+#']);
});

test('half blocks put the upper pixel in the foreground and the lower in the background', () => {
	const lines = halfBlockLines((r) => (r === 0 ? [255, 0, 0] : [0, 0, 255]), 2, 1, 3);
	assert.equal(lines, ['\u001b[38;2;255;0;0m\u001b[48;2;0;0;255m▀\u001b[0m']);
});

test('histogram bins span min to max and the bars are log-scaled', () => {
	const h = histogram(Float32Array.from([0, 0, 0, 0, 1, 2, 3, 4]), 4);
	assert.equal(h, {counts: [4, 1, 1, 2], min: 0, max: 4});
	assert.is(histogramBars([0, 1, 1000]), ' ▁█');
});

test('the colour scale is the 99th percentile of |x|, so one outlier does not darken the rest', () => {
	const data = Float32Array.from({length: 1000}, (_, i) => (i === 500 ? 1000 : (i % 10) - 5));
	assert.is(robustScale(data), 5);
	assert.is(robustScale(new Float32Array([0, 0, 0, 2])), 2);
});

test('planes: one per channel of NCHW, one near-square plane for a vector', () => {
	assert.is(planesOf(tensor([1, 3, 2, 2])).length, 3);
	assert.equal(
		planesOf(tensor([1, 1000])).map((p) => [p.h, p.w]),
		[[25, 40]],
	);
});

test('channel statistics per plane', () => {
	const t = tensor([1, 2, 1, 2], [0, 4, -1, 3]);
	assert.equal(channelStats(planesOf(t)), [
		{channel: 0, mean: 2, max: 4, zeros: 0.5},
		{channel: 1, mean: 1, max: 3, zeros: 0},
	]);
});

test('the channel grid labels every channel and stays within the width', () => {
	const t = tensor(
		[1, 10, 13, 13],
		Float32Array.from({length: 1690}, (_, i) => Math.sin(i)),
	);
	const grid = channelGrid(t, 78, 0);
	assert.is(grid.count, 10);
	assert.match(grid.lines.join('\n'), '#9');
	for (const line of grid.lines) assert.ok(line.length <= 78, `${line.length} wide`);
});

test('feature maps grow with the terminal up to one column a pixel, and the grid keeps within its pixel budget', () => {
	const t = tensor([1, 96, 55, 55], new Float32Array(96 * 55 * 55).fill(1));
	const tileWidth = (width: number, size?: 'big') => channelGrid(t, width, 0, 0, 256, size).lines[1]!.indexOf(' ');
	assert.is(tileWidth(78), 38, 'two a row at 80 columns');
	assert.is(tileWidth(120), 55, 'full resolution when it fits');
	const grid = channelGrid(t, 78, 0);
	assert.ok(grid.count < 96 && grid.count * 38 * 38 <= 64_000, `${grid.count} shown`);
	const pool = tensor([1, 256, 27, 27], new Float32Array(256 * 27 * 27).fill(1));
	assert.is(channelGrid(pool, 78, 0).lines[1]!.indexOf(' '), 27, "pool1's 27×27 maps at their own size");
	const small = tensor([1, 8, 5, 5], new Float32Array(200).fill(1));
	assert.is(channelGrid(small, 78, 0, 0, 256, 'big').lines[1]!.indexOf(' '), 24, 'big tiles for a projector');
});

test('the histogram keeps its maximum on screen at 80 columns, and the plain legend names no colours', async () => {
	const {liveLines} = await import('../../../src/ui/panels/live-lines.js');
	const {analyzeNetwork} = await import('../../../src/model/analyze.js');
	const {original} = await import('../../../src/model/networks.js');
	const facts = analyzeNetwork(original).layers.find((l) => l.layer.name === 'conv2')!;
	const data = Float32Array.from({length: 256 * 27 * 27}, (_, i) => Math.sin(i) * 12.345 - 0.5);
	const lines = liveLines({name: 'conv2', facts, output: tensor([1, 256, 27, 27], data), ms: 1}, 'fast', 78, 0);
	const hist = stripVTControlCharacters(lines.find((l) => l.startsWith('histogram'))!);
	assert.ok(hist.length <= 78, `${hist.length} wide: ${hist}`);
	assert.match(hist, /11\.8\d*$/);
	const legend = stripVTControlCharacters(lines.find((l) => l.includes('< 0 <'))!);
	assert.not.match(legend, /blue|orange|colour/);
	assert.match(legend, '&%=~-. < 0 < .:+*#@');
});

test('conv1-style filters become one tile each, six to a row in 78 columns', () => {
	const w = tensor(
		[12, 3, 11, 11],
		Float32Array.from({length: 12 * 363}, (_, i) => Math.cos(i)),
	);
	const {lines, count} = rgbTileLines(w, 78, 3);
	assert.is(count, 12);
	// 11 pixel rows → 6 text rows per tile row, plus a blank line, for two rows of tiles.
	assert.is(lines.length, 14);
});

test('dropout effect: active units zeroed are dropped, survivors scaled', () => {
	const before = tensor([1, 6], [0, 1, 2, 3, 0, 4]);
	const after = tensor([1, 6], [0, 2, 0, 6, 0, 0]);
	assert.equal(dropoutEffect(before, after), {units: 6, active: 4, dropped: 2, scale: 2});
});

test.run();
