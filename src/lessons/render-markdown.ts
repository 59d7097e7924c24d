import {stripVTControlCharacters} from 'node:util';
import {Marked} from 'marked';
import {markedTerminal} from 'marked-terminal';
import wrapAnsi from 'wrap-ansi';

/** How to render: the column width, and whether escape codes (colour, bold) may appear. */
export type RenderOptions = {readonly width: number; readonly color: boolean};

const renderers = new Map<number, Marked>();

function renderer(width: number): Marked {
	let m = renderers.get(width);
	if (!m) {
		m = new Marked(markedTerminal({width, reflowText: true, showSectionPrefix: false, emoji: false, tab: 2}));
		// marked-terminal 7 prints list items' **bold** and `code` raw under marked ≥ 13 (marked-terminal#304), and does not
		// reflow them: parse them inline here.
		m.use({
			renderer: {
				text(token) {
					if (!('tokens' in token) || !token.tokens) return false;
					// Block text only occurs in list items: join its lines and reflow it inside the bullet's indent.
					// A reset code starts each continuation line, so one that begins "96.2% …" is not taken for a numbered item.
					return wrapAnsi(this.parser.parseInline(token.tokens).replace(/\n/g, ' '), width - 6).replace(/\n/g, '\n\u001b[0m');
				},
			},
		});
		renderers.set(width, m);
	}
	return m;
}

/** Markdown as terminal text (marked + marked-terminal), reflowed to `width` columns; plain characters when colour is off. */
export function renderMarkdown(markdown: string, {width, color}: RenderOptions): string {
	const w = Math.max(20, width);
	const text = (renderer(w).parse(markdown, {async: false}) as string).replace(/\n+$/, '');
	// List items and tables are not reflowed by marked-terminal: wrap every line to the width here.
	const out = wrapAnsi(text, w, {hard: true, trim: false});
	return color ? out : stripVTControlCharacters(out);
}
