import {PNG} from 'pngjs';
import {diverging, nearSquare, robustScale, type Rgb} from '../format/colormap.js';
import type {Tensor} from '../tensor/tensor.js';

/**
 * Pictures for slides (`forward --save DIR --png`): a layer's channels as one grid of feature maps, and conv filters
 * as tiles, in the tour's colours, each pixel drawn as a block so that a 6×6 map is still visible.
 */

/** The background between tiles. */
const gap: Rgb = [12, 12, 16];

/** A grid of `count` tiles of h×w values, `cols` a row, each value a `scale`×`scale` block, `border` blocks apart. */
function grid(count: number, h: number, w: number, colour: (tile: number, y: number, x: number) => Rgb): PNG {
	const cols = Math.ceil(Math.sqrt(count));
	const rows = Math.ceil(count / cols);
	const scale = Math.max(1, Math.min(8, Math.floor(48 / Math.max(h, w))));
	const border = 1;
	const width = cols * (w + border) * scale + border * scale;
	const height = rows * (h + border) * scale + border * scale;
	const png = new PNG({width, height});
	for (let i = 0; i < width * height; i++) png.data.set([...gap, 255], i * 4);
	for (let t = 0; t < count; t++) {
		const left = ((t % cols) * (w + border) + border) * scale;
		const top = (Math.floor(t / cols) * (h + border) + border) * scale;
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) {
				const [r, g, b] = colour(t, y, x);
				for (let dy = 0; dy < scale; dy++) {
					const row = (top + y * scale + dy) * width;
					for (let dx = 0; dx < scale; dx++) png.data.set([r, g, b, 255], (row + left + x * scale + dx) * 4);
				}
			}
		}
	}
	return png;
}

/**
 * A batch-1 layer output as one PNG: NCHW [1, C, H, W] as C maps, or a vector [1, N] as one near-square map, in the
 * diverging palette (blue below zero, orange above) with one scale for all, the 99th percentile of |value|.
 */
export function featureMapsPng(t: Tensor): Buffer {
	const s = robustScale(t.data) || 1;
	const [c, h, w] = t.shape.length === 4 ? [t.shape[1]!, t.shape[2]!, t.shape[3]!] : [1, ...nearSquare(t.data.length)];
	const plane = h * w;
	return PNG.sync.write(grid(c, h, w, (tile, y, x) => diverging(t.data[tile * plane + y * w + x]! / s)));
}

/**
 * Conv filters [cout, cin, k, k] as one PNG, one tile per filter, each scaled by its own largest |weight|: RGB with
 * grey at zero for three input channels (conv1's), otherwise the mean over the input channels in the diverging palette.
 */
export function filtersPng(weights: Tensor): Buffer {
	const [cout = 0, cin = 1, kh = 1, kw = 1] = weights.shape;
	const size = cin * kh * kw;
	const scales = Array.from({length: cout}, (_, f) => {
		let m = 0;
		for (let i = f * size; i < (f + 1) * size; i++) m = Math.max(m, Math.abs(weights.data[i]!));
		return m || 1;
	});
	const at = (f: number, c: number, y: number, x: number) => weights.data[f * size + (c * kh + y) * kw + x]! / scales[f]!;
	const colour = (f: number, y: number, x: number): Rgb => {
		if (cin === 3) return [0, 1, 2].map((c) => Math.round(127.5 + 127.5 * at(f, c, y, x))) as unknown as Rgb;
		let mean = 0;
		for (let c = 0; c < cin; c++) mean += at(f, c, y, x) / cin;
		return diverging(mean);
	};
	return PNG.sync.write(grid(cout, kh, kw, colour));
}
