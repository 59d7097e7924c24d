import {SpecError} from '../errors.js';
import {printable} from '../format/printable.js';

/** A scalar value of protobuf text format: a string, a number, or a bare identifier (an enum such as MAX or true). */
export type ProtoScalar = {readonly kind: 'string' | 'number' | 'ident'; readonly text: string; readonly line: number};

/** One `key: value` or `key { … }` entry, with the line it starts on (1-based). */
export type ProtoField = {readonly key: string; readonly line: number; readonly value: ProtoScalar | ProtoMessage};

/** A message: its fields in file order (repeated keys stay repeated). */
export type ProtoMessage = {readonly kind: 'message'; readonly line: number; readonly fields: readonly ProtoField[]};

type Token = {readonly kind: 'punct' | 'string' | 'word'; readonly text: string; readonly line: number};

const escapes: Record<string, string> = {n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"'};
const punct = new Set(['{', '}', ':', '[', ']', ',', ';', '<', '>']);
// One way to match a run of digits (\d+(\.\d*)?): the pattern `\d+\.?\d*` had quadratically many, and 50,000 digits took 6 s.
const number = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?[fF]?$|^[-+]?0[xX][0-9a-fA-F]+$|^-?(?:inf|infinity|nan)$/i;

/** The deepest nesting of blocks a prototxt may have (Caffe's files go 3 deep). */
const maxDepth = 64;

/** A token as a message shows it: printable, and cut to 40 characters. */
const shownToken = (text: string) => printable(text.length > 40 ? `${text.slice(0, 37)}…` : text);

function tokenize(text: string, file: string): Token[] {
	const tokens: Token[] = [];
	let line = 1;
	let i = 0;
	while (i < text.length) {
		const ch = text[i]!;
		if (ch === '\n') line++;
		if (/\s/.test(ch)) {
			i++;
		} else if (ch === '#') {
			while (i < text.length && text[i] !== '\n') i++;
		} else if (punct.has(ch)) {
			tokens.push({kind: 'punct', text: ch, line});
			i++;
		} else if (ch === '"' || ch === "'") {
			let value = '';
			i++;
			while (text[i] !== ch) {
				if (i >= text.length || text[i] === '\n') throw new SpecError(`${file}:${line}: unterminated string`);
				if (text[i] === '\\') {
					i++;
					value += escapes[text[i]!] ?? text[i];
				} else value += text[i];
				i++;
			}
			i++;
			// Names reach the terminal: made printable here, so tops and bottoms still match.
			tokens.push({kind: 'string', text: printable(value), line});
		} else if (/[\w.+-]/.test(ch)) {
			const start = i;
			while (i < text.length && /[\w.+-]/.test(text[i]!)) i++;
			tokens.push({kind: 'word', text: text.slice(start, i), line});
		} else {
			throw new SpecError(`${file}:${line}: unexpected character "${shownToken(ch)}"`);
		}
	}
	return tokens;
}

/** Parses protobuf text format (Caffe's prototxt) into a tree of messages; throws SpecError with file and line on malformed text. */
export function parseProtoText(text: string, file: string): ProtoMessage {
	const tokens = tokenize(text, file);
	let at = 0;
	const fail = (token: Token | undefined, what: string): never => {
		const line = token?.line ?? tokens.at(-1)?.line ?? 1;
		const got = token ? `"${shownToken(token.text)}"` : 'the end of the file';
		throw new SpecError(`${file}:${line}: expected ${what}, got ${got}`);
	};
	const scalar = (): ProtoScalar => {
		const token = tokens[at];
		if (token?.kind === 'string') {
			let value = token.text;
			at++;
			// Adjacent strings join, as in C.
			while (tokens[at]?.kind === 'string') value += tokens[at++]!.text;
			return {kind: 'string', text: value, line: token.line};
		}
		if (token?.kind !== 'word') return fail(token, 'a value');
		at++;
		const kind = number.test(token.text) ? 'number' : 'ident';
		if (kind === 'ident' && !/^[A-Za-z_]\w*$/.test(token.text)) return fail(token, 'a value');
		return {kind, text: token.text, line: token.line};
	};
	const message = (line: number, close: string | undefined, depth = 0): ProtoMessage => {
		if (depth > maxDepth) throw new SpecError(`${file}:${line}: blocks nested more than ${maxDepth} deep: not a prototxt`);
		const fields: ProtoField[] = [];
		for (;;) {
			const token = tokens[at];
			if (token === undefined) {
				if (close === undefined) return {kind: 'message', line, fields};
				throw new SpecError(`${file}:${tokens.at(-1)?.line ?? line}: the block opened on line ${line} is not closed`);
			}
			if (close !== undefined && token.text === close && token.kind === 'punct') {
				at++;
				return {kind: 'message', line, fields};
			}
			if (token.kind !== 'word' || !/^[A-Za-z_]\w*$/.test(token.text)) return fail(token, 'a field name');
			at++;
			const colon = tokens[at]?.text === ':' && tokens[at]?.kind === 'punct';
			if (colon) at++;
			const next = tokens[at];
			if (next?.kind === 'punct' && (next.text === '{' || next.text === '<')) {
				at++;
				fields.push({key: token.text, line: token.line, value: message(next.line, next.text === '{' ? '}' : '>', depth + 1)});
			} else if (!colon) {
				return fail(next, `":" or "{" after "${token.text}"`);
			} else if (next?.kind === 'punct' && next.text === '[') {
				// A repeated field written as a list: `dim: [1, 3, 227, 227]`.
				at++;
				while (tokens[at]?.text !== ']') {
					fields.push({key: token.text, line: token.line, value: scalar()});
					if (tokens[at]?.text === ',') at++;
					else if (tokens[at]?.text !== ']') fail(tokens[at], '"," or "]"');
				}
				at++;
			} else {
				fields.push({key: token.text, line: token.line, value: scalar()});
			}
			if (tokens[at]?.kind === 'punct' && (tokens[at]!.text === ',' || tokens[at]!.text === ';')) at++;
		}
	};
	return message(1, undefined);
}
