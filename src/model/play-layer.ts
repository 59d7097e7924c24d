import {analyzeNetwork} from './analyze.js';
import type {LayerFacts} from './layer-facts.js';
import type {FullConv, FullPool} from './normalize.js';

/** The hyperparameters a learner can change on screen, in the order the keys step through them. */
export type PlayKey = 'n' | 'k' | 's' | 'p' | 'd' | 'g';

/** One conv or pool layer as square numbers: input size n (with cin channels) and k, s, p, d, g (filters for conv). */
export type PlayValues = Readonly<Record<PlayKey, number>> & {readonly cin: number; readonly filters: number; readonly op: 'conv' | 'maxpool' | 'avgpool'; readonly ceil: boolean};

/** What each key is called on screen. */
export const playNames: Readonly<Record<PlayKey, string>> = {n: 'input size n', k: 'kernel k', s: 'stride s', p: 'padding p', d: 'dilation d', g: 'groups g'};

/** The keys a layer offers: a pooling has no dilation and no groups. */
export function playKeys(v: PlayValues): readonly PlayKey[] {
	return v.op === 'conv' ? ['n', 'k', 's', 'p', 'd', 'g'] : ['n', 'k', 's', 'p'];
}

/** A conv or pool layer's own values (its first axis), to start playing from; undefined for any other layer. */
export function playValues(facts: LayerFacts): PlayValues | undefined {
	const l = facts.layer;
	const [n, , cin] = facts.inputs[0] as readonly [number, number, number];
	if (l.op === 'conv') {
		const c = l as FullConv;
		return {op: 'conv', n, cin, filters: c.filters, k: c.kernel[0], s: c.stride[0], p: c.pads[0], d: c.dilation[0], g: c.groups, ceil: c.ceil};
	}
	if (l.op === 'maxpool' || l.op === 'avgpool') {
		const p = l as FullPool;
		return {op: l.op, n, cin, filters: cin, k: p.kernel[0], s: p.stride[0], p: p.pads[0], d: 1, g: 1, ceil: p.ceil};
	}
	return undefined;
}

/**
 * One step of a key: the value moved by `delta`, kept at least its smallest sensible value (0 for padding, 1 for the
 * rest); groups move to the next count that divides both channel counts, since no other is possible.
 */
export function stepValue(v: PlayValues, key: PlayKey, delta: number): PlayValues {
	if (key === 'g') {
		let g = v.g;
		do g += delta;
		while (g >= 1 && g <= v.cin && (v.cin % g !== 0 || v.filters % g !== 0));
		return g >= 1 && g <= v.cin ? {...v, g} : v;
	}
	const floor = key === 'p' ? 0 : 1;
	return {...v, [key]: Math.max(floor, Math.min(4096, v[key] + delta))};
}

/** The layer with these values analysed as the calculator would (formulas, shape, params, MACs), or why it is impossible. */
export function playFacts(name: string, v: PlayValues): {facts: LayerFacts} | {error: string} {
	const layer = v.op === 'conv' ? {name, op: 'conv' as const, filters: v.filters, kernel: v.k, stride: v.s, pad: v.p, dilation: v.d, groups: v.g, ceil: v.ceil} : {name, op: v.op, kernel: v.k, stride: v.s, pad: v.p, ceil: v.ceil};
	try {
		return {facts: analyzeNetwork({name: 'play', input: [v.n, v.n, v.cin], layers: [layer]}).layers[0]!};
	} catch (error) {
		return {error: error instanceof Error ? error.message : String(error)};
	}
}
