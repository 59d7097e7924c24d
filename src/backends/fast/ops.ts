import type {Backend} from '../backend.js';
import {dropout, dropoutBackward} from '../reference/activation.js';
import {adaptiveAvgpool} from '../reference/adaptive-avgpool.js';
import {avgpool} from '../reference/pool.js';
import {softmax, softmaxCrossEntropy} from '../reference/softmax.js';
import {relu, reluBackward} from './activation.js';
import {conv, convBackward} from './conv.js';
import {fc, fcBackward} from './fc.js';
import {lrn, lrnBackward} from './lrn.js';
import {maxpool, maxpoolBackward} from './pool.js';

/** The ops a fast backend runs, each synchronous; the cheap element-wise ones (but ReLU) are the reference's own loops. */
export const fastOps = {
	conv,
	relu,
	lrn,
	maxpool,
	avgpool,
	adaptiveAvgpool,
	fc,
	dropout,
	softmax,
	convBackward,
	reluBackward,
	lrnBackward,
	maxpoolBackward,
	fcBackward,
	dropoutBackward,
	softmaxCrossEntropy,
} as const;

/** The ops fast takes from the reference as they are: the conformance table does not compare them with themselves. */
export const borrowedOps: readonly string[] = ['avgpool', 'adaptiveAvgpool', 'dropout', 'softmax', 'dropoutBackward', 'softmaxCrossEntropy'];

/** The name of a fast op. */
export type FastOpName = keyof typeof fastOps & keyof Backend;

/**
 * How each op splits across threads by batch items: which arguments are batched (sliced along N), and for ops
 * with parameters, which results are summed over the parts (weight and bias gradients) rather than joined.
 * softmaxCrossEntropy averages over the whole batch, so it is not split.
 */
export const splits: Partial<Record<FastOpName, {readonly batched: readonly number[]; readonly summed?: readonly string[]}>> = {
	conv: {batched: [0]},
	relu: {batched: [0]},
	lrn: {batched: [0]},
	maxpool: {batched: [0]},
	avgpool: {batched: [0]},
	adaptiveAvgpool: {batched: [0]},
	fc: {batched: [0]},
	dropout: {batched: [0, 1]},
	softmax: {batched: [0]},
	convBackward: {batched: [0, 2], summed: ['dw', 'db']},
	reluBackward: {batched: [0, 1]},
	lrnBackward: {batched: [0, 1, 2]},
	maxpoolBackward: {batched: [0, 1]},
	fcBackward: {batched: [0, 2], summed: ['dw', 'db']},
	dropoutBackward: {batched: [0, 1]},
};
