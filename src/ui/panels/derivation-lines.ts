import chalk from 'chalk';
import wrapAnsi from 'wrap-ansi';
import {derivationRows} from '../../model/explain.js';
import type {LayerFacts} from '../../model/layer-facts.js';
import {shape as shapeText} from '../../format/units.js';

/** A layer's derivation as lines: input → output shape, then each figure as formula, substituted numbers and result, with notes. */
export function derivationLines(facts: LayerFacts, width: number): string[] {
	const lines = [chalk.bold(`${facts.spec.name} (${facts.spec.op})`), `input ${facts.inputs.map(shapeText).join(' + ')} → output ${chalk.bold(shapeText(facts.output))}`, ''];
	const wrap = (s: string, indent: string) =>
		wrapAnsi(s, width - indent.length, {hard: true})
			.split('\n')
			.map((l) => indent + l);
	for (const row of derivationRows(facts, chalk.bold)) {
		lines.push(chalk.cyan(row.label));
		lines.push(...wrap(row.formula, '  '), ...wrap(row.result, '  '));
		if (row.note) lines.push(...wrap(chalk.yellow(row.note), '  '));
	}
	return lines;
}
