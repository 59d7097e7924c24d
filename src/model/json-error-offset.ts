/** The deepest nesting of brackets a network spec may have (a real one has 3). */
export const maxJsonDepth = 64;

/**
 * The character offset where JSON text stops being valid (text.length when it ends too soon, -1 when it is valid).
 * V8's JSON.parse names a position for some errors only ("Unexpected token '}', … is not valid JSON" has none).
 */
export function jsonErrorOffset(text: string): number {
	let i = 0;
	// JSON's whitespace is space, tab, line feed and carriage return only (a BOM or an NBSP is an error there).
	const space = () => {
		while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
	};
	let depth = 0;
	const fail = (): never => {
		throw i;
	};
	const expect = (ch: string) => {
		space();
		if (text[i] !== ch) fail();
		i++;
	};
	const string = () => {
		expect('"');
		while (text[i] !== '"') {
			if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
			if (text[i] === '\\') {
				i++;
				if (text[i] === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
					i += 4;
				} else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
			}
			i++;
		}
		i++;
	};
	const value = (): void => {
		space();
		const ch = text[i];
		if (ch === '{' || ch === '[') {
			const close = ch === '{' ? '}' : ']';
			// Past the deepest nesting the spec reader takes, the error is here (and the recursion stays shallow).
			if (++depth > maxJsonDepth) fail();
			i++;
			space();
			if (text[i] === close) {
				i++;
				depth--;
				return;
			}
			for (;;) {
				if (close === '}') {
					string();
					expect(':');
				}
				value();
				space();
				if (text[i] === close) {
					i++;
					depth--;
					return;
				}
				expect(',');
			}
		}
		if (ch === '"') return string();
		const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(text.slice(i));
		if (!literal) fail();
		i += literal![0].length;
	};
	try {
		value();
		space();
		return i < text.length ? i : -1;
	} catch (at) {
		if (typeof at !== 'number') throw at;
		return Math.min(at, text.length);
	}
}
