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
	for (const e of explainLayer(facts)) {
		lines.push(chalk.cyan(e.label) + (e.unit ? chalk.dim(` (${e.unit})`) : ''));
		lines.push(...wrap(e.formula, '  '));
		const value = chalk.bold(formatNumber(e.value));
		lines.push(...wrap(e.substituted === formatNumber(e.value) || e.substituted === String(e.value) ? `= ${value}` : `= ${e.substituted} = ${value}`, '  '));
		if (e.note) lines.push(...wrap(chalk.yellow(e.note), '  '));
	}
	return lines;
}
