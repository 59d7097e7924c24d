import {SpecError} from '../errors.js';
import {printable} from '../format/printable.js';
import {jsonErrorOffset, maxJsonDepth} from './json-error-offset.js';
import {layerOps, type LayerOp, type LayerSpec, type Network} from './layer-spec.js';

/** A field's type: a number, a boolean, a size per axis (a number or [h, w]), or a padding (a number, [h, w] or [top, left, bottom, right]). */
type Kind = 'number' | 'boolean' | 'size' | 'pad';
type Fields = {readonly required: Readonly<Record<string, Kind>>; readonly optional: Readonly<Record<string, Kind>>};

const pool: Fields = {required: {kernel: 'size'}, optional: {stride: 'size', pad: 'pad', ceil: 'boolean'}};

/** The fields each op takes besides name, op and inputs: exactly the LayerSpec types of layer-spec.ts. */
const schema: Readonly<Record<LayerOp, Fields>> = {
	conv: {
		required: {filters: 'number', kernel: 'size'},
		optional: {stride: 'size', pad: 'pad', dilation: 'size', groups: 'number', bias: 'boolean', ceil: 'boolean'},
	},
	maxpool: pool,
	avgpool: pool,
	adaptiveavgpool: {required: {size: 'number'}, optional: {}},
	lrn: {required: {size: 'number', alpha: 'number', beta: 'number', k: 'number'}, optional: {alphaOverN: 'boolean'}},
	relu: {required: {}, optional: {}},
	dropout: {required: {ratio: 'number'}, optional: {}},
	fc: {required: {units: 'number'}, optional: {bias: 'boolean'}},
	softmax: {required: {}, optional: {}},
	concat: {required: {}, optional: {}},
};

const finite = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const numbers = (v: unknown, ...lengths: number[]): boolean => Array.isArray(v) && lengths.includes(v.length) && v.every(finite);

function fits(kind: Kind, value: unknown): boolean {
	switch (kind) {
		case 'number':
			return finite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'size':
			return finite(value) || numbers(value, 2);
		case 'pad':
			return finite(value) || numbers(value, 2, 4);
	}
}

const kindText: Readonly<Record<Kind, string>> = {
	number: 'a number',
	boolean: 'a boolean',
	size: 'a number or [height, width]',
	pad: 'a number, [height, width] or [top, left, bottom, right]',
};

/** A JSON value as a message shows it: a number too large for a double is said so, not shown as null; names made printable. */
function valueText(v: unknown): string {
	if (v === undefined) return 'nothing';
	const text = JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? '(a number too large to hold)' : x));
	return printable(text.length > 80 ? `${text.slice(0, 77)}…` : text);
}

const topFields = ['name', 'description', 'input', 'layers'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The deepest nesting of brackets outside strings, and where it first goes past maxJsonDepth. */
function nesting(text: string): {depth: number; at: number} {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (inString) {
			if (ch === '\\') i++;
			else if (ch === '"') inString = false;
		} else if (ch === '"') inString = true;
		else if (ch === '[' || ch === '{') {
			if (++depth > maxJsonDepth) return {depth, at: i};
		} else if (ch === ']' || ch === '}') depth--;
	}
	return {depth, at: text.length};
}

