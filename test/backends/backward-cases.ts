/**
 * The backward half of the conformance table: each case runs one backward op of a Backend
 * on seeded data and returns its named results (dx, dw, db; or loss and dlogits).
 */
import type {ConvAttrs, LrnAttrs, PoolAttrs, Backend} from '../../src/backends/backend.js';
import {tensor, type Tensor} from '../../src/tensor/tensor.js';
import {caseData, convAttrText, dims, poolAttrText} from './case-data.js';

/** The backward ops of the Backend interface. */
export type BackwardOp =
	| 'convBackward'
	| 'reluBackward'
	| 'lrnBackward'
	| 'maxpoolBackward'
	| 'fcBackward'
	| 'dropoutBackward'
	| 'softmaxCrossEntropy';

/** One backward case: its results by name (`loss` is a [1] tensor); `real` marks real AlexNet sizes. */
export type BackwardCase = {
	readonly name: string;
	readonly op: BackwardOp;
	readonly real: boolean;
	readonly run: (b: Backend) => Promise<Readonly<Record<string, Tensor>>>;
};

function conv(x: readonly number[], w: readonly number[], attrs: Partial<ConvAttrs> = {}, note = ''): BackwardCase {
	const a: ConvAttrs = {stride: 1, pad: 0, dilation: 1, groups: 1, ...attrs};
	const name = `convBackward x=${dims(x)} w=${dims(w)}${convAttrText(a)}${note}`;
	return {name, op: 'convBackward', real: note !== '', run: async (b) => {
		const d = caseData(name);
		const xt = d.uniform(x);
		const wt = d.uniform(w);
		// dy gets the output shape the backend itself produced, so the case never computes a shape.
		const y = await b.conv(xt, wt, tensor([w[0]!]), a);
		return b.convBackward(xt, wt, d.uniform(y.shape), a);
	}};
}

function maxpool(x: readonly number[], attrs: Partial<PoolAttrs> & {kernel: number}): BackwardCase {
	const a: PoolAttrs = {stride: 1, pad: 0, ceil: false, ...attrs};
	const name = `maxpoolBackward x=${dims(x)}${poolAttrText(a)}`;
	return {name, op: 'maxpoolBackward', real: false, run: async (b) => {
		const d = caseData(name);
		const xt = d.uniform(x);
		const y = await b.maxpool(xt, a);
		return {dx: await b.maxpoolBackward(xt, d.uniform(y.shape), a)};
	}};
}

function lrn(x: readonly number[], a: LrnAttrs): BackwardCase {
	const name = `lrnBackward x=${dims(x)} n=${a.size} alpha=${a.alpha} beta=${a.beta} k=${a.k}`;
	return {name, op: 'lrnBackward', real: false, run: async (b) => {
		const d = caseData(name);
		const xt = d.uniform(x, -3, 3);
		const y = await b.lrn(xt, a);
		return {dx: await b.lrnBackward(xt, y, d.uniform(x), a)};
	}};
}

function fc(x: readonly number[], w: readonly number[]): BackwardCase {
	const name = `fcBackward x=${dims(x)} w=${dims(w)}`;
	return {name, op: 'fcBackward', real: false, run: async (b) => {
		const d = caseData(name);
		return b.fcBackward(d.uniform(x), d.uniform(w), d.uniform([x[0]!, w[0]!]));
	}};
}

function relu(x: readonly number[]): BackwardCase {
	const name = `reluBackward x=${dims(x)}`;
	return {name, op: 'reluBackward', real: false, run: async (b) => {
		const d = caseData(name);
		return {dx: await b.reluBackward(d.uniform(x), d.uniform(x))};
	}};
}

function dropout(x: readonly number[], ratio: number): BackwardCase {
	const name = `dropoutBackward x=${dims(x)} ratio=${ratio}`;
	return {name, op: 'dropoutBackward', real: false, run: async (b) => {
		const d = caseData(name);
		return {dx: await b.dropoutBackward(d.uniform(x), d.mask(x, ratio), ratio)};
	}};
}

function softmaxCrossEntropy(n: number, classes: number, scale: number): BackwardCase {
	const name = `softmaxCrossEntropy logits=${dims([n, classes])} scale=${scale}`;
	return {name, op: 'softmaxCrossEntropy', real: false, run: async (b) => {
		const d = caseData(name);
		const {loss, dlogits} = await b.softmaxCrossEntropy(d.uniform([n, classes], -scale, scale), d.labels(n, classes));
		return {loss: tensor([1], [loss]), dlogits};
	}};
}

/** Every backward case, small ones first, then the real conv1 and conv2 sizes (`real: true`). */
export const backwardCases: readonly BackwardCase[] = [
	conv([1, 1, 3, 3], [1, 1, 3, 3], {pad: 1}),
	conv([1, 3, 7, 5], [4, 3, 3, 3], {stride: 2, pad: 1}),
	conv([2, 3, 8, 8], [5, 3, 3, 3], {stride: 3}),
	conv([1, 4, 9, 7], [6, 2, 3, 3], {pad: 1, groups: 2}),
	conv([2, 4, 9, 9], [4, 2, 3, 3], {stride: 2, pad: 1, groups: 2}),
	conv([1, 2, 11, 9], [3, 2, 3, 3], {pad: 2, dilation: 2}),
	conv([2, 5, 6, 4], [7, 5, 1, 1]),
	conv([1, 2, 6, 5], [3, 2, 3, 3], {pad: 3}), // more padding than the filter reaches
	conv([1, 3, 31, 29], [8, 3, 11, 11], {stride: 4}),
	relu([2, 3, 5, 7]),
	lrn([1, 3, 2, 2], {size: 3, alpha: 0.5, beta: 0.75, k: 1}),
	lrn([2, 7, 4, 5], {size: 5, alpha: 0.1, beta: 0.75, k: 2}),
	lrn([1, 2, 3, 3], {size: 5, alpha: 0.3, beta: 0.5, k: 1}),
	maxpool([1, 2, 7, 7], {kernel: 3, stride: 2}),
	maxpool([2, 3, 6, 5], {kernel: 2, stride: 2}),
	maxpool([1, 2, 7, 6], {kernel: 3, stride: 2, pad: 1, ceil: true}),
	maxpool([2, 2, 6, 5], {kernel: 3, stride: 2, ceil: true}),
	fc([3, 7], [5, 7]),
	fc([2, 3, 2, 2], [4, 12]),
	dropout([2, 3, 4, 5], 0.5),
	softmaxCrossEntropy(4, 10, 3),
	softmaxCrossEntropy(2, 1000, 50),
	// The real AlexNet sizes (Caffe's bvlc_alexnet, batch 1).
	conv([1, 3, 227, 227], [96, 3, 11, 11], {stride: 4}, ' (conv1)'),
	conv([1, 96, 27, 27], [256, 48, 5, 5], {pad: 2, groups: 2}, ' (conv2)'),
];
