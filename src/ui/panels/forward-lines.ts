import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import type {RunState} from '../use-tour-state.js';
import {shapeParts} from './live-lines.js';

/** What the forward-pass screen says of the weights and the input: the weights in words, whether trained, the true class if known. */
export type ForwardContext = {readonly weights: string; readonly trained: boolean; readonly truth?: string | undefined; readonly width: number};

/** The forward pass as lines: one per finished layer (shape check, ms), the total, then the top 5 (against the true class, if known) and what the weights are. */
export function forwardLines(run: RunState, backend: string, {weights, trained, truth, width}: ForwardContext): string[] {
	const lines = [chalk.dim('layer   output       derived          ms')];
	let total = 0;
	for (const l of run.layers) {
		total += l.ms;
		const {produced, derived, ok} = shapeParts(l);
		lines.push(`${l.name.padEnd(7)} ${produced.padEnd(10)} ${ok ? chalk.green('✓') : chalk.red('✗')} ${derived.padEnd(10)} ${l.ms.toFixed(1).padStart(8)}`);
	}
	if (run.status === 'done') {
		lines.push(`${'total'.padEnd(7)} ${''.padEnd(23)} ${total.toFixed(1).padStart(8)} ms on ${backend}`);
		if (run.top5) {
			lines.push('', chalk.bold('top 5'));
			for (const c of run.top5) lines.push(`  ${(c.probability * 100).toFixed(2).padStart(6)}%  ${c.label}`);
			const top = run.top5[0];
			if (truth && top) lines.push(top.label === truth ? chalk.green(`the top guess is the true label, ${truth} ✓`) : chalk.red(`the top guess is not the true label, ${truth} ✗`));
		}
		lines.push('', ...wrapLines(trained ? chalk.green(weights) : chalk.yellow(weights), width));
	}
	return lines;
}
