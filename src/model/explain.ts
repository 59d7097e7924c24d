import {convFormula, derive, deriveUnrounded, formatNumber, type Derivation, type FormulaName} from './formulas.js';
import {axisWindow, type LayerFacts} from './layer-facts.js';
import {square} from './normalize.js';
import {droppedByFloor, sizeFormula, sizeScope} from './shapes.js';

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
	const l = facts.layer;
	if (l.op !== 'conv' && l.op !== 'maxpool' && l.op !== 'avgpool') throw new Error(`${l.name} has no size formula`);
	const [h, w] = facts.inputs[0]!;
	const a = axisWindow(l, axis === 'w' ? w! : h!, axis === 'w' ? 1 : 0);
	const label = {h: 'output height', w: 'output width', hw: 'output height and width'}[axis];
	const name = sizeFormula(a);
	const scope = sizeScope(a);
	const e = explained(axis === 'hw' ? 'out' : `out.${axis}`, label, name, scope);
	const exact = deriveUnrounded(name, scope);
	const value = (facts.output as readonly number[])[axis === 'w' ? 1 : 0]!;
	const side = {h: 'row', w: 'column', hw: 'row and column'}[axis];
	let note: string | undefined;
	if (!Number.isInteger(exact.value)) {
		const lost = droppedByFloor(a);
		// Of the positions the last stride leaves out, those past the input itself are padding.
		const padding = Math.min(lost, a.p2);
		const real = lost - padding;
		const parts = [real > 0 ? `${count(real, `input ${side}`)}` : '', padding > 0 ? `${count(padding, `padded ${side}`)}` : ''].filter(Boolean);
		const gap = a.s - (a.d * (a.k - 1) + 1);
		const between = gap > 0 ? `; the stride is longer than the window, so ${count(gap, side)} between windows ${gap === 1 ? 'is' : 'are'} skipped too` : '';
		note = a.ceil
			? `${exact.substituted} = ${formatNumber(exact.value)} → ${e.value}: rounding up adds a last window that hangs over the edge`
			: `${exact.substituted} = ${formatNumber(exact.value)} → ${e.value}: the stride does not divide evenly, so the last ${parts.join(' and ')} ${lost === 1 ? 'is' : 'are'} never visited (the floor drops ${lost === 1 ? 'it' : 'them'})${between}`;
	}
	if (value !== e.value) note = `${note ? `${note}; ` : ''}a last window starting in the padding is dropped: ${value}`;
	return {...e, value, ...(note ? {note} : {})};
}

/** "1 input row", "3 input rows and columns". */
function count(n: number, what: string): string {
	return `${n} ${n === 1 ? what : what.replace(/row\b/, 'rows').replace(/column\b/, 'columns')}`;
}

/** True when the height and width windows are the same, so one derivation serves both sides. */
function sameAxes(facts: LayerFacts): boolean {
	const l = facts.layer;
	if (l.op !== 'conv' && l.op !== 'maxpool' && l.op !== 'avgpool') return false;
	const [h, w] = facts.inputs[0]!;
	return JSON.stringify(axisWindow(l, h!, 0)) === JSON.stringify(axisWindow(l, w!, 1));
}

function parameters(facts: LayerFacts): Explanation[] {
	const l = facts.layer;
	const x = facts.inputs[0]!;
	if (l.op === 'conv') {
		const {filters: cout, groups: g} = l;
		const [kh, kw] = l.kernel;
		const rect = !square(l.kernel);
		const cin = x[2]!;
		const scope = {k: kh, kh, kw, cin, g, cout};
		const note = g > 1 ? `with ${g} groups each filter is ${kh}×${kw}×${cin / g}, not ${kh}×${kw}×${cin}` : undefined;
		const weights = explained('weights', 'weights', convFormula('Weights', rect, g > 1), scope, note ? {note} : {});
		if (!l.bias) return [{...weights, key: 'params', label: 'parameters (no bias)'}, weights];
		return [explained('params', 'parameters', convFormula('Params', rect, g > 1), scope, note ? {note} : {}), weights, {key: 'biases', label: 'biases (one per filter)', formula: 'cout', substituted: String(cout), value: cout}];
	}
	if (l.op === 'fc') {
		const scope = {nin: facts.inputs[0]!.reduce((a, b) => a * b, 1), nout: l.units};
		const weights = explained('weights', 'weights', 'fcWeights', scope);
		if (!l.bias) return [{...weights, key: 'params', label: 'parameters (no bias)'}, weights];
		return [explained('params', 'parameters', 'fcParams', scope), weights, {key: 'biases', label: 'biases (one per unit)', formula: 'nout', substituted: String(l.units), value: l.units}];
	}
	return [];
}

