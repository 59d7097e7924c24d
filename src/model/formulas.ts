import {
	create,
	parseDependencies,
	addDependencies,
	subtractDependencies,
	multiplyDependencies,
	divideDependencies,
	floorDependencies,
	ceilDependencies,
	unaryMinusDependencies,
	type MathNode,
	type EvalFunction,
	type FactoryFunctionMap,
} from 'mathjs/number';

/**
 * Every figure's formula, written once in the symbols of the lessons (n k s p d g cin cout …).
 * The same string computes the number and is shown, substituted, as its derivation.
 */
export const formulas = {
	// Output size along one axis (sizeFormula in shapes.ts picks one): 2·p where both sides are padded alike, p1 + p2
	// where they differ; d·(k − 1) + 1 is the span of a dilated kernel; Caffe's pooling and cuda-convnet round up.
	outFloor: 'floor((n + 2 * p - k) / s) + 1',
	outCeil: 'ceil((n + 2 * p - k) / s) + 1',
	outFloorDilated: 'floor((n + 2 * p - d * (k - 1) - 1) / s) + 1',
	outCeilDilated: 'ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1',
	outFloorPads: 'floor((n + p1 + p2 - k) / s) + 1',
	outCeilPads: 'ceil((n + p1 + p2 - k) / s) + 1',
	outFloorPadsDilated: 'floor((n + p1 + p2 - d * (k - 1) - 1) / s) + 1',
	outCeilPadsDilated: 'ceil((n + p1 + p2 - d * (k - 1) - 1) / s) + 1',
	convWeights: 'k * k * cin * cout',
	convParams: '(k * k * cin + 1) * cout',
	convMacs: 'ho * wo * cout * (k * k * cin)',
	// With groups each filter sees only cin / g channels (AlexNet's two-GPU split, §3.2).
	convWeightsGrouped: '(k * k * cin / g) * cout',
	convParamsGrouped: '(k * k * cin / g + 1) * cout',
	convMacsGrouped: 'ho * wo * cout * (k * k * cin / g)',
	// A rectangular kernel kh×kw (Inception's 1×7).
	convWeightsRect: 'kh * kw * cin * cout',
	convParamsRect: '(kh * kw * cin + 1) * cout',
	convMacsRect: 'ho * wo * cout * (kh * kw * cin)',
	convWeightsRectGrouped: '(kh * kw * cin / g) * cout',
	convParamsRectGrouped: '(kh * kw * cin / g + 1) * cout',
	convMacsRectGrouped: 'ho * wo * cout * (kh * kw * cin / g)',
	fcWeights: 'nin * nout',
	fcParams: '(nin + 1) * nout',
	fcMacs: 'nin * nout',
	activations: 'h * w * c',
	activationBytes: '4 * a',
	weightBytes: '4 * params',
	flops: '2 * macs',
	receptiveField: 'r + d * (k - 1) * j',
	jump: 'j * s',
} as const;

export type FormulaName = keyof typeof formulas;

/** The conv formula for a figure: grouped (`/ g`) only where g > 1, kh·kw only where the kernel is not square. */
export function convFormula(figure: 'Weights' | 'Params' | 'Macs', rect: boolean, grouped: boolean): FormulaName {
	return `conv${figure}${rect ? 'Rect' : ''}${grouped ? 'Grouped' : ''}` as FormulaName;
}

/** A formula shown three ways: symbolic, with the numbers put in, and its value. */
export type Derivation = {
	readonly formula: string;
	readonly substituted: string;
	readonly value: number;
};

// Only the functions the formulas use, so the CLI starts fast (the whole mathjs barrel costs ~1.5 s).
const math = create({
	parseDependencies,
	addDependencies,
	subtractDependencies,
	multiplyDependencies,
	divideDependencies,
	floorDependencies,
	ceilDependencies,
	unaryMinusDependencies,
} as FactoryFunctionMap);

const functionNames = new Set(['floor', 'ceil']);
const parsed = new Map<FormulaName, {node: MathNode; code: EvalFunction}>();

function formula(name: FormulaName) {
	let f = parsed.get(name);
	if (!f) {
		const node = math.parse(formulas[name]);
		f = {node, code: node.compile()};
		parsed.set(name, f);
	}
	return f;
}

/** Evaluates a formula for the given values of its symbols. */
export function compute(name: FormulaName, scope: Readonly<Record<string, number>>): number {
	return formula(name).code.evaluate({...scope}) as number;
}

/** Formats an integer with thousands separators from 10,000 up (9216, 34,944); other numbers with up to 4 decimals. */
export function formatNumber(x: number): string {
	if (Number.isInteger(x)) return Math.abs(x) < 10000 ? String(x) : x.toLocaleString('en-US');
	return x.toLocaleString('en-US', {maximumFractionDigits: 4});
}

function pretty(node: MathNode): string {
	const text = node.toString({
		parenthesis: 'keep',
		handler: (n: MathNode, options: object) => {
			if (n.type === 'FunctionNode') {
				const fn = n as MathNode & {fn: {name: string}; args: MathNode[]};
				const [open, close] = fn.fn.name === 'floor' ? ['⌊', '⌋'] : ['⌈', '⌉'];
				return open + fn.args[0]!.toString(options) + close;
			}
			if (n.type === 'ConstantNode') return formatNumber((n as MathNode & {value: number}).value);
			return undefined;
		},
	} as object);
	return text.replaceAll(' * ', '·').replaceAll(' - ', ' − ');
}

function substitute(node: MathNode, scope: Readonly<Record<string, number>>): MathNode {
	return node.transform((n: MathNode) => {
		if (n.type !== 'SymbolNode') return n;
		const name = (n as MathNode & {name: string}).name;
		if (functionNames.has(name)) return n;
		const value = scope[name];
		if (value === undefined) throw new Error(`formula symbol ${name} has no value`);
		return new math.ConstantNode(value);
	});
}

/** The derivation of a formula for the given values: `⌊(227 + 2·0 − 11) / 4⌋ + 1` = 55. */
export function derive(name: FormulaName, scope: Readonly<Record<string, number>>): Derivation {
	const {node} = formula(name);
	return {formula: pretty(node), substituted: pretty(substitute(node, scope)), value: compute(name, scope)};
}

/** The value of a formula without its rounding: `(224 + 2·0 − 11) / 4 + 1` = 54.25, to show what floor or ceil took away. */
export function deriveUnrounded(name: FormulaName, scope: Readonly<Record<string, number>>): Derivation {
	const {node} = formula(name);
	const unrounded = node.transform((n: MathNode) => {
		if (n.type !== 'FunctionNode') return n;
		const fn = n as MathNode & {fn: {name: string}; args: MathNode[]};
		return functionNames.has(fn.fn.name) ? fn.args[0]! : n;
	});
	const sub = substitute(unrounded, scope);
	return {formula: pretty(unrounded), substituted: pretty(sub), value: sub.compile().evaluate() as number};
}
