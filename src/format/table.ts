/** A column: its heading and whether numbers line up on the right. */
export type Column = {readonly title: string; readonly align?: 'left' | 'right'};

const width = (s: string): number => [...s].length;

/** A plain-text table with aligned columns, a rule under the heading, and optional footer rows under a second rule. */
export function textTable(columns: readonly Column[], rows: readonly (readonly string[])[], footer: readonly (readonly string[])[] = []): string {
	const all = [columns.map((c) => c.title), ...rows, ...footer];
	const widths = columns.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
	const line = (r: readonly string[]) =>
		columns
			.map((c, i) => {
				const cell = r[i] ?? '';
				const pad = ' '.repeat(widths[i]! - width(cell));
				return c.align === 'right' ? pad + cell : cell + pad;
			})
			.join('  ')
			.trimEnd();
	const rule = widths.map((w) => '─'.repeat(w)).join('  ');
	const out = [line(all[0]!), rule, ...rows.map(line)];
	if (footer.length > 0) out.push(rule, ...footer.map(line));
	return out.join('\n');
}

/** The same table as GitHub-flavoured Markdown, for a teacher's notes. */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
	const esc = (s: string) => s.replaceAll('|', '\\|');
	const head = `| ${columns.map((c) => esc(c.title)).join(' | ')} |`;
	const rule = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
	return [head, rule, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
