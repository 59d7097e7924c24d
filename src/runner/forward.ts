import type {Backend} from '../backends/backend.js';
import {findLayer, type NetworkSummary} from '../model/analyze.js';
import type {LayerFacts} from '../model/layer-facts.js';
import type {LayerSpec} from '../model/layer-spec.js';
import {screenShape} from '../tensor/layout.js';
import {createRandom, defaultSeed, type Random} from '../tensor/random.js';
import {tensor, type Tensor} from '../tensor/tensor.js';
import type {Weights} from './weights.js';

/** One layer done: its facts, its output (NCHW or [N, units]), milliseconds, GFLOP/s (2·MACs per second / 1e9) and a note when it was skipped. */
export type ForwardEvent = {
	readonly index: number;
	readonly name: string;
	readonly facts: LayerFacts;
	readonly output: Tensor;
	readonly ms: number;
	readonly gflops: number;
	readonly note?: string;
};

/** Stop after layer `until`; `train` applies dropout with masks seeded by `dropoutSeed` (otherwise dropout is the identity). */
export type ForwardOptions = {readonly until?: string; readonly train?: boolean; readonly dropoutSeed?: number};

/** The note a dropout layer carries in inference. */
export const dropoutNote = 'identity at test time: inverted dropout scales by 1/(1 − p) while training, where the paper (§4.2) halves outputs at test time';

/** Joins NCHW tensors along the channel axis (GoogLeNet's concat): data movement, so it lives here, not in a backend. */
function concatChannels(xs: readonly Tensor[]): Tensor {
	const [n = 1, , h = 1, w = 1] = xs[0]!.shape;
	const c = xs.reduce((a, x) => a + x.shape[1]!, 0);
	const out = tensor([n, c, h, w]);
	for (let b = 0; b < n; b++) {
		let at = b * c * h * w;
		for (const x of xs) {
			const size = x.shape[1]! * h * w;
			out.data.set(x.data.subarray(b * size, (b + 1) * size), at);
			at += size;
		}
	}
	return out;
}

/** Runs one layer on the backend. */
async function runLayer(spec: LayerSpec, xs: readonly Tensor[], weights: Weights, backend: Backend, dropout: Random | undefined): Promise<Tensor> {
	const x = xs[0]!;
	const params = () => {
		const p = weights.get(spec.name);
		if (!p) throw new Error(`${spec.name}: no weights were given for this layer`);
		return p;
	};
	switch (spec.op) {
		case 'conv': {
			const {w, b} = params();
			return backend.conv(x, w, b, {stride: spec.stride ?? 1, pad: spec.pad ?? 0, dilation: spec.dilation ?? 1, groups: spec.groups ?? 1});
		}
		case 'fc': {
			const {w, b} = params();
			return backend.fc(x, w, b);
		}
		case 'relu':
			return backend.relu(x);
		case 'lrn':
			// The backend takes the paper's α (§3.3); Caffe's spec gives α to be divided by the window size n.
			return backend.lrn(x, {size: spec.size, alpha: spec.alphaOverN ? spec.alpha / spec.size : spec.alpha, beta: spec.beta, k: spec.k});
		case 'maxpool':
		case 'avgpool': {
			const attrs = {kernel: spec.kernel, stride: spec.stride ?? 1, pad: spec.pad ?? 0, ceil: spec.ceil ?? false};
			return spec.op === 'maxpool' ? backend.maxpool(x, attrs) : backend.avgpool(x, attrs);
		}
		case 'adaptiveavgpool':
			return backend.adaptiveAvgpool(x, spec.size);
		case 'dropout': {
			if (!dropout) return x;
			const mask = new Float32Array(x.data.length);
			for (let i = 0; i < mask.length; i++) mask[i] = dropout.next() < spec.ratio ? 0 : 1;
			return backend.dropout(x, tensor(x.shape, mask), spec.ratio);
		}
		case 'softmax':
			return backend.softmax(x);
		case 'concat':
			return concatChannels(xs);
	}
}

/**
 * Runs the network layer by layer on `backend`, yielding each layer's output as it is computed. Every output's shape is
 * checked against the shape the formulas derived (model/): a mismatch is a bug in a backend, and throws saying so.
 */
export async function* runForward(
	summary: NetworkSummary,
	weights: Weights,
	backend: Backend,
	input: Tensor,
	options: ForwardOptions = {},
): AsyncGenerator<ForwardEvent> {
	const last = options.until === undefined ? undefined : findLayer(summary, options.until).spec.name;
	const expectedInput = summary.network.input.join('×');
	if (screenShape(input).join('×') !== expectedInput) {
		throw new Error(`runForward: the input is ${screenShape(input).join('×')}, the network takes ${expectedInput}`);
	}
	const dropout = options.train ? createRandom(options.dropoutSeed ?? defaultSeed) : undefined;
	const produced = new Map<string, Tensor>([['input', input]]);
	let previous = 'input';
	for (const [index, facts] of summary.layers.entries()) {
		const spec = facts.spec;
		const xs = (spec.inputs ?? [previous]).map((name) => produced.get(name)!);
		const start = performance.now();
		const output = await runLayer(spec, xs, weights, backend, dropout);
		const ms = performance.now() - start;
		const got = screenShape(output).join('×');
		if (got !== facts.output.join('×')) {
			throw new Error(`bug: ${spec.name} on ${backend.name} produced ${got}, but the formulas derive ${facts.output.join('×')}`);
		}
		produced.set(spec.name, output);
		previous = spec.name;
		const gflops = facts.macs > 0 && ms > 0 ? (2 * facts.macs * (input.shape[0] ?? 1)) / (ms * 1e6) : 0;
		const note = spec.op === 'dropout' && !dropout ? dropoutNote : undefined;
		yield {index, name: spec.name, facts, output, ms, gflops, ...(note ? {note} : {})};
		if (spec.name === last) return;
	}
}
