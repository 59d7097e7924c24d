import type {Backend} from '../backends/backend.js';
import {UsageError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import {convAttrs, lrnAttrs, poolAttrs} from '../model/normalize.js';
import type {Random} from '../tensor/random.js';
import type {Tensor} from '../tensor/tensor.js';
import {forwardTo, type Saved} from './forward.js';
import type {Weights} from './weights.js';

/** A forward pass kept for backpropagation: the logits (the input of the final softmax) and every layer's saved tensors. */
export type Tape = {readonly logits: Tensor; readonly saved: readonly Saved[]};

/** Gradients of the loss by layer name, shaped like the weights. */
export type Gradients = Map<string, {readonly w: Tensor; readonly b: Tensor}>;

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
 * The forward pass (runForward) up to the logits, with a tape: the loss takes the logits, since softmax and cross-entropy
 * are one op. With `dropout` each dropout layer draws a fresh mask, as in training.
 */
export async function forwardTape(backend: Backend, summary: NetworkSummary, weights: Weights, input: Tensor, dropout?: Random): Promise<Tape> {
	const saved: Saved[] = [];
	const until = summary.layers.at(-2)?.layer.name;
	const logits = await forwardTo(summary, weights, backend, input, {...(until ? {until} : {}), ...(dropout ? {dropout} : {}), tape: saved, weights: 'changing'});
	return {logits, saved};
}

/** Backpropagation: from ∂L/∂logits back through every saved layer, collecting the weight and bias gradients. */
export async function backwardTape(backend: Backend, weights: Weights, tape: Tape, dlogits: Tensor): Promise<Gradients> {
	const grads: Gradients = new Map();
	let dy = dlogits;
	for (let i = tape.saved.length - 1; i >= 0; i--) {
		const {layer: l, x, y, mask} = tape.saved[i]!;
		const first = i === 0; // nobody needs ∂L/∂input
		switch (l.op) {
			case 'conv': {
				const g = await backend.convBackward(x, weights.get(l.name)!.w, dy, convAttrs(l), !first);
				grads.set(l.name, {w: g.dw, b: g.db});
				dy = g.dx;
				break;
			}
			case 'fc': {
				const g = await backend.fcBackward(x, weights.get(l.name)!.w, dy);
				grads.set(l.name, {w: g.dw, b: g.db});
				dy = g.dx;
				break;
			}
			case 'relu':
				if (!first) dy = await backend.reluBackward(x, dy);
				break;
			case 'lrn':
				if (!first) dy = await backend.lrnBackward(x, y, dy, lrnAttrs(l));
				break;
			case 'maxpool':
				if (!first) dy = await backend.maxpoolBackward(x, dy, poolAttrs(l));
				break;
			case 'dropout':
				if (mask) dy = await backend.dropoutBackward(dy, mask, l.ratio);
				break;
			default:
				throw new UsageError(`${l.name}: training does not know ${l.op} layers`);
		}
	}
	return grads;
}
