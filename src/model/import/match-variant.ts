import type {Tensor} from '../../tensor/tensor.js';
import {analyzeNetwork} from '../analyze.js';
import type {LayerSpec, Network} from '../layer-spec.js';
import {networks} from '../networks.js';

/** A network with its weights, renamed after the built-in variant it matches (if any), and that variant in words. */
export type Matched = {
	readonly network: Network;
	readonly weights: ReadonlyMap<string, {readonly w: Tensor; readonly b: Tensor}>;
	readonly variant?: string;
	readonly matches?: string;
};

/** A layer's place in a match: its family and its output shape and parameters (LRN constants and names may differ). */
function signature(summary: ReturnType<typeof analyzeNetwork>): string[] {
	return summary.layers.filter((l) => l.spec.op !== 'dropout' && l.spec.op !== 'softmax').map((l) => `${l.spec.op === 'adaptiveavgpool' ? 'avgpool' : l.spec.op}:${l.output.join('x')}:${l.params}`);
}

/**
 * When the network is a built-in variant layer for layer (the same layers, shapes and parameter counts), it takes the
 * variant's layer names, dropout and softmax layers (so every lesson token resolves) and keeps the file's attributes
 * (its LRN constants, its pads); the weights follow their layers.
 */
export function matchVariant(network: Network, weights: ReadonlyMap<string, {readonly w: Tensor; readonly b: Tensor}>): Matched {
	let summary: ReturnType<typeof analyzeNetwork>;
	try {
		summary = analyzeNetwork(network);
	} catch {
		return {network, weights};
	}
	const mine = signature(summary);
	for (const [variant, candidate] of Object.entries(networks)) {
		if (candidate.input.join() !== network.input.join()) continue;
		const theirs = signature(analyzeNetwork(candidate));
		if (theirs.join() !== mine.join()) continue;
		const fileLayers = network.layers.filter((l) => l.op !== 'dropout' && l.op !== 'softmax');
		const byName = new Map<string, {w: Tensor; b: Tensor}>();
		let k = 0;
		const layers = candidate.layers.map((l) => {
			if (l.op === 'dropout' || l.op === 'softmax') return l;
			const mineLayer = fileLayers[k++]!;
			const w = weights.get(mineLayer.name);
			if (w) byName.set(l.name, w);
			const {inputs: _, ...spec} = mineLayer;
			return {...spec, name: l.name} as LayerSpec;
		});
		const lrn = layers.find((l) => l.op === 'lrn');
		const how = lrn?.op === 'lrn' && lrn.alphaOverN && lrn.k === 1 ? ' as Caffe trained it (LRN k = 1, α/n)' : '';
		const words = variant === 'torchvision' ? "torchvision's AlexNet" : variant === 'original' ? `the original two-GPU AlexNet${how}` : variant === 'ungrouped' ? `the one-GPU AlexNet${how}` : `the ${variant} network`;
		return {network: {name: variant, description: candidate.description ?? variant, input: candidate.input, layers}, weights: byName, variant, matches: words};
	}
	return {network, weights};
}
