import chalk from 'chalk';
import wrapAnsi from 'wrap-ansi';
import {explainLayer} from '../../model/explain.js';
import {formatNumber} from '../../model/formulas.js';
import type {LayerFacts} from '../../model/layer-facts.js';
import {shapeText} from '../../lessons/token-values.js';

/** A layer's derivation as lines: input → output shape, then each figure as formula, substituted numbers and result, with notes. */
export function derivationLines(facts: LayerFacts, width: number): string[] {
	const lines = [
		chalk.bold(`${facts.spec.name} (${facts.spec.op})`),
		`input ${facts.inputs.map(shapeText).join(' + ')} → output ${chalk.bold(shapeText(facts.output))}`,
		'',
	];
	const wrap = (s: string, indent: string) => wrapAnsi(s, width - indent.length, {hard: true}).split('\n').map((l) => indent + l);
	const all = explainLayer(facts);
	// A square input's height and width share one derivation ('out'); a note said once is enough.
	const shown = all.some((e) => e.key === 'out') ? all.filter((e) => e.key !== 'out.h' && e.key !== 'out.w') : all;
	const noted = new Set<string>();
	for (const e of shown) {
		lines.push(chalk.cyan(e.label) + (e.unit ? chalk.dim(` (${e.unit})`) : ''));
		lines.push(...wrap(e.formula, '  '));
		const value = chalk.bold(formatNumber(e.value));
		lines.push(...wrap(e.substituted === formatNumber(e.value) || e.substituted === String(e.value) ? `= ${value}` : `= ${e.substituted} = ${value}`, '  '));
		if (e.note && !noted.has(e.note)) lines.push(...wrap(chalk.yellow(e.note), '  '));
		if (e.note) noted.add(e.note);
	}
	return lines;
}
