/**
 * The conformance table: named cases for every forward op, each run on a backend with seeded data.
 * A conformance test runs every case on the reference and on the backend under test and compares
 * the tensors; backward cases live in backward-cases.ts and are re-exported here.
 * Data is made inside `run` from a seed derived from the case name, so importing this file is cheap
 * and both runs of a case see the same numbers.
 */
import type {Backend, ConvAttrs, LrnAttrs, PoolAttrs, WeightsUse} from '../../src/backends/backend.js';
import type {Tensor} from '../../src/tensor/tensor.js';
import type {Tolerance} from '../helpers/assert-close.js';
import {caseData, convAttrText, dims, poolAttrText} from './case-data.js';

import type {BackwardCase} from './backward-cases.js';
export {backwardCases, type BackwardCase} from './backward-cases.js';

/** The forward ops of the Backend interface. */
export type ForwardOp = 'conv' | 'relu' | 'lrn' | 'maxpool' | 'avgpool' | 'adaptiveAvgpool' | 'fc' | 'dropout' | 'softmax';

/** One forward case: `real` marks the real AlexNet layer sizes (seconds on naive backends). */
export type OpCase = {
	readonly name: string;
	readonly op: ForwardOp;
	readonly real: boolean;
	readonly run: (b: Backend) => Promise<Tensor>;
};

function conv(x: readonly number[], w: readonly number[], attrs: Partial<ConvAttrs> = {}, note = '', use: WeightsUse = 'changing'): OpCase {
	const a: ConvAttrs = {stride: 1, pad: 0, dilation: 1, groups: 1, ...attrs};
	const name = `conv x=${dims(x)} w=${dims(w)}${convAttrText(a)}${use === 'fixed' ? ' fixed weights' : ''}${note}`;
	return {
		name,
		op: 'conv',
		real: note !== '',
		run: (b) => {
			const d = caseData(name);
			return b.conv(d.uniform(x), d.uniform(w), d.uniform([w[0]!]), a, use);
		},
	};
}

function pool(op: 'maxpool' | 'avgpool', x: readonly number[], attrs: Partial<PoolAttrs> & {kernel: number}, note = ''): OpCase {
	const a: PoolAttrs = {stride: 1, pad: 0, ceil: false, ...attrs};
	const name = `${op} x=${dims(x)}${poolAttrText(a)}${note}`;
	return {name, op, real: note !== '', run: (b) => b[op](caseData(name).uniform(x), a)};
}

function lrn(x: readonly number[], a: LrnAttrs, note = ''): OpCase {
	const name = `lrn x=${dims(x)} n=${a.size} alpha=${a.alpha} beta=${a.beta} k=${a.k}${note}`;
	// Values up to ±3 so that α·Σa² is not negligible next to k.
	return {name, op: 'lrn', real: note !== '', run: (b) => b.lrn(caseData(name).uniform(x, -3, 3), a)};
}

/** A fully connected case; with `use` 'fixed' the backend may keep the weights packed (fast's batch-1 path does). */
function fc(x: readonly number[], w: readonly number[], note = '', use: WeightsUse = 'changing'): OpCase {
	const name = `fc x=${dims(x)} w=${dims(w)}${use === 'fixed' ? ' fixed weights' : ''}${note}`;
	return {
		name,
		op: 'fc',
		real: note !== '',
		run: (b) => {
			const d = caseData(name);
			return b.fc(d.uniform(x), d.uniform(w), d.uniform([w[0]!]), use);
		},
	};
}

function adaptive(x: readonly number[], size: number): OpCase {
	const name = `adaptiveAvgpool x=${dims(x)} size=${size}`;
	return {name, op: 'adaptiveAvgpool', real: false, run: (b) => b.adaptiveAvgpool(caseData(name).uniform(x), size)};
}

function unary(op: 'relu' | 'softmax', x: readonly number[], scale = 1): OpCase {
	const name = `${op} x=${dims(x)}${scale !== 1 ? ` scale=${scale}` : ''}`;
	return {name, op, real: false, run: (b) => b[op](caseData(name).uniform(x, -scale, scale))};
}

function dropout(x: readonly number[], ratio: number): OpCase {
	const name = `dropout x=${dims(x)} ratio=${ratio}`;
	return {
		name,
		op: 'dropout',
		real: false,
		run: (b) => {
			const d = caseData(name);
			return b.dropout(d.uniform(x), d.mask(x, ratio), ratio);
		},
	};
}

