import chalk from 'chalk';
import type {OneOutput} from '../../runner/one-output.js';
import {shortNumber} from '../render/channel-stats.js';

const term = (v: number) => (v < 0 ? `(${shortNumber(v)})` : shortNumber(v));

/**
 * One output of a convolution worked by hand, under the live tensor: the window it reads, its products and their
 * sum, the bias, and the number the kernel wrote at that place (✓ where they agree to float32 precision).
 */
export function oneOutputLines(o: OneOutput, live: number): string[] {
	const agree = Math.abs(live - o.value) <= 1e-4 * Math.max(1, Math.abs(o.value));
	const products = o.first.map((p) => `${term(p.x)}·${term(p.w)}`).join(' + ');
	return [
		chalk.bold('one output by hand'),
		`channel ${o.channel}, row ${o.row}, column ${o.col} reads input rows ${o.rows[0]}–${o.rows[1]}, columns ${o.cols[0]}–${o.cols[1]}, channels ${o.channels[0]}–${o.channels[1]}:`,
		`  Σ x·w over ${o.count} pairs = ${products}${o.count > o.first.length ? ' + …' : ''} = ${shortNumber(o.sum)}`,
		`  + bias ${shortNumber(o.bias)} = ${shortNumber(o.value)}; the live tensor holds ${shortNumber(live)} ${agree ? chalk.green('✓') : chalk.red('✗')}`,
	];
}
