import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs} from '../backend.js';
import {sliceRows} from './fast-worker.js';

/**
 * How one image's work splits over threads when there is no batch to split: by output channels. A convolution with
 * as many groups as parts (or a multiple) gives each part whole groups (its input channels, filters and biases); one
 * without groups gives each part a share of the filters and the whole input. Element-wise and per-channel ops
 * (ReLU, max pooling) give each part a share of the channels. Each part's output is a run of the output's channels,
 * so the parts joined in order are the output. Undefined where the op does not split this way.
 */
export function channelParts(op: string, args: readonly unknown[], parts: number): unknown[][] | undefined {
	const x = args[0] as Tensor;
	if (parts < 2 || x.shape.length !== 4 || x.shape[0] !== 1) return undefined;
	const channels = (t: Tensor, from: number, to: number): Tensor => {
		const per = t.data.length / t.shape[1]!;
		return tensor([1, to - from, ...t.shape.slice(2)], t.data.subarray(from * per, to * per));
	};
	const bounds = (n: number, step = 1) => Array.from({length: parts + 1}, (_, k) => Math.round((k * n) / step / parts) * step);
	if (op === 'relu' || op === 'maxpool') {
		const c = x.shape[1]!;
		if (c < parts) return undefined;
		const at = bounds(c);
		return Array.from({length: parts}, (_, k) => [channels(x, at[k]!, at[k + 1]!), ...args.slice(1)]);
	}
	if (op !== 'conv') return undefined;
	const [, w, b, a, use] = args as [Tensor, Tensor, Tensor, ConvAttrs, unknown];
	const cout = w.shape[0]!;
	if (a.groups % parts === 0) {
		const cin = x.shape[1]!;
		const inAt = bounds(cin, cin / parts);
		const outAt = bounds(cout, cout / parts);
		const groups = a.groups / parts;
		return Array.from({length: parts}, (_, k) => [channels(x, inAt[k]!, inAt[k + 1]!), sliceRows(w, outAt[k]!, outAt[k + 1]!), sliceRows(b, outAt[k]!, outAt[k + 1]!), {...a, groups}, use]);
	}
	if (a.groups !== 1 || cout < parts) return undefined;
	const at = bounds(cout);
	return Array.from({length: parts}, (_, k) => [x, sliceRows(w, at[k]!, at[k + 1]!), sliceRows(b, at[k]!, at[k + 1]!), a, use]);
}

/** The parts' outputs, one image each, joined along the channels. */
export function joinChannels(parts: readonly Tensor[], into: Float32Array): Tensor {
	let at = 0;
	for (const p of parts) {
		into.set(p.data, at);
		at += p.data.length;
	}
	const c = parts.reduce((s, p) => s + p.shape[1]!, 0);
	return tensor([1, c, ...parts[0]!.shape.slice(2)], into);
}
