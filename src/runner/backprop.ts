import type {ConvAttrs, LrnAttrs, PoolAttrs, TrainingBackend} from '../backends/backend.js';
import {UsageError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import type {LayerSpec, PoolSpec} from '../model/layer-spec.js';
import type {Random} from '../tensor/random.js';
import {tensor, type Tensor} from '../tensor/tensor.js';
import type {Weights} from './weights.js';

/** What the backward pass needs of one layer's forward: its input, its output and (dropout) its mask. */
type Saved = {readonly spec: LayerSpec; readonly x: Tensor; readonly y: Tensor; readonly mask?: Tensor};

/** A forward pass kept for backpropagation: the logits (the input of the final softmax) and every layer's saved tensors. */
export type Tape = {readonly logits: Tensor; readonly saved: readonly Saved[]};

/** Gradients of the loss by layer name, shaped like the weights. */
export type Gradients = Map<string, {readonly w: Tensor; readonly b: Tensor}>;

const convAttrs = (s: LayerSpec & {op: 'conv'}): ConvAttrs => ({stride: s.stride ?? 1, pad: s.pad ?? 0, dilation: s.dilation ?? 1, groups: s.groups ?? 1});
const poolAttrs = (s: PoolSpec): PoolAttrs => ({kernel: s.kernel, stride: s.stride ?? 1, pad: s.pad ?? 0, ceil: s.ceil ?? false});
// The backend takes the paper's α (§3.3); a Caffe-style spec's α is divided by the window size first.
const lrnAttrs = (s: LayerSpec & {op: 'lrn'}): LrnAttrs => ({size: s.size, alpha: s.alphaOverN ? s.alpha / s.size : s.alpha, beta: s.beta, k: s.k});

/** Throws a UsageError unless every layer is one training knows: a chain of conv, relu, lrn, maxpool, fc, dropout, and a final softmax. */
export function checkTrainable(summary: NetworkSummary): void {
	const layers = summary.network.layers;
	layers.forEach((spec, i) => {
		const last = i === layers.length - 1;
		if (spec.inputs !== undefined) throw new UsageError(`${spec.name}: training runs a chain of layers, not a graph with named inputs`);
		if (spec.op === 'softmax' ? !last : !['conv', 'relu', 'lrn', 'maxpool', 'fc', 'dropout'].includes(spec.op)) {
			throw new UsageError(`${spec.name}: training knows conv, relu, lrn, maxpool, fc and dropout layers ending in a softmax, not ${spec.op} here`);
		}
	});
	if (layers.at(-1)?.op !== 'softmax') throw new UsageError(`${summary.network.name}: training needs a network that ends in a softmax`);
}

/**
 * The forward pass up to the logits, saving what backpropagation needs. With `dropout` (a seeded generator) each
 * dropout layer draws a fresh mask, as in training; without it dropout is the identity (testing, paper §4.2).
 */
export async function forwardTape(backend: TrainingBackend, summary: NetworkSummary, weights: Weights, input: Tensor, dropout?: Random): Promise<Tape> {
	const saved: Saved[] = [];
	let x = input;
	for (const spec of summary.network.layers) {
		if (spec.op === 'softmax') break; // the loss takes the logits: softmax and cross-entropy are one op
		const params = () => weights.get(spec.name)!;
		let y: Tensor;
		let mask: Tensor | undefined;
		switch (spec.op) {
			case 'conv':
				y = await backend.conv(x, params().w, params().b, convAttrs(spec));
				break;
			case 'fc':
				y = await backend.fc(x, params().w, params().b);
				break;
			case 'relu':
				y = await backend.relu(x);
				break;
			case 'lrn':
				y = await backend.lrn(x, lrnAttrs(spec));
				break;
			case 'maxpool':
				y = await backend.maxpool(x, poolAttrs(spec));
				break;
			case 'dropout': {
				if (!dropout) {
					y = x;
					break;
				}
				const m = new Float32Array(x.data.length);
				for (let i = 0; i < m.length; i++) m[i] = dropout.next() < spec.ratio ? 0 : 1;
				mask = tensor(x.shape, m);
				y = await backend.dropout(x, mask, spec.ratio);
				break;
			}
			default:
				throw new UsageError(`${spec.name}: training does not know ${spec.op} layers`);
		}
		saved.push(mask ? {spec, x, y, mask} : {spec, x, y});
		x = y;
	}
	return {logits: x, saved};
}

/** Backpropagation: from ∂L/∂logits back through every saved layer, collecting the weight and bias gradients. */
export async function backwardTape(backend: TrainingBackend, weights: Weights, tape: Tape, dlogits: Tensor): Promise<Gradients> {
	const grads: Gradients = new Map();
	let dy = dlogits;
	for (let i = tape.saved.length - 1; i >= 0; i--) {
		const {spec, x, y, mask} = tape.saved[i]!;
		const first = i === 0; // nobody needs ∂L/∂input
		switch (spec.op) {
			case 'conv': {
				const g = await backend.convBackward(x, weights.get(spec.name)!.w, dy, convAttrs(spec), !first);
				grads.set(spec.name, {w: g.dw, b: g.db});
				dy = g.dx;
				break;
			}
			case 'fc': {
				const g = await backend.fcBackward(x, weights.get(spec.name)!.w, dy);
				grads.set(spec.name, {w: g.dw, b: g.db});
				dy = g.dx;
				break;
			}
			case 'relu':
				if (!first) dy = await backend.reluBackward(x, dy);
				break;
			case 'lrn':
				if (!first) dy = await backend.lrnBackward(x, y, dy, lrnAttrs(spec));
				break;
			case 'maxpool':
				if (!first) dy = await backend.maxpoolBackward(x, dy, poolAttrs(spec));
				break;
			case 'dropout':
				if (mask) dy = await backend.dropoutBackward(dy, mask, spec.ratio);
				break;
			default:
				throw new UsageError(`${spec.name}: training does not know ${spec.op} layers`);
		}
	}
	return grads;
}
