import {bytes, si} from '../format/units.js';
import {LessonError} from '../errors.js';
import {formatNumber} from '../model/formulas.js';
import {windowRow} from '../model/window-row.js';
import type {TokenValue, TokenValues} from './token-values.js';

/**
 * Replaces every `{{…}}` token in a lesson with a figure from the model. Forms:
 *   {{conv1.out.shape}}  {{ungrouped.total.params}}     a value (integers get thousands separators)
 *   {{derive conv1.out.w}} {{derive conv1.out.w input=224}}  the substituted formula and its result
 *   {{formula conv1.out.w}}  {{note conv1.out.w input=224}}  the symbolic formula; what rounding dropped
 *   {{calc fc6.params / total.params | pct}}            arithmetic (+ − * / ^, parentheses, ln( ), log2( )) over values
 *   {{windows n=7 k=3 s=2 p=0}} (d=2, ceil=1)           a picture of the windows along one row (put it in a code block)
 * Filters: int, si (61.0 M), bytes (KiB, MiB or GiB, as `summary` says them), pct (× 100, one decimal, %), sci (4.69×10¹⁷), fixed N,
 * round.
 * Throws LessonError(file, line, token) for anything that does not resolve.
 */
export function resolveTokens(text: string, file: string, values: TokenValues, firstLine = 1): string {
	return text.replace(/\{\{([^{}]*)\}\}/g, (_whole, body: string, offset: number) => {
		const line = firstLine - 1 + text.slice(0, offset).split('\n').length;
		const fail = (detail?: string): never => {
			throw new LessonError(file, line, body.trim(), detail);
		};
		const [head = '', ...filters] = body.split('|').map((s) => s.trim());
		let value = evaluateHead(head, values, fail);
		for (const filter of filters) value = applyFilter(filter, value, fail);
		return typeof value === 'number' ? formatNumber(value) : value;
	});
}

type Fail = (detail?: string) => never;

function parseOverrides(words: string[], fail: Fail): Record<string, number> {
	const overrides: Record<string, number> = {};
	for (const word of words) {
		const m = /^(\w+)=(\d+(?:\.\d+)?)$/.exec(word);
		if (!m) fail(`bad override "${word}" in`);
		overrides[m![1]!] = Number(m![2]);
	}
	return overrides;
}

function evaluateHead(head: string, values: TokenValues, fail: Fail): TokenValue {
	const [word = '', ...rest] = head.split(/\s+/);
	if (word === 'calc') return calc(rest.join(' '), values, fail);
	if (word === 'windows') {
		const {n, k, s = 1, p = 0, d = 1, ceil = 0, ...other} = parseOverrides(rest, fail);
		if (n === undefined || k === undefined || Object.keys(other).length > 0) return fail('windows takes n, k and optionally s, p, d, ceil:');
		try {
			return windowRow({n, k, s, p1: p, p2: p, d, ceil: ceil !== 0}).join('\n');
		} catch (error) {
			return fail(`${(error as Error).message}:`);
		}
	}
	if (word === 'derive' || word === 'formula' || word === 'note') {
		const [path = '', ...more] = rest;
		const e = values.explanation(path, parseOverrides(more, fail)) ?? fail(`no derivation for`);
		if (word === 'formula') return e.formula;
		if (word === 'note') return e.note ?? fail('no note (nothing was rounded away) for');
		return `${e.substituted} = ${formatNumber(e.value)}`;
	}
	const v = values.value(word, parseOverrides(rest, fail));
	return v ?? fail();
}

function applyFilter(filter: string, value: TokenValue, fail: Fail): TokenValue {
	const [name, arg] = filter.split(/\s+/);
	if (typeof value !== 'number') return fail(`filter "${name}" needs a number:`);
	switch (name) {
		case 'int':
			return Math.round(value);
		case 'round':
			return Math.round(value);
		case 'si':
			return si(value);
		case 'bytes':
			return bytes(value);
		case 'pct':
			return `${(value * 100).toFixed(1)}%`;
		case 'sci': {
			// 4.69×10¹⁷: three significant digits and a superscript power of ten.
			const [mantissa, power] = value.toExponential(2).split('e');
			const sup = String(Number(power)).replace(/[-\d]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]!);
			return `${mantissa}×10${sup}`;
		}
		case 'fixed':
			return value.toFixed(Number(arg ?? 1));
	}
	return fail(`unknown filter "${name}" in`);
}

const functions: Readonly<Record<string, (x: number) => number>> = {ln: Math.log, log2: Math.log2};

// A tiny recursive-descent evaluator for + − × ÷ ^, parentheses and ln/log2 over numbers and model paths.
function calc(expr: string, values: TokenValues, fail: Fail): number {
	const tokens = expr.match(/\d+(?:\.\d+)?|[A-Za-z_][\w.]*|[-+*/^()]/g) ?? [];
	if (tokens.join('') !== expr.replace(/\s+/g, '')) fail('cannot read the arithmetic in');
	let i = 0;
	const atom = (): number => {
		const t = tokens[i++];
		if (t === undefined) return fail('unfinished arithmetic in');
		if (t === '(') {
			const v = sum();
			if (tokens[i++] !== ')') fail('missing ) in');
			return v;
		}
		if (t === '-') return -atom();
		if (/^\d/.test(t)) return Number(t);
		const f = functions[t];
		if (f && tokens[i] === '(') return f(atom());
		const v = values.value(t);
		return typeof v === 'number' ? v : fail(`"${t}" is not a number in`);
	};
	const power = (): number => {
		const base = atom();
		if (tokens[i] !== '^') return base;
		i++;
		return base ** power();
	};
	const product = (): number => {
		let v = power();
		while (tokens[i] === '*' || tokens[i] === '/') v = tokens[i++] === '*' ? v * power() : v / power();
		return v;
	};
	const sum = (): number => {
		let v = product();
		while (tokens[i] === '+' || tokens[i] === '-') v = tokens[i++] === '+' ? v + product() : v - product();
		return v;
	};
	const v = sum();
	if (i !== tokens.length) fail('cannot read the arithmetic in');
	return v;
}
