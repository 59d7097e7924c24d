import type {Tensor} from '../tensor/tensor.js';
import type {Gradients} from './backprop.js';
import type {Weights} from './weights.js';

/** Paper §5: momentum 0.9 and weight decay 0.0005. */
export const paperMomentum = 0.9;
export const paperWeightDecay = 0.0005;

/** Stochastic gradient descent with momentum and weight decay, one velocity per parameter. */
export type Sgd = {
	/** One update with learning rate `lr`, in place on the weights. */
	step(weights: Weights, grads: Gradients, lr: number): void;
};

/**
 * The paper's update rule (§5): v ← 0.9·v − 0.0005·ε·w − ε·∂L/∂w, then w ← w + v. Weight decay applies to
 * the weights only, not the biases (as Caffe's bvlc_alexnet sets decay_mult 0 on biases).
 */
export function createSgd(momentum = paperMomentum, weightDecay = paperWeightDecay): Sgd {
	const velocity = new Map<Tensor, Float32Array>();
	const update = (p: Tensor, g: Tensor, lr: number, decay: number) => {
		let v = velocity.get(p);
		if (!v) velocity.set(p, (v = new Float32Array(p.data.length)));
		const w = p.data;
		const d = g.data;
		for (let i = 0; i < w.length; i++) {
			const vi = momentum * v[i]! - decay * lr * w[i]! - lr * d[i]!;
			v[i] = vi;
			w[i] = w[i]! + vi;
		}
	};
	return {
		step(weights, grads, lr) {
			for (const [name, g] of grads) {
				const p = weights.get(name);
				if (!p) continue;
				update(p.w, g.w, lr, weightDecay);
				update(p.b, g.b, lr, 0);
			}
		},
	};
}
