import {InputError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import type {LayerFacts} from '../model/layer-facts.js';
import {fillNormal} from '../tensor/fill-normal.js';
import {createRandom, defaultSeed} from '../tensor/random.js';
import {sizeOf, tensor, type Tensor} from '../tensor/tensor.js';

/** One layer's parameters: weights w ([cout, cin/g, k, k] or [out, in]) and biases b ([cout] or [out], zeros where the layer has none). */
export type LayerWeights = {readonly w: Tensor; readonly b: Tensor};

/** A network's parameters by layer name, for the layers that have any (conv and fc). */
export type Weights = Map<string, LayerWeights>;

/** How random weights are drawn: He et al. 2015 (std √(2 / fan-in), biases 0) or the paper's §5. */
export type InitName = 'he' | 'paper';

/** The names `--init` accepts. */
export const initNames: readonly InitName[] = ['he', 'paper'];

/** Options of initWeights: the seed (default the program's) and the scheme (default He, so activations keep their scale). */
export type InitOptions = {readonly seed?: number; readonly init?: InitName};

// Paper §5: "biases in the second, fourth, and fifth convolutional layers, as well as in the fully-connected hidden layers, with the constant 1".
const paperBiasOne = new Set(['conv2', 'conv4', 'conv5', 'fc6', 'fc7']);
// Paper §5: weights from a zero-mean Gaussian with standard deviation 0.01.
const paperStd = 0.01;

/** The weight and bias shapes a layer needs, or undefined for a layer without parameters. */
export function weightShapes(facts: LayerFacts): {w: number[]; b: number[]} | undefined {
	const l = facts.layer;
	if (l.op === 'conv') {
		const cin = facts.inputs[0]![facts.inputs[0]!.length - 1]!;
		return {w: [l.filters, cin / l.groups, ...l.kernel], b: [l.filters]};
	}
	if (l.op === 'fc') return {w: [l.units, sizeOf(facts.inputs[0]!)], b: [l.units]};
	return undefined;
}

/** Seeded, deterministic random weights for every conv and fc layer: one generator gives each layer, in order, the seed of its normal draws. */
export function initWeights(summary: NetworkSummary, options: InitOptions = {}): Weights {
	const random = createRandom(options.seed ?? defaultSeed);
	const init = options.init ?? 'he';
	const weights: Weights = new Map();
	for (const facts of summary.layers) {
		const shapes = weightShapes(facts);
		if (!shapes) continue;
		const [, ...fanShape] = shapes.w;
		const std = init === 'he' ? Math.sqrt(2 / sizeOf(fanShape)) : paperStd;
		// Each layer's seed is drawn now, in order, so the values never depend on which layer is asked for first; the
		// values themselves are drawn on first use, so a pass can run conv1 before fc6's 38 M weights exist.
		const seed = random.int(2 ** 32);
		const shape = shapes.w;
		let w: Tensor | undefined;
		const biasValue = init === 'paper' && paperBiasOne.has(facts.spec.name) && facts.biases > 0 ? 1 : 0;
		weights.set(facts.spec.name, {
			get w() {
				if (!w) {
					const data = new Float32Array(sizeOf(shape));
					fillNormal(data, std, seed);
					w = tensor(shape, data);
				}
				return w;
			},
			b: tensor(shapes.b, new Float32Array(shapes.b[0]!).fill(biasValue)),
		});
	}
	return weights;
}

/** In words, for screens: which weights these are (random ones always say they are not a trained model). */
export function describeInit(init: InitName, seed: number, untrained = 'not a trained ImageNet model'): string {
	const scheme = init === 'he' ? 'He init' : 'paper §5 init, N(0, 0.01)';
	return `random weights (${scheme}, seed ${seed}), ${untrained}`;
}

/** Checks loaded tensors against the network and returns them as Weights; any mismatch is an InputError naming `source`. */
export function checkWeights(summary: NetworkSummary, loaded: ReadonlyMap<string, {w?: Tensor; b?: Tensor}>, source: string, savedFor?: string): Weights {
	const which = savedFor && savedFor !== summary.network.name ? ` (it was saved for network "${savedFor}")` : '';
	const fail = (why: string) => new InputError(`${source}: ${why}${which}, so it does not fit ${summary.network.name}`);
	const weights: Weights = new Map();
	for (const facts of summary.layers) {
		const shapes = weightShapes(facts);
		if (!shapes) continue;
		const name = facts.spec.name;
		const got = loaded.get(name);
		if (!got?.w) throw fail(`has no weights for layer ${name}`);
		if (got.w.shape.join() !== shapes.w.join()) throw fail(`${name} weights are [${got.w.shape.join(', ')}], expected [${shapes.w.join(', ')}]`);
		let b = got.b;
		if (!b && facts.biases > 0) throw fail(`has no biases for layer ${name}`);
		b ??= tensor(shapes.b);
		if (b.shape.join() !== shapes.b.join()) throw fail(`${name} biases are [${b.shape.join(', ')}], expected [${shapes.b.join(', ')}]`);
		weights.set(name, {w: got.w, b});
	}
	for (const name of loaded.keys()) {
		if (!weights.has(name)) throw fail(`holds weights for a layer "${name}" the network does not have`);
	}
	return weights;
}
