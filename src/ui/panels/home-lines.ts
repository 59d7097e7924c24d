import chalk from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type {Lesson} from '../../lessons/lesson.js';

/** The first screen: what this is, which backend computes (or that it is still being chosen), and the lessons. */
export function homeLines(lessons: readonly Lesson[], backend: string | undefined, weights: string | undefined, width: number): string[] {
	const wrap = (s: string) => wrapAnsi(s, width, {hard: true}).split('\n');
	const lines = [
		`${chalk.bold.magenta('AlexNet, computed')}   press ${chalk.bold('→')} or ${chalk.bold('n')} to begin, ${chalk.bold('?')} for the keys, ${chalk.bold('q')} to quit`,
		...wrap(
			'A tour of the network that won ImageNet 2012 (Krizhevsky, Sutskever & Hinton). Every shape, parameter count and ' + 'multiply-accumulate is derived in front of you from the formulas, and every layer runs for real on this machine.',
		),
		'',
		...wrap(`${chalk.cyan('backend')}  ${backend ?? 'choosing a backend…'}`),
		...(weights ? wrap(`${chalk.cyan('weights')}  ${weights}`) : []),
		'',
		chalk.bold('Lessons'),
	];
	for (const l of lessons) lines.push(`${String(l.order).padStart(3)}  ${l.title}`);
	lines.push('', `Press ${chalk.bold('→')} or ${chalk.bold('n')} to begin; ${chalk.bold('End')} jumps to the last lesson.`);
	return lines;
}

/** The keys, for the `?` screen. */
export function helpLines(): string[] {
	return [
		chalk.bold('Keys'),
		'',
		'  → n          next lesson',
		'  ← p          previous lesson',
		'  Home End     the first screen, the last lesson',
		'  ↑ ↓ j k      scroll one line',
		'  PgUp PgDn    scroll one page (space too)',
		"  Enter        run the lesson's layer (or the network); in a question, check",
		'  Tab          switch panel: lesson, derivation, live tensor, filters, play',
		'  z            live tensor: one channel enlarged to the panel, or all again',
		'  [ ]          the enlarged channel before and after',
		'  , . + − r    play panel: choose, change, back to the real layer',
		'  m            the other track: the random original, or the trained mini net',
		'  ?            show or hide this help',
		'  Esc          close this help, a question or the enlarged channel; else quit',
		'  q Ctrl-C     quit (the terminal is restored)',
		'',
		'Colour: truecolor, 256 colours or plain characters, as the terminal allows;',
		'NO_COLOR=1 or --no-color for none.',
	];
}
