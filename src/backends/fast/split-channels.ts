import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, PoolAttrs} from '../backend.js';
import {convSizes, poolSizes} from '../nchw.js';
import {sliceRows} from './fast-worker.js';

/** One image's op split by output channels: each part's arguments, and the output they write together. */
export type ChannelSplit = {
	/** The output's shape: the parts' outputs are runs of its channels, in order. */
	readonly shape: readonly number[];
	/** Each part's arguments, the op's own, then (added by the caller) where in the output it writes. */
	readonly parts: readonly (readonly unknown[])[];
	/** Where each part's run of output channels starts and ends, in floats (parts + 1 bounds). */
	readonly bounds: readonly number[];
};

/**
 * How one image's work splits over threads when there is no batch to split: by output channels. A convolution with
 * as many groups as parts (or a multiple) gives each part whole groups (its input channels, filters and biases); one
 * without groups gives each part a share of the filters and the whole input. Element-wise and per-channel ops
 * (ReLU, max pooling) give each part a share of the channels; LRN gives each part a run of channels to normalize
 * and the whole input. Each part writes a run of the output's channels into
 * one output (`bounds`), so nothing is joined afterwards. Undefined where the op does not split this way.
 */
export function channelParts(op: string, args: readonly unknown[], parts: number): ChannelSplit | undefined {
	const x = args[0] as Tensor;
	if (parts < 2 || x.shape.length !== 4 || x.shape[0] !== 1) return undefined;
	const channels = (t: Tensor, from: number, to: number): Tensor => {
		const per = t.data.length / t.shape[1]!;
		return tensor([1, to - from, ...t.shape.slice(2)], t.data.subarray(from * per, to * per));
	};
	const cuts = (n: number, step = 1) => Array.from({length: parts + 1}, (_, k) => Math.round((k * n) / step / parts) * step);
	const split = (shape: readonly number[], at: readonly number[], part: (k: number) => unknown[]): ChannelSplit => {
		const plane = shape[2]! * shape[3]!;
		return {shape, parts: at.slice(0, -1).map((_, k) => part(k)), bounds: at.map((c) => c * plane)};
	};
	if (op === 'relu' || op === 'maxpool') {
		const c = x.shape[1]!;
		if (c < parts) return undefined;
		const at = cuts(c);
		const shape = op === 'relu' ? x.shape : ((z) => [1, c, z.ho, z.wo])(poolSizes(x, args[1] as PoolAttrs, 'maxpool'));
		return split(shape, at, (k) => [channels(x, at[k]!, at[k + 1]!), ...args.slice(1, op === 'relu' ? 1 : 2)]);
	}
	if (op === 'lrn') {
		// Each part normalizes a run of the channels, reading the whole input (its windows reach past the run).
		const c = x.shape[1]!;
		if (c < parts) return undefined;
		const at = cuts(c);
		return split(x.shape, at, (k) => [x, args[1], [at[k]!, at[k + 1]!]]);
	}
	if (op !== 'conv') return undefined;
	const [, w, b, a, use = 'changing'] = args as [Tensor, Tensor, Tensor, ConvAttrs, unknown];
	const {cout, ho, wo} = convSizes(x, w, a);
	const shape = [1, cout, ho, wo];
	if (a.groups % parts === 0) {
		const cin = x.shape[1]!;
		const inAt = cuts(cin, cin / parts);
		const outAt = cuts(cout, cout / parts);
		const groups = a.groups / parts;
		return split(shape, outAt, (k) => [channels(x, inAt[k]!, inAt[k + 1]!), sliceRows(w, outAt[k]!, outAt[k + 1]!), sliceRows(b, outAt[k]!, outAt[k + 1]!), {...a, groups}, use]);
	}
	if (a.groups !== 1 || cout < parts) return undefined;
	const at = cuts(cout);
	return split(shape, at, (k) => [x, sliceRows(w, at[k]!, at[k + 1]!), sliceRows(b, at[k]!, at[k + 1]!), a, use]);
}