function compute(facts: LayerFacts): Explanation[] {
	const l = facts.layer;
	let macs: Explanation | undefined;
	if (l.op === 'conv') {
		const [ho, wo, cout] = facts.output as readonly [number, number, number];
		const [kh, kw] = l.kernel;
		const scope = {ho, wo, cout, k: kh, kh, kw, cin: facts.inputs[0]![2]!, g: l.groups};
		macs = explained('macs', 'multiply-accumulates', convFormula('Macs', !square(l.kernel), l.groups > 1), scope, {unit: 'MACs'});
	} else if (l.op === 'fc') {
		macs = explained('macs', 'multiply-accumulates', 'fcMacs', {nin: facts.inputs[0]!.reduce((a, b) => a * b, 1), nout: l.units}, {unit: 'MACs'});
	}
	if (!macs) return [];
	return [macs, explained('flops', 'floating-point operations', 'flops', {macs: macs.value}, {unit: 'FLOPs', note: 'one MAC is a multiply and an add: 2 FLOPs'})];
}

function field(facts: LayerFacts): Explanation[] {
	const l = facts.layer;
	const {rf: r, jump: j, rfW: rw, jumpW: jw} = facts.fieldIn;
	if (l.op === 'fc') {
		return [{key: 'rf', label: 'receptive field', formula: 'the whole input', substituted: `max(${r}, image)`, value: facts.rf, unit: 'px', note: 'a fully connected unit sees every position'}];
	}
	if (l.op !== 'conv' && l.op !== 'maxpool' && l.op !== 'avgpool') return [];
	const d = l.op === 'conv' ? l.dilation : ([1, 1] as const);
	const sameAxes = square(l.kernel) && square(l.stride) && d[0] === d[1] && r === rw && j === jw;
	const rf = (key: string, label: string, axis: 0 | 1) => explained(key, label, 'receptiveField', {r: axis ? rw : r, d: d[axis], k: l.kernel[axis], j: axis ? jw : j}, {unit: 'px'});
	const jump = (key: string, label: string, axis: 0 | 1) => explained(key, label, 'jump', {j: axis ? jw : j, s: l.stride[axis]}, {unit: 'px'});
	if (sameAxes) return [rf('rf', 'receptive field', 0), jump('jump', 'effective stride', 0)];
	return [rf('rf', 'receptive field (height)', 0), rf('rf.w', 'receptive field (width)', 1), jump('jump', 'effective stride (height)', 0), jump('jump.w', 'effective stride (width)', 1)];
}

/** Every figure of a layer with the formula it comes from, the numbers substituted and the result (key 'out' only for square inputs). */
export function explainLayer(facts: LayerFacts): Explanation[] {
	const op = facts.layer.op;
	const sized = op === 'conv' || op === 'maxpool' || op === 'avgpool';
	const out = facts.output;
	const activations = out.length === 3 ? explained('activations', 'activations', 'activations', {h: out[0], w: out[1], c: out[2]}) : {key: 'activations', label: 'activations', formula: 'n', substituted: String(out[0]), value: out[0]};
	return [
		// One derivation for both sides of a square input, and each side on its own for lessons and non-square inputs.
		...(sized && sameAxes(facts) ? [outputSize(facts, 'hw')] : []),
		...(sized ? [outputSize(facts, 'h'), outputSize(facts, 'w')] : []),
		...parameters(facts),
		...compute(facts),
		activations,
		explained('bytes', 'activation memory (fp32)', 'activationBytes', {a: facts.activations}, {unit: 'bytes'}),
		...field(facts),
	];
}

/** The explanations a screen shows: one size derivation for both sides where they agree, else each side. */
export function shownExplanations(facts: LayerFacts): Explanation[] {
	const all = explainLayer(facts);
	return all.some((e) => e.key === 'out') ? all.filter((e) => e.key !== 'out.h' && e.key !== 'out.w') : all;
}

/** One derivation ready to show: its label and unit, the formula, the line with the numbers and result, and a note said once. */
export type DerivationRows = {readonly label: string; readonly unit?: string; readonly formula: string; readonly result: string; readonly note?: string};

/**
 * A layer's derivations as screens and `calc` show them: one size derivation for both sides where they agree, the
 * substitution left out where it is only the number (biases = cout = 96), each note once. `value` styles the result.
 */
export function derivationRows(facts: LayerFacts, value: (text: string) => string = (t) => t): DerivationRows[] {
	const noted = new Set<string>();
	return shownExplanations(facts).map((e) => {
		const number = formatNumber(e.value);
		const v = value(number) + (e.unit ? ` ${e.unit}` : '');
		const trivial = e.substituted === number || e.substituted === String(e.value);
		const note = e.note && !noted.has(e.note) ? e.note : undefined;
		if (e.note) noted.add(e.note);
		return {label: e.label, ...(e.unit ? {unit: e.unit} : {}), formula: e.formula, result: trivial ? `= ${v}` : `= ${e.substituted} = ${v}`, ...(note ? {note} : {})};
	});
}
