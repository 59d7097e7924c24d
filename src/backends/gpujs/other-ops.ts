import {ShapeError} from '../../errors.js';
import {checkSize, poolOutSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {LrnAttrs, PoolAttrs} from '../backend.js';
import {cropRows, padPlanes, placeWeights, roundUp4} from './host-prep.js';
import {nchw} from '../nchw.js';
import type {KernelRunner} from './kernel-runner.js';
import * as src from './kernel-sources.js';
import {fcSource} from './weighted-sources.js';

/** A float32 stand-in for −∞ in max-pool padding: GL textures and kernels handle it, and it never wins a window with a real input. */
const minusHuge = -3.4e38;

/** Largest flat index a GL kernel addresses exactly: its index arithmetic runs in float32 (24-bit mantissa). */
const glIndexLimit = 1 << 24;

function shapeKey(t: Tensor): string {
	return t.shape.join(',');
}

/** ReLU, one element per thread. */
export async function gpujsRelu(r: KernelRunner, x: Tensor): Promise<Tensor> {
	const n = x.data.length;
	return tensor(x.shape, await r.run('relu', String(n), () => ({source: src.reluSource, output: [n]}), [x.data], n));
}

/** Inverted dropout: x·mask/(1 − ratio). */
export async function gpujsDropout(r: KernelRunner, x: Tensor, mask: Tensor, ratio: number): Promise<Tensor> {
	if (!(ratio >= 0 && ratio < 1)) throw new RangeError(`dropout: ratio must be in [0, 1), got ${ratio}`);
	if (shapeKey(mask) !== shapeKey(x)) throw new ShapeError(`dropout: mask [${mask.shape.join(', ')}] must match the input [${x.shape.join(', ')}]`);
	const n = x.data.length;
	const scale = 1 / (1 - ratio);
	const spec = () => ({source: src.dropoutSource, output: [n], constants: {scale}});
	return tensor(x.shape, await r.run('dropout', `${n}|${scale}`, spec, [x.data, mask.data], n));
}

/** LRN across channels, paper §3.3. */
export async function gpujsLrn(r: KernelRunner, x: Tensor, a: LrnAttrs): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, 'lrn input');
	checkSize('lrn', 'size', a.size);
	if (a.size % 2 === 0) throw new ShapeError(`lrn: size ${a.size} must be odd, so the window is centred on the channel`);
	const spec = () => ({source: src.lrnSource(c, h * w, a.size, a.beta), output: [h * w, c, n], constants: {k: a.k, alpha: a.alpha, beta: a.beta}});
	const key = `${shapeKey(x)}|${a.size},${a.alpha},${a.beta},${a.k}`;
	return tensor(x.shape, await r.run('lrn', key, spec, [x.data], x.data.length));
}

/** Max or average pooling: the input padded on the host (−huge or 0), output rows padded to a multiple of 4. */
export async function gpujsPool(r: KernelRunner, op: 'maxpool' | 'avgpool', x: Tensor, a: PoolAttrs): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, `${op} input`);
	const {kernel: k, stride: s, pad: p} = a;
	checkSize(op, 'kernel', k);
	checkSize(op, 'stride', s);
	checkSize(op, 'pad', p, 0);
	const ho = poolOutSize(h, k, s, p, a.ceil, op);
	const wo = poolOutSize(w, k, s, p, a.ceil, op);
	const wo4 = roundUp4(wo);
	const hp = (ho - 1) * s + k;
	const wp = (wo4 - 1) * s + k;
	const xp = padPlanes(x.data, n * c, h, w, hp, wp, p, op === 'maxpool' ? minusHuge : 0);
	const source = () => (op === 'maxpool' ? src.maxpoolSource(k, s, hp, wp) : src.avgpoolSource(k, s, hp, wp, h + 2 * p, w + 2 * p));
	const key = `${shapeKey(x)}|${k},${s},${p},${a.ceil}`;
	const flat = await r.run(op, key, () => ({source: source(), output: [wo4, ho, n * c]}), [xp], n * c * ho * wo4);
	return tensor([n, c, ho, wo], cropRows(flat, n * c * ho, wo4, wo));
}

/** Window bounds of adaptive pooling along one axis: cell i covers floor(i·n/size) … ceil((i+1)·n/size) − 1. */
function adaptiveBounds(n: number, size: number): {start: Float32Array; end: Float32Array; widest: number} {
	const start = new Float32Array(size);
	const end = new Float32Array(size);
	let widest = 0;
	for (let i = 0; i < size; i++) {
		start[i] = Math.floor((i * n) / size);
		end[i] = Math.ceil(((i + 1) * n) / size);
		widest = Math.max(widest, end[i]! - start[i]!);
	}
	return {start, end, widest};
}

