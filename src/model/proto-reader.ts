import {SpecError} from '../errors.js';
import type {ProtoField, ProtoMessage, ProtoScalar} from './parse-proto-text.js';

/** Typed access to the fields of parsed prototxt messages; every error names the file, the line and `where` (e.g. `layer "conv1"`). */
export type ProtoReader = {
	fail(line: number, message: string): never;
	fields(m: ProtoMessage, key: string): readonly ProtoField[];
	has(m: ProtoMessage, key: string): boolean;
	sub(m: ProtoMessage, key: string): ProtoMessage | undefined;
	subs(m: ProtoMessage, key: string): readonly ProtoMessage[];
	str(m: ProtoMessage, key: string, where: string): string | undefined;
	strs(m: ProtoMessage, key: string, where: string): readonly string[];
	num(m: ProtoMessage, key: string, where: string): number | undefined;
	nums(m: ProtoMessage, key: string, where: string): readonly number[];
	bool(m: ProtoMessage, key: string, where: string): boolean | undefined;
	line(m: ProtoMessage, key: string): number;
};

/** A reader for messages parsed from `file`. */
export function protoReader(file: string): ProtoReader {
	const fail = (line: number, message: string): never => {
		throw new SpecError(`${file}:${line}: ${message}`);
	};
	const fields = (m: ProtoMessage, key: string) => m.fields.filter((f) => f.key === key);
	const scalars = (m: ProtoMessage, key: string, where: string): ProtoScalar[] => fields(m, key).map((f) => (f.value.kind === 'message' ? fail(f.line, `${where}: ${key} must be a value, not a block`) : f.value));
	const toNumber = (s: ProtoScalar, key: string, where: string): number => {
		if (s.kind !== 'number') return fail(s.line, `${where}: ${key} must be a number, got "${s.text}"`);
		// A float suffix f, but not the f of inf; infinities and NaN are no size, and say so.
		const t = /inf/i.test(s.text) ? s.text : s.text.replace(/[fF]$/, '');
		const n = /^[-+]?0[xX]/.test(t) ? (t.startsWith('-') ? -1 : 1) * Number.parseInt(t.replace(/^[-+]/, ''), 16) : Number(t);
		if (!Number.isFinite(n)) return fail(s.line, `${where}: ${key} must be a finite number, got ${s.text}`);
		return n;
	};
	const subs = (m: ProtoMessage, key: string): ProtoMessage[] => fields(m, key).map((f) => (f.value.kind === 'message' ? f.value : fail(f.line, `${key} must be a block { … }`)));
	const reader: ProtoReader = {
		fail,
		fields,
		has: (m, key) => m.fields.some((f) => f.key === key),
		subs,
		// A singular field given twice keeps the last value, as protobuf does.
		sub: (m, key) => subs(m, key).at(-1),
		strs: (m, key, where) => scalars(m, key, where).map((s) => s.text),
		str: (m, key, where) => scalars(m, key, where).at(-1)?.text,
		nums: (m, key, where) => scalars(m, key, where).map((s) => toNumber(s, key, where)),
		num: (m, key, where) => reader.nums(m, key, where).at(-1),
		bool: (m, key, where) => {
			const s = scalars(m, key, where).at(-1);
			if (s === undefined) return undefined;
			if (/^(true|t|1)$/i.test(s.text)) return true;
			if (/^(false|f|0)$/i.test(s.text)) return false;
			return fail(s.line, `${where}: ${key} must be true or false, got "${s.text}"`);
		},
		line: (m, key) => fields(m, key).at(-1)?.line ?? m.line,
	};
	return reader;
}
