import {shape as shapeText} from '../format/units.js';
import {analyzeNetwork, type NetworkSummary} from '../model/analyze.js';
import {explainLayer, type Explanation} from '../model/explain.js';
import type {LayerFacts} from '../model/layer-facts.js';
import type {LayerSpec, Network, Shape} from '../model/layer-spec.js';
import {networks} from '../model/networks.js';

/** A token's value: a number (formatted by the filters) or ready text (a shape such as 55×55×96). */
export type TokenValue = number | string;

/** Looks up model figures by path, e.g. `conv1.out.shape`, `ungrouped.total.params`, `conv2.kernelShape`. */
export type TokenValues = {
	value(path: string, overrides?: Readonly<Record<string, number>>): TokenValue | undefined;
	explanation(path: string, overrides?: Readonly<Record<string, number>>): Explanation | undefined;
	/** The network names a path may start with. */
	readonly variants: readonly string[];
};

function layerValue(facts: LayerFacts, field: string): TokenValue | undefined {
	const spec = facts.spec as unknown as Record<string, unknown>;
	const input = facts.inputs[0]!;
	const out = facts.output;
	const shapeField = (shape: Shape, f: string): TokenValue | undefined => {
		if (f === 'shape') return shapeText(shape);
		if (f === 'size') return shape.reduce((a, b) => a * b, 1);
		const i = ['h', 'w', 'c'].indexOf(f);
		if (shape.length === 3 && i >= 0) return shape[i];
		if (shape.length === 1 && f === 'n') return shape[0];
		return undefined;
	};
	if (field.startsWith('in.')) return shapeField(input, field.slice(3));
	if (field.startsWith('out.')) return shapeField(out, field.slice(4));
	const groups = typeof spec.groups === 'number' ? spec.groups : 1;
	switch (field) {
		case 'params':
		case 'weights':
		case 'biases':
		case 'macs':
		case 'activations':
		case 'activationBytes':
		case 'weightBytes':
		case 'rf':
		case 'jump':
			return facts[field];
		case 'flops':
			return 2 * facts.macs;
		case 'groups':
			return groups;
		case 'cinPerGroup':
			return input.length === 3 ? input[2]! / groups : undefined;
		case 'kernelShape':
			// One filter's weights: k×k×(cin/g), the claim the errata lesson settles for conv2.
			return facts.layer.op === 'conv' && input.length === 3 ? shapeText([...facts.layer.kernel, input[2]! / groups]) : undefined;
	}
	const v = spec[field];
	return typeof v === 'number' ? v : undefined;
}

/**
 * The network with what-if changes: `input` resizes the input (H = W); any other key replaces that field of `layer`'s spec
 * (`kernel=2` on pool1 asks what non-overlapping pooling would give).
 */
function withOverrides(net: Network, layer: string, overrides: Readonly<Record<string, number>>): Network {
	const {input, ceil, ...numbers} = overrides;
	// `ceil=1` rounds the output size up, as cuda-convnet's convolutions do.
	const fields = ceil === undefined ? numbers : {...numbers, ceil: ceil !== 0};
	const size = input === undefined ? net.input : ([input, input, net.input[2]] as const);
	if (Object.keys(fields).length === 0) return input === undefined ? net : {...net, input: size};
	const layers = net.layers.map((l) => (l.name === layer ? ({...l, ...fields} as LayerSpec) : l));
	return {...net, input: size, layers};
}

/** Token values for the built-in networks, analysed on first use; `input=224` overrides build the same net at another input size. */
export function createTokenValues(nets: Readonly<Record<string, Network>> = networks, defaultNet = 'original'): TokenValues {
	const cache = new Map<string, NetworkSummary>();
	const summary = (name: string, layer: string, overrides: Readonly<Record<string, number>>): NetworkSummary | undefined => {
		const net = nets[name];
		if (!net) return undefined;
		const key = `${name}@${layer}@${JSON.stringify(overrides)}`;
		let s = cache.get(key);
		if (!s) {
			s = analyzeNetwork(withOverrides(net, layer, overrides));
			cache.set(key, s);
		}
		return s;
	};
	const split = (path: string, overrides: Readonly<Record<string, number>>) => {
		const parts = path.split('.');
		const net = nets[parts[0]!] && parts.length > 2 ? parts.shift()! : defaultNet;
		const s = summary(net, parts[0]!, overrides);
		return s ? {s, scope: parts[0]!, field: parts.slice(1).join('.')} : undefined;
	};
	return {
		variants: Object.keys(nets),
		value(path, overrides = {}) {
			const p = split(path, overrides);
			if (!p) return undefined;
			const {s, scope, field} = p;
			if (scope === 'total') {
				if (field === 'layers') return s.layers.length;
				// The layers with weights (conv and fc): the paper's "eight learned layers".
				if (field === 'learned') return s.layers.filter((l) => l.params > 0).length;
				const v = (s.totals as unknown as Record<string, unknown>)[field];
				return typeof v === 'number' ? v : undefined;
			}
			if (scope === 'input') {
				const [h, w, c] = s.network.input;
				return ({shape: shapeText(s.network.input), h, w, c, size: h * w * c} as Record<string, TokenValue>)[field];
			}
			const facts = s.layers.find((l) => l.spec.name === scope);
			return facts ? layerValue(facts, field) : undefined;
		},
		explanation(path, overrides = {}) {
			const p = split(path, overrides);
			const facts = p?.s.layers.find((l) => l.spec.name === p.scope);
			return facts ? explainLayer(facts).find((e) => e.key === p!.field) : undefined;
		},
	};
}