/** A character as an error message shows it: itself where printable, else its code point (U+00A0 for an NBSP). */
function shown(ch: string): string {
	const code = ch.codePointAt(0)!;
	return code > 0x20 && code < 0x7f ? `'${ch}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function parseJson(raw: string, file: string): unknown {
	// A byte-order mark (what Windows editors often save) is not JSON, but it is not the user's mistake either.
	const text = raw.startsWith('\ufeff') ? raw.slice(1) : raw;
	const deepest = nesting(text);
	if (deepest.depth > maxJsonDepth) {
		throw new SpecError(`${file}:${text.slice(0, deepest.at).split('\n').length}: brackets nested more than ${maxJsonDepth} deep: not a network spec`);
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		const message = (error as Error).message;
		const position = /at position (\d+)/.exec(message);
		const offset = position ? Number(position[1]) : jsonErrorOffset(text);
		const where = offset >= 0 ? `:${text.slice(0, offset).split('\n').length}` : '';
		// V8 appends the position or the text itself (where it names no position); the line number says it better.
		const cleaned = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
		const reason = position || offset < 0 ? cleaned : offset >= text.length ? 'Unexpected end of JSON input' : `Unexpected token ${shown(text[offset]!)}`;
		throw new SpecError(`${file}${where}: malformed JSON: ${reason}`);
	}
}

function layer(raw: unknown, index: number, seen: Map<string, number>, file: string): LayerSpec {
	if (!isObject(raw)) throw new SpecError(`${file}: layers[${index}] must be an object {"name", "op", …}`);
	const name = raw['name'];
	if (typeof name !== 'string' || name === '') throw new SpecError(`${file}: layers[${index}]: "name" must be a non-empty string`);
	const fail = (message: string): never => {
		throw new SpecError(`${file}: layer "${printable(String(name))}": ${message}`);
	};
	if (name === 'input') fail('the name "input" is reserved for the network input');
	if (seen.has(name)) fail(`the name is used twice (layers[${seen.get(name)}] and layers[${index}])`);
	const op = raw['op'];
	if (op === undefined) fail('"op" is missing');
	if (!layerOps.includes(op as LayerOp)) fail(`unknown op ${valueText(op)} (known: ${layerOps.join(', ')})`);
	const {required, optional} = schema[op as LayerOp];
	for (const [key, value] of Object.entries(raw)) {
		if (key === 'name' || key === 'op') continue;
		if (key === 'inputs') {
			if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
				fail('"inputs" must be a non-empty array of layer names');
			}
			for (const from of value as string[]) if (from !== 'input' && !seen.has(from)) fail(`input "${from}" is not an earlier layer`);
			continue;
		}
		// Own fields only: a key such as "__proto__" or "constructor" is unknown, not Object's.
		const kind = Object.hasOwn(required, key) ? required[key] : Object.hasOwn(optional, key) ? optional[key] : undefined;
		const allowed = ['name', 'op', 'inputs', ...Object.keys(required), ...Object.keys(optional)].join(', ');
		if (kind === undefined) fail(`unknown field "${printable(key)}" for op "${op}" (allowed: ${allowed})`);
		if (!fits(kind!, value)) fail(`"${key}" must be ${kindText[kind!]}, got ${valueText(value)}`);
	}
	for (const key of Object.keys(required)) if (!(key in raw)) fail(`"${key}" is missing`);
	seen.set(name, index);
	// Names reach the terminal: made printable (inputs the same way, so they still name their layers).
	const inputs = raw['inputs'] as string[] | undefined;
	return {...raw, name: printable(name), ...(inputs ? {inputs: inputs.map(printable)} : {})} as unknown as LayerSpec;
}

/**
 * Reads our JSON network spec: {"name", "input": [H, W, C], "layers": [LayerSpec…]} (see README), every field checked.
 * Types only: sizes that are zero, negative or fractional are left to analyzeNetwork, which names the layer too.
 */
export function parseSpec(text: string, file: string): Network {
	const doc = parseJson(text, file);
	if (!isObject(doc)) throw new SpecError(`${file}: expected a JSON object {"name", "input", "layers"}`);
	for (const key of Object.keys(doc)) {
		if (!topFields.includes(key)) throw new SpecError(`${file}: unknown field "${printable(key)}" (allowed: ${topFields.join(', ')})`);
	}
	const {name, description, input, layers} = doc;
	if (name !== undefined && (typeof name !== 'string' || name === '')) throw new SpecError(`${file}: "name" must be a non-empty string`);
	if (description !== undefined && typeof description !== 'string') throw new SpecError(`${file}: "description" must be a string`);
	if (!Array.isArray(input) || input.length !== 3 || !input.every(finite)) {
		throw new SpecError(`${file}: "input" must be [H, W, C], three numbers, got ${valueText(input)}`);
	}
	if (!Array.isArray(layers) || layers.length === 0) throw new SpecError(`${file}: "layers" must be a non-empty array`);
	const seen = new Map<string, number>();
	const base = file
		.split(/[\\/]/)
		.pop()!
		.replace(/\.[^.]*$/, '');
	return {
		name: printable((name as string | undefined) ?? base),
		input: input as unknown as [number, number, number],
		layers: layers.map((raw, i) => layer(raw, i, seen, file)),
		...(description === undefined ? {} : {description: printable(description as string)}),
	};
}
