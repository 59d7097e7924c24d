import {derive, deriveUnrounded, formatNumber, type Derivation, type FormulaName} from './formulas.js';
import type {LayerFacts} from './layer-facts.js';
import {droppedByFloor} from './shapes.js';

/** One figure of a layer with its derivation; `key` is what lessons call it ({{derive conv1.out.w}}). */
export type Explanation = Derivation & {
	readonly key: string;
	readonly label: string;
	readonly unit?: string;
	readonly note?: string;
};

type Scope = Record<string, number>;

const explained = (key: string, label: string, name: FormulaName, scope: Scope, extra: Partial<Explanation> = {}): Explanation => ({
	key,
	label,
	...derive(name, scope),
	...extra,
});

function outputSize(facts: LayerFacts, axis: 'h' | 'w' | 'hw'): Explanation {
	const spec = facts.spec;
	const [h, w] = facts.inputs[0]!;
	const n = axis === 'w' ? w! : h!;
	const label = {h: 'output height', w: 'output width', hw: 'output height and width'}[axis];
	if (spec.op !== 'conv' && spec.op !== 'maxpool' && spec.op !== 'avgpool') throw new Error(`${spec.name} has no size formula`);
	const {kernel: k, stride: s = 1, pad: p = 0} = spec;
	const d = spec.op === 'conv' ? (spec.dilation ?? 1) : 1;
	const ceil = spec.op !== 'conv' && spec.ceil === true;
	const name: FormulaName = spec.op === 'conv' ? (d === 1 ? 'convOut' : 'convOutDilated') : ceil ? 'poolOutCeil' : 'poolOut';
	const scope = {n, k, s, p, d};
	const e = explained(axis === 'hw' ? 'out' : `out.${axis}`, label, name, scope);
	const exact = deriveUnrounded(name, scope);
	const value = (facts.output as readonly number[])[axis === 'w' ? 1 : 0]!;
	const side = {h: 'row', w: 'column', hw: 'row and column'}[axis];
	let note: string | undefined;
	if (!Number.isInteger(exact.value)) {
		const lost = droppedByFloor(n, k, s, p, d);
		note = ceil
			? `${exact.substituted} = ${formatNumber(exact.value)} → ${e.value}: rounding up adds a last window that hangs over the edge`
			: `${exact.substituted} = ${formatNumber(exact.value)} → ${e.value}: the stride does not divide evenly, so the last ${lost} input ${side}${lost === 1 ? '' : 's'} ${lost === 1 ? 'is' : 'are'} never visited (the floor drops ${lost === 1 ? 'it' : 'them'})`;
	}
	if (value !== e.value) note = `${note ? note + '; ' : ''}a last window starting in the padding is dropped: ${value}`;
	return {...e, value, ...(note ? {note} : {})};
}

function parameters(facts: LayerFacts): Explanation[] {
	const spec = facts.spec;
	const x = facts.inputs[0]!;
	if (spec.op === 'conv') {
		const {kernel: k, filters: cout, groups: g = 1} = spec;
		const cin = x[2]!;
		const scope = {k, cin, g, cout};
		const note = g > 1 ? `with ${g} groups each filter is ${k}×${k}×${cin / g}, not ${k}×${k}×${cin}` : undefined;
		const weights = explained('weights', 'weights', g === 1 ? 'convWeights' : 'convWeightsGrouped', scope, note ? {note} : {});
		if (spec.bias === false) return [{...weights, key: 'params', label: 'parameters (no bias)'}, weights];
		return [
			explained('params', 'parameters', g === 1 ? 'convParams' : 'convParamsGrouped', scope, note ? {note} : {}),
			weights,
			{key: 'biases', label: 'biases (one per filter)', formula: 'cout', substituted: String(cout), value: cout},
		];
	}
	if (spec.op === 'fc') {
		const scope = {nin: facts.inputs[0]!.reduce((a, b) => a * b, 1), nout: spec.units};
		const weights = explained('weights', 'weights', 'fcWeights', scope);
		if (spec.bias === false) return [{...weights, key: 'params', label: 'parameters (no bias)'}, weights];
		return [
			explained('params', 'parameters', 'fcParams', scope),
			weights,
			{key: 'biases', label: 'biases (one per unit)', formula: 'nout', substituted: String(spec.units), value: spec.units},
		];
	}
	return [];
}

function compute(facts: LayerFacts): Explanation[] {
	const spec = facts.spec;
	let macs: Explanation | undefined;
	if (spec.op === 'conv') {
		const [ho, wo, cout] = facts.output as readonly [number, number, number];
		const g = spec.groups ?? 1;
		const scope = {ho, wo, cout, k: spec.kernel, cin: facts.inputs[0]![2]!, g};
		macs = explained('macs', 'multiply-accumulates', g === 1 ? 'convMacs' : 'convMacsGrouped', scope, {unit: 'MACs'});
	} else if (spec.op === 'fc') {
		macs = explained('macs', 'multiply-accumulates', 'fcMacs', {nin: facts.inputs[0]!.reduce((a, b) => a * b, 1), nout: spec.units}, {unit: 'MACs'});
	}
	if (!macs) return [];
	return [macs, explained('flops', 'floating-point operations', 'flops', {macs: macs.value}, {unit: 'FLOPs', note: 'one MAC is a multiply and an add: 2 FLOPs'})];
}

function field(facts: LayerFacts): Explanation[] {
	const spec = facts.spec;
	const {rf: r, jump: j} = facts.fieldIn;
	if (spec.op === 'fc') {
		return [{key: 'rf', label: 'receptive field', formula: 'the whole input', substituted: `max(${r}, image)`, value: facts.rf, unit: 'px', note: 'a fully connected unit sees every position'}];
	}
	if (spec.op !== 'conv' && spec.op !== 'maxpool' && spec.op !== 'avgpool') return [];
	const d = spec.op === 'conv' ? (spec.dilation ?? 1) : 1;
	return [
		explained('rf', 'receptive field', 'receptiveField', {r, d, k: spec.kernel, j}, {unit: 'px'}),
		explained('jump', 'effective stride', 'jump', {j, s: spec.stride ?? 1}, {unit: 'px'}),
	];
}

/** Every figure of a layer with the formula it comes from, the numbers substituted and the result (key 'out' only for square inputs). */
export function explainLayer(facts: LayerFacts): Explanation[] {
	const spec = facts.spec;
	const sized = spec.op === 'conv' || spec.op === 'maxpool' || spec.op === 'avgpool';
	const out = facts.output;
	const activations =
		out.length === 3
			? explained('activations', 'activations', 'activations', {h: out[0], w: out[1], c: out[2]})
			: {key: 'activations', label: 'activations', formula: 'n', substituted: String(out[0]), value: out[0]};
	return [
		// One derivation for both sides of a square input, and each side on its own for lessons and non-square inputs.
		...(sized && facts.inputs[0]![0] === facts.inputs[0]![1] ? [outputSize(facts, 'hw')] : []),
		...(sized ? [outputSize(facts, 'h'), outputSize(facts, 'w')] : []),
		...parameters(facts),
		...compute(facts),
		activations,
		explained('bytes', 'activation memory (fp32)', 'activationBytes', {a: facts.activations}, {unit: 'bytes'}),
		...field(facts),
	];
}
