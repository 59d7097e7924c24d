import {shape} from '../format/units.js';
import type {Backend, WeightsUse} from '../backends/backend.js';
import {findLayer, type NetworkSummary} from '../model/analyze.js';
import type {LayerFacts} from '../model/layer-facts.js';
import {convAttrs, lrnAttrs, poolAttrs, type FullLayer} from '../model/normalize.js';
import {screenShape} from '../tensor/layout.js';
import type {Random} from '../tensor/random.js';
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

/** What backpropagation needs of one layer's forward: its input, its output and (dropout) its mask. */
export type Saved = {readonly layer: FullLayer; readonly x: Tensor; readonly y: Tensor; readonly mask?: Tensor};

/**
 * Options of a forward pass: stop after layer `until`; with `dropout` (a seeded generator) every dropout layer draws a
 * fresh mask, as in training (without it dropout is the identity, paper §4.2); with `tape`, each layer's input, output
 * and mask are pushed onto it for backpropagation; `weights` says whether they change between passes (training:
 * `changing`) or not (`fixed`, the default), so a backend knows whether it may keep them.
 */
export type ForwardOptions = {readonly until?: string; readonly dropout?: Random; readonly tape?: Saved[]; readonly weights?: WeightsUse};

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

/** A 0/1 mask of x's shape: each unit dropped with probability `ratio`. */
function dropoutMask(x: Tensor, ratio: number, random: Random): Tensor {
	const mask = new Float32Array(x.data.length);
	for (let i = 0; i < mask.length; i++) mask[i] = random.next() < ratio ? 0 : 1;
	return tensor(x.shape, mask);
}

/** Runs one layer on the backend: the one place a layer becomes a backend call. */
async function runLayer(l: FullLayer, xs: readonly Tensor[], weights: Weights, use: WeightsUse, backend: Backend, mask: Tensor | undefined): Promise<Tensor> {
	const x = xs[0]!;
	const params = () => {
		const p = weights.get(l.name);
		if (!p) throw new Error(`${l.name}: no weights were given for this layer`);
		return p;
	};
	switch (l.op) {
		case 'conv':
			return backend.conv(x, params().w, params().b, convAttrs(l), use);
		case 'fc':
			return backend.fc(x, params().w, params().b, use);
		case 'relu':
			return backend.relu(x);
		case 'lrn':
			return backend.lrn(x, lrnAttrs(l));
		case 'maxpool':
			return backend.maxpool(x, poolAttrs(l));
		case 'avgpool':
			return backend.avgpool(x, poolAttrs(l));
		case 'adaptiveavgpool':
			return backend.adaptiveAvgpool(x, l.size);
		case 'dropout':
			return mask ? backend.dropout(x, mask, l.ratio) : x;
		case 'softmax':
			return backend.softmax(x);
		case 'concat':
			return concatChannels(xs);
	}
}

/**
 * The forward pass, for inference and training alike: runs the network layer by layer on `backend`, yielding each
 * layer's output as it is computed. Every output's shape is checked against the shape the formulas derived (model/):
 * a mismatch is a bug in a backend, and throws saying so.
 */
export async function* runForward(summary: NetworkSummary, weights: Weights, backend: Backend, input: Tensor, options: ForwardOptions = {}): AsyncGenerator<ForwardEvent> {
	const last = options.until === undefined ? undefined : findLayer(summary, options.until).spec.name;
	const expectedInput = shape(summary.network.input);
	if (shape(screenShape(input)) !== expectedInput) {
		throw new Error(`runForward: the input is ${shape(screenShape(input))}, the network takes ${expectedInput}`);
	}
	const {dropout, tape} = options;
	const produced = new Map<string, Tensor>([['input', input]]);
	let previous = 'input';
	for (const [index, facts] of summary.layers.entries()) {
		const l = facts.layer;
		const xs = (l.inputs ?? [previous]).map((name) => produced.get(name)!);
		const mask = l.op === 'dropout' && dropout ? dropoutMask(xs[0]!, l.ratio, dropout) : undefined;
		const start = performance.now();
		const output = await runLayer(l, xs, weights, options.weights ?? 'fixed', backend, mask);
		const ms = performance.now() - start;
		const got = shape(screenShape(output));
		if (got !== shape(facts.output)) {
			throw new Error(`bug: ${l.name} on ${backend.name} produced ${got}, but the formulas derive ${shape(facts.output)}`);
		}
		tape?.push(mask ? {layer: l, x: xs[0]!, y: output, mask} : {layer: l, x: xs[0]!, y: output});
		produced.set(l.name, output);
		previous = l.name;
		const gflops = facts.macs > 0 && ms > 0 ? (2 * facts.macs * (input.shape[0] ?? 1)) / (ms * 1e6) : 0;
		const note = l.op === 'dropout' && !dropout ? dropoutNote : undefined;
		yield {index, name: l.name, facts, output, ms, gflops, ...(note ? {note} : {})};
		if (l.name === last) return;
	}
}

/** Runs the forward pass to layer `until` (default: the last) and gives that layer's output. */
export async function forwardTo(summary: NetworkSummary, weights: Weights, backend: Backend, input: Tensor, options: ForwardOptions = {}): Promise<Tensor> {
	let output = input;
	for await (const event of runForward(summary, weights, backend, input, options)) output = event.output;
	return output;
}
