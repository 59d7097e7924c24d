import {ShapeError, SpecError} from '../errors.js';
import {compute} from './formulas.js';
import type {Network, Shape} from './layer-spec.js';
import {inputField, layerFacts, type Field, type LayerFacts} from './layer-facts.js';

/** Whole-network totals per image: parameters, MACs and FLOPs (= 2 × MACs), activations and bytes. */
export type Totals = {
	readonly params: number;
	readonly weights: number;
	readonly biases: number;
	readonly macs: number;
	readonly flops: number;
	readonly activations: number;
	readonly activationBytes: number;
	readonly weightBytes: number;
};

/** A network with the facts of every layer, in order, and its totals. */
export type NetworkSummary = {
	readonly network: Network;
	readonly layers: readonly LayerFacts[];
	readonly totals: Totals;
};

/** Derives every layer's facts from the network's data; throws ShapeError naming the layer that cannot be built. */
export function analyzeNetwork(network: Network): NetworkSummary {
	const [h, w, c] = network.input;
	for (const [what, v] of [
		['height', h],
		['width', w],
		['channels', c],
	] as const) {
		if (!Number.isInteger(v) || v < 1) throw new ShapeError(`input: ${what} must be a positive integer, got ${v}`);
	}
	const imageSize = Math.max(h, w);
	const produced = new Map<string, {shape: Shape; field: Field}>([['input', {shape: network.input, field: inputField}]]);
	const layers: LayerFacts[] = [];
	let previous = 'input';
	for (const spec of network.layers) {
		if (produced.has(spec.name) && spec.name !== 'input') throw new SpecError(`${spec.name}: two layers have this name`);
		const sources = (spec.inputs ?? [previous]).map((name) => {
			const source = produced.get(name);
			if (!source) throw new SpecError(`${spec.name}: input "${name}" is not an earlier layer`);
			return source;
		});
		// Where branches join, the widest view wins (GoogLeNet's inception outputs).
		const field = sources.reduce((a, b) => (b.field.rf > a.rf ? b.field : a), sources[0]!.field);
		const facts = layerFacts(
			spec,
			sources.map((s) => s.shape),
			field,
			imageSize,
		);
		layers.push(facts);
		produced.set(spec.name, {shape: facts.output, field: {rf: facts.rf, jump: facts.jump, rfW: facts.rfW, jumpW: facts.jumpW}});
		previous = spec.name;
	}
	const sum = (key: 'params' | 'weights' | 'biases' | 'macs' | 'activations' | 'activationBytes' | 'weightBytes') => layers.reduce((a, l) => a + l[key], 0);
	const macs = sum('macs');
	return {
		network,
		layers,
		totals: {
			params: sum('params'),
			weights: sum('weights'),
			biases: sum('biases'),
			macs,
			flops: compute('flops', {macs}),
			activations: sum('activations'),
			activationBytes: sum('activationBytes'),
			weightBytes: sum('weightBytes'),
		},
	};
}

/** The facts of the layer with this name; throws a SpecError listing the names when there is none. */
export function findLayer(summary: NetworkSummary, name: string): LayerFacts {
	const facts = summary.layers.find((l) => l.spec.name === name);
	if (!facts) {
		const names = summary.layers.map((l) => l.spec.name).join(', ');
		throw new SpecError(`no layer "${name}" in ${summary.network.name} (layers: ${names})`);
	}
	return facts;
}
