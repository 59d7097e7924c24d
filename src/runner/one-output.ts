import type {FullConv} from '../model/normalize.js';
import type {Tensor} from '../tensor/tensor.js';

/** One output of a convolution worked out by hand: the window it reads, its products, their sum, the bias and the total. */
export type OneOutput = {
	readonly channel: number;
	readonly row: number;
	readonly col: number;
	/** The input rows and columns the window covers (first and last, padding included), and which input channels. */
	readonly rows: readonly [number, number];
	readonly cols: readonly [number, number];
	readonly channels: readonly [number, number];
	/** How many input × weight products the sum has, and the first few of them. */
	readonly count: number;
	readonly first: readonly {readonly x: number; readonly w: number}[];
	readonly sum: number;
	readonly bias: number;
	/** sum + bias, in float64: what the kernel's float32 output should equal to a few ulps. */
	readonly value: number;
};

/**
 * The output of `layer` at (channel, row, col) for image 0 of x [N, C, H, W], computed the plain way: every tap of
 * the window times its weight (zeros in the padding), summed, plus the bias. The tour shows it beside the live tensor.
 */
export function oneConvOutput(x: Tensor, w: Tensor, b: Tensor, layer: FullConv, channel: number, row: number, col: number, shown = 3): OneOutput {
	const [, cin = 1, h = 1, wd = 1] = x.shape;
	const [cout = 1, cinG = 1, kh = 1, kw = 1] = w.shape;
	const group = Math.floor(channel / (cout / layer.groups));
	const [sy, sx] = layer.stride;
	const [dy, dx] = layer.dilation;
	const [top, left] = layer.pads;
	const y0 = row * sy - top;
	const x0 = col * sx - left;
	const first: {x: number; w: number}[] = [];
	let sum = 0;
	let count = 0;
	for (let ci = 0; ci < cinG; ci++) {
		const c = group * cinG + ci;
		for (let ky = 0; ky < kh; ky++) {
			for (let kx = 0; kx < kw; kx++) {
				const iy = y0 + ky * dy;
				const ix = x0 + kx * dx;
				const xv = iy >= 0 && iy < h && ix >= 0 && ix < wd && c < cin ? x.data[(c * h + iy) * wd + ix]! : 0;
				const wv = w.data[((channel * cinG + ci) * kh + ky) * kw + kx]!;
				sum += xv * wv;
				count++;
				if (first.length < shown) first.push({x: xv, w: wv});
			}
		}
	}
	const bias = b.data[channel]!;
	return {channel, row, col, rows: [y0, y0 + (kh - 1) * dy], cols: [x0, x0 + (kw - 1) * dx], channels: [group * cinG, group * cinG + cinG - 1], count, first, sum, bias, value: sum + bias};
}
