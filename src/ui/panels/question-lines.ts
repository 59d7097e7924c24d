import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import {formatNumber} from '../../model/formulas.js';
import type {Question} from '../../model/quiz.js';
import type {Asking, TourState} from '../use-tour-state.js';

/** A number as the lessons print it: whole numbers with separators, a loss to two decimals. */
const shown = (q: Question) => (q.tolerance > 0 ? q.answer.toFixed(2) : formatNumber(q.answer));

/** The question a lesson asks before it shows its layer: the text, what is typed, then right or wrong with the derivation. */
export function questionLines(question: Question, asking: Asking, count: number, score: TourState['score'], width: number): string[] {
	const wrap = (text: string) => wrapLines(text, width);
	const lines = [chalk.bold(`Predict before it runs (question ${asking.at + 1} of ${count})`), '', ...wrap(question.question), ''];
	if (!asking.result) {
		lines.push(`your answer: ${chalk.bold(asking.typed)}${chalk.inverse(' ')}`, '', ...wrap(chalk.dim('Type a number and press Enter to check; Enter with nothing typed shows the answer; Esc skips the questions.')));
	} else {
		const given = asking.typed.trim();
		// A measured answer is what the live tensor holds; the others are the model's figures.
		const answer = asking.measured !== undefined ? `${asking.measured.toFixed(1)}%` : shown(question);
		const source = asking.measured !== undefined ? 'the live tensor holds' : 'the model says';
		if (asking.result === 'right') lines.push(chalk.green(`✓ right: ${source} ${answer}`));
		else if (asking.result === 'wrong') lines.push(chalk.red(`✗ you said ${given}; ${source} ${answer}`));
		else lines.push(`the answer: ${chalk.bold(answer)}${asking.measured !== undefined ? ' (measured on the live tensor)' : ''}`);
		lines.push('', chalk.dim(asking.measured !== undefined ? 'why' : 'how it is computed'), ...question.explanation.split('\n').flatMap(wrap), '');
		lines.push(chalk.dim(asking.at + 1 < count ? 'Enter: the next question.' : 'Enter: now run it and see.'));
	}
	if (score.asked > 0) lines.push('', chalk.dim(`score so far: ${score.right} of ${score.asked} right`));
	return lines;
}