/** Adaptive average pooling to size×size (torchvision's AdaptiveAvgPool2d). */
export async function gpujsAdaptiveAvgpool(r: KernelRunner, x: Tensor, size: number): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, 'adaptiveavgpool input');
	checkSize('adaptiveavgpool', 'the output size', size);
	const ys = adaptiveBounds(h, size);
	const xs = adaptiveBounds(w, size);
	const spec = () => ({
		source: src.adaptiveSource(h, w, ys.widest, xs.widest),
		output: [size, size, n * c],
		constants: {ys: ys.start, ye: ys.end, xs: xs.start, xe: xs.end},
	});
	return tensor([n, c, size, size], await r.run('adaptiveAvgpool', `${shapeKey(x)}|${size}`, spec, [x.data], n * c * size * size));
}

/**
 * Fully connected, one output unit per thread, weights as kernel constants (uploaded once). On GL the
 * weight rows go in blocks of at most 2^24 values, the most its float32 index arithmetic addresses exactly.
 */
export async function gpujsFc(r: KernelRunner, x: Tensor, w: Tensor, b: Tensor): Promise<Tensor> {
	const n = x.shape[0] ?? 0;
	const nin = n === 0 ? 0 : x.data.length / n;
	const [nout, win] = w.shape;
	if (w.shape.length !== 2 || nout === undefined || win === undefined) throw new ShapeError(`fc: weights must be [out, in], got [${w.shape.join(', ')}]`);
	if (x.shape.length < 2 || win !== nin) throw new ShapeError(`fc: input [${x.shape.join(', ')}] has ${nin} features per item, the weights expect ${win}`);
	if (b.data.length !== nout) throw new ShapeError(`fc: ${nout} units need ${nout} biases, got ${b.data.length}`);
	const limit = r.mode === 'headlessgl' ? glIndexLimit : Infinity;
	const block = Math.max(1, Math.min(nout, Math.floor(limit / nin)));
	const y = new Float32Array(n * nout);
	const shape = `${n},${nin},${nout}`;
	const {at, key} = placeWeights(shape, w.data, b.data);
	const u = [8, 4, 2, 1].find((v) => nin % v === 0)!;
	for (let first = 0; first < nout; first += block) {
		const rows = Math.min(block, nout - first);
		const weights = () => r.gpujs.input(w.data.subarray(first * nin, (first + rows) * nin), [u, (rows * nin) / u]);
		const parts = splitInputs(r, n * rows, nin / u);
		const spec = () => ({
			source: fcSource(nin, first, u, at, parts),
			output: parts > 1 ? [rows, n, parts] : [rows, n],
			constants: at === 'constants' ? {w: weights(), bias: b.data} : undefined,
			threaded: true,
		});
		const input = r.gpujs.input(x.data, [u, (n * nin) / u]);
		const args = at === 'constants' ? [input] : [input, weights(), b.data];
		const part = await r.run('fc', `${shape},${first},${parts}|${key}`, spec, args, n * rows * parts);
		if (parts === 1) {
			for (let i = 0; i < n; i++) y.set(part.subarray(i * rows, (i + 1) * rows), i * nout + first);
			continue;
		}
		for (let i = 0; i < n; i++) {
			for (let o = 0; o < rows; o++) {
				let sum = b.data[first + o]!;
				for (let p = 0; p < parts; p++) sum += part[(p * n + i) * rows + o]!;
				y[i * nout + first + o] = sum;
			}
		}
	}
	return tensor([n, nout], y);
}

/** Output cells from which gpu.js's WebAssembly backend gives a kernel another worker (min(workers, ⌈cells/4096⌉)). */
const cellsPerWorker = 4096;

/**
 * Into how many slices of its `rows` (of u inputs) an fc kernel splits each sum, so it has enough output
 * cells for every worker: fc6 and fc7 at batch 1 have exactly 4,096 outputs, which gpu.js ran on one
 * worker of two, and fc8's 1,000 on none. A slice count that divides `rows`, 1 where no split helps.
 */
function splitInputs(r: KernelRunner, cells: number, rows: number): number {
	if (r.mode !== 'webasm' || r.threads < 2 || cells > cellsPerWorker * (r.threads - 1)) return 1;
	for (let parts = 2; parts <= rows; parts++) {
		if (rows % parts === 0 && cells * parts > cellsPerWorker * (r.threads - 1)) return parts;
	}
	return 1;
}

/** Softmax over each batch row, in two passes: the row's max and Σ exp, then every unit. */
export async function gpujsSoftmax(r: KernelRunner, x: Tensor): Promise<Tensor> {
	const n = x.shape[0];
	if (x.shape.length < 2 || n === undefined || n === 0) throw new ShapeError(`softmax: expected [N, units], got [${x.shape.join(', ')}]`);
	const units = x.data.length / n;
	const stats = await r.run('softmaxStats', `${n},${units}`, () => ({source: src.softmaxStatsSource(units), output: [n], vec4: true}), [x.data], n * 4);
	const spec = () => ({source: src.softmaxApplySource(units), output: [units, n]});
	return tensor(x.shape, await r.run('softmax', `${n},${units}`, spec, [x.data, stats], x.data.length));
}
