import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import {formatNumber} from '../../model/formulas.js';
import {playFacts, playKeys, playNames, type PlayValues} from '../../model/play-layer.js';
import {windowRow} from '../../model/window-row.js';
import {shape as shapeText} from '../../format/units.js';
import {derivationLines} from './derivation-lines.js';

/**
 * The layer to play with: its hyperparameters with the selected one marked (changed ones against the real layer's
 * values), what they give (shape, parameters, MACs) and how, or why they are impossible, and the windows along a row.
 */
export function playLines(name: string, values: PlayValues, original: PlayValues, selected: number, width: number): string[] {
	const keys = playKeys(values);
	const lines = [chalk.bold(`Play with ${name}`), chalk.dim(', . choose   + − change   r the real layer again'), ''];
	keys.forEach((key, i) => {
		const changed = values[key] !== original[key];
		const value = String(values[key]).padStart(5);
		const extra = key === 'n' ? `  (${values.n}×${values.n}×${values.cin})` : key === 'g' ? `  (divides ${values.cin} and ${values.filters})` : '';
		lines.push(`${i === selected ? chalk.inverse(' ▸ ') : '   '} ${playNames[key].padEnd(13)}${changed ? chalk.bold.yellow(value) : value}${chalk.dim(extra)}${changed ? chalk.dim(`  was ${original[key]}`) : ''}`);
	});
	lines.push('');
	const result = playFacts(name, values);
	if ('error' in result) {
		lines.push(...wrapLines(chalk.red(`impossible: ${result.error}`), width));
		return lines;
	}
	const f = result.facts;
	const counts = values.op === 'conv' ? `, ${formatNumber(f.params)} parameters, ${formatNumber(f.macs)} MACs` : '';
	lines.push(`→ output ${chalk.bold(shapeText(f.output))}${counts}`, '');
	const cells = Math.floor((width - 12) / 2);
	const row = windowRow({n: values.n, k: values.k, s: values.s, p1: values.p, p2: values.p, d: values.d, ceil: values.ceil}, name, cells);
	lines.push(chalk.dim(row[0]!.startsWith('pixel ') && /\d…/.test(row[0]!) ? 'the windows along one row, its last pixels (where the edge is):' : 'the windows along one row:'), ...row, '');
	lines.push(...derivationLines(f, width).slice(3));
	return lines;
}