const paperLrn: LrnAttrs = {size: 5, alpha: 1e-4, beta: 0.75, k: 2}; // paper §3.3

/** Every forward case, small ones first, then the real AlexNet layer sizes (`real: true`). */
export const opCases: readonly OpCase[] = [
	conv([1, 1, 3, 3], [1, 1, 3, 3], {pad: 1}),
	conv([1, 3, 7, 5], [4, 3, 3, 3], {stride: 2, pad: 1}),
	conv([2, 3, 8, 8], [5, 3, 3, 3], {stride: 3}),
	conv([1, 3, 13, 11], [4, 3, 5, 5], {stride: 2, pad: 2}),
	conv([1, 4, 9, 7], [6, 2, 3, 3], {pad: 1, groups: 2}),
	conv([3, 4, 9, 9], [4, 2, 3, 3], {stride: 2, pad: 1, groups: 2}),
	conv([1, 6, 10, 10], [6, 1, 3, 3], {groups: 6}),
	conv([1, 2, 11, 9], [3, 2, 3, 3], {pad: 2, dilation: 2}),
	conv([2, 3, 12, 10], [6, 1, 3, 3], {stride: 2, dilation: 3, groups: 3, pad: 1}),
	conv([2, 5, 6, 4], [7, 5, 1, 1]),
	conv([1, 4, 7, 9], [8, 4, 1, 1], {stride: 2}),
	conv([1, 2, 5, 6], [3, 2, 1, 1], {pad: 1}), // more padding than the filter reaches: the output is wider than the input
	conv([1, 2, 6, 5], [3, 2, 3, 3], {pad: 3}),
	// Fixed weights: fast runs 3×3 and 5×5 stride-1 ones by Winograd (odd sizes, partial tiles, groups, a batch, no and more padding).
	conv([1, 3, 7, 9], [5, 3, 3, 3], {pad: 1}, '', 'fixed'),
	conv([2, 4, 9, 7], [6, 2, 3, 3], {pad: 1, groups: 2}, '', 'fixed'),
	conv([1, 2, 6, 5], [3, 2, 3, 3], {}, '', 'fixed'),
	conv([1, 2, 6, 5], [3, 2, 3, 3], {pad: 3}, '', 'fixed'),
	conv([1, 2, 11, 9], [3, 2, 3, 3], {pad: 2, dilation: 2}, '', 'fixed'),
	conv([1, 3, 31, 29], [8, 3, 11, 11], {stride: 4}, '', 'fixed'),
	conv([2, 3, 31, 29], [8, 3, 11, 11], {stride: 4, pad: 1}, '', 'fixed'),
	conv([1, 4, 13, 11], [6, 2, 5, 5], {stride: 2, pad: 2, groups: 2}, '', 'fixed'),
	conv([1, 4, 9, 9], [6, 4, 5, 5], {pad: 2}, '', 'fixed'),
	conv([2, 6, 11, 7], [6, 3, 5, 5], {pad: 1, groups: 2}, '', 'fixed'),
	conv([1, 3, 31, 29], [8, 3, 11, 11], {stride: 4}),
	unary('relu', [2, 3, 5, 7]),
	unary('relu', [1, 37]),
	unary('relu', [1, 5, 6, 6]),
	unary('relu', [1, 64, 24, 24]), // big enough for fast to split one image's channels over its threads
	lrn([1, 3, 2, 2], {size: 3, alpha: 0.5, beta: 0.75, k: 1}),
	lrn([2, 7, 4, 5], {size: 5, alpha: 0.1, beta: 0.75, k: 2}),
	lrn([1, 2, 3, 3], {size: 5, alpha: 0.3, beta: 0.5, k: 1}),
	lrn([1, 6, 3, 1], {size: 1, alpha: 0.2, beta: 1, k: 1}),
	// Big enough for fast to split one image's channels over its threads, unevenly, windows reaching across the cut.
	lrn([1, 9, 64, 64], {size: 5, alpha: 0.1, beta: 0.75, k: 2}),
	lrn([1, 7, 70, 70], {size: 5, alpha: 0.3, beta: 0.5, k: 1}),
	pool('maxpool', [1, 1, 4, 4], {kernel: 2, stride: 2}),
	pool('maxpool', [1, 3, 7, 7], {kernel: 3, stride: 2}),
	pool('maxpool', [2, 2, 6, 5], {kernel: 3, stride: 2, ceil: true}),
	pool('maxpool', [1, 2, 7, 6], {kernel: 3, stride: 2, pad: 1, ceil: true}),
	pool('maxpool', [1, 3, 8, 8], {kernel: 2, stride: 3}),
	pool('avgpool', [1, 2, 5, 5], {kernel: 3, stride: 2, pad: 1}),
	pool('avgpool', [1, 2, 6, 6], {kernel: 3, stride: 2, pad: 1, ceil: true}),
	pool('avgpool', [2, 3, 7, 9], {kernel: 2, stride: 2, ceil: true}),
	adaptive([1, 3, 13, 13], 6),
	adaptive([1, 2, 7, 5], 3),
	adaptive([2, 2, 5, 5], 2),
	adaptive([1, 4, 6, 6], 6),
	fc([1, 10], [4, 10]),
	fc([3, 7], [5, 7]),
	fc([2, 3, 2, 2], [4, 12]),
	fc([1, 10], [4, 10], '', 'fixed'),
	fc([2, 7], [5, 7], '', 'fixed'),
	fc([9, 6], [3, 6], '', 'fixed'),
	// sizes that give the WebAssembly fc kernel 4, 8 or 16 lanes, groups of 4 rows padded for two workers or not,
	// and a last group of fewer than 4 rows
	fc([3, 20], [5, 20], ' (4 lanes)', 'fixed'),
	fc([2, 48], [7, 48], ' (16 lanes)'),
	fc([1, 100], [13, 100], ' (4 lanes, 25 steps)', 'fixed'),
	fc([2, 512], [1000, 512], ' (8 lanes, padded on two threads)', 'fixed'),
	fc([1, 64], [1000, 64], ' (16 lanes, padded on two threads)', 'fixed'),
	dropout([2, 3, 4, 5], 0.5),
	dropout([1, 64], 0.25),
	unary('softmax', [1, 10]),
	unary('softmax', [3, 7]),
	unary('softmax', [2, 1000], 100),
	// The real AlexNet layer sizes (Caffe's bvlc_alexnet, batch 1).
	conv([1, 3, 227, 227], [96, 3, 11, 11], {stride: 4}, ' (conv1)'),
	conv([1, 96, 27, 27], [256, 48, 5, 5], {pad: 2, groups: 2}, ' (conv2)'),
	conv([1, 256, 13, 13], [384, 256, 3, 3], {pad: 1}, ' (conv3)'),
	conv([1, 3, 227, 227], [96, 3, 11, 11], {stride: 4}, ' (conv1)', 'fixed'),
	conv([1, 96, 27, 27], [256, 48, 5, 5], {pad: 2, groups: 2}, ' (conv2)', 'fixed'),
	conv([1, 256, 13, 13], [384, 256, 3, 3], {pad: 1}, ' (conv3)', 'fixed'),
	conv([1, 384, 13, 13], [256, 192, 3, 3], {pad: 1, groups: 2}, ' (conv5)', 'fixed'),
	lrn([1, 96, 55, 55], paperLrn, ' (norm1)'),
	pool('maxpool', [1, 96, 55, 55], {kernel: 3, stride: 2}, ' (pool1)'),
	fc([1, 256, 6, 6], [4096, 9216], ' (fc6)'),
	fc([1, 256, 6, 6], [4096, 9216], ' (fc6)', 'fixed'),
];

/**
 * The conformance table's one tolerance rule (an element passes when |a − e| ≤ abs + rel·|e|). Float32 sums in another
 * order than the reference's float64 ones: a few ulps per term, so the real layer sizes (1,200 to 9,216 terms a sum)
 * get a wider bound; GL's exp and pow are not IEEE-exact either.
 */
export function tolerance(c: OpCase | BackwardCase): Tolerance {
	// dW of the real conv layers sums 3,025 (conv1) to 729 (conv2) products per weight
	if (c.real) return c.op.endsWith('Backward') ? {abs: 2e-3, rel: 1e-4} : {abs: 5e-4, rel: 1e-4};
	if (c.op === 'lrn' || c.op === 'softmax') return {abs: 1e-5, rel: 1e-5};
	return {abs: 2e-5, rel: 2e-5};
}
