import asciichart from 'asciichart';
import type {Digits} from '../../data/mnist.js';
import type {Evaluation} from '../../runner/evaluate.js';
import {digitArt} from '../render/digit-art.js';
import type {TrainState} from '../train/train-state.js';

/** Seconds as m:ss. */
export function clock(seconds: number): string {
	if (!Number.isFinite(seconds)) return '–:––';
	const s = Math.max(0, Math.round(seconds));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** A bar of `width` cells, `fraction` of them full. */
export function bar(fraction: number, width: number): string {
	const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
	return '█'.repeat(full) + '░'.repeat(width - full);
}

/** At most `points` values: the means of equal runs of the series (which also smooths batch-to-batch noise). */
export function bucketMeans(series: readonly number[], points: number): number[] {
	if (series.length <= points) return [...series];
	const out: number[] = [];
	for (let i = 0; i < points; i++) {
		const from = Math.floor((i * series.length) / points);
		const to = Math.floor(((i + 1) * series.length) / points);
		let s = 0;
		for (let j = from; j < to; j++) s += series[j]!;
		out.push(s / (to - from));
	}
	return out;
}

/** The live screen as lines: progress with images/s and ETA, the loss curve, accuracy per epoch, any problem. */
export function trainLines(state: TrainState, width: number): string[] {
	const done = (state.epoch - 1) * state.batches + state.batch;
	const total = state.epochs * state.batches;
	const lines = [
		`Training the mini AlexNet on ${state.trainCount.toLocaleString('en-US')} MNIST digits, testing on ${state.testCount.toLocaleString('en-US')} it never sees`,
		`device: ${state.device}`,
		'',
		`epoch ${state.epoch}/${state.epochs} ${bar(total > 0 ? done / total : 0, Math.max(10, Math.min(40, width - 70)))} batch ${state.batch}/${state.batches}` +
			`  loss ${Number.isFinite(state.loss) ? state.loss.toFixed(3) : '–'}  lr ${state.lr.toFixed(4)}` +
			`  ${Math.round(state.imagesPerSecond)} img/s  ETA ${clock(state.etaSeconds)}`,
	];
	if (state.losses.length >= 2) {
		const points = bucketMeans(state.losses, Math.max(10, Math.min(state.losses.length, width - 14)));
		lines.push('', 'training loss (cross-entropy, mean of each run of batches)');
		lines.push(...asciichart.plot(points, {height: 8, format: (x) => x.toFixed(2).padStart(6)}).split('\n'));
	}
	if (state.epochRows.length > 0) {
		lines.push('', 'epoch   loss   train acc (dropout on)   test acc   time');
		for (const r of state.epochRows) {
			lines.push(`${String(r.epoch).padStart(5)}  ${r.loss.toFixed(3)}   ${percent(r.accuracy).padStart(21)}   ${percent(r.testAccuracy).padStart(8)}   ${clock(r.seconds)}`);
		}
		if (state.epochRows.length >= 2) {
			lines.push('', 'test accuracy (%) by epoch');
			lines.push(
				...asciichart
					.plot(
						state.epochRows.map((r) => r.testAccuracy * 100),
						{height: 5, format: (x) => x.toFixed(1).padStart(6)},
					)
					.split('\n'),
			);
		}
	}
	if (state.stopping) lines.push('', 'stopping after this batch, keeping the best weights…');
	if (state.problem) lines.push('', `problem: ${state.problem.message}`, `advice: ${state.problem.advice}`);
	const end = state.done;
	if (end?.test) lines.push('', `done in ${end.seconds.toFixed(1)} s: ${(end.test.accuracy * 100).toFixed(1)}% of the test digits right (chance: 10%)`);
	else if (end) lines.push('', `stopped after ${end.seconds.toFixed(1)} s: the loss blew up before any epoch ended, so no weights were kept`);
	return lines;
}

/** The confusion matrix as lines: rows are the true digits, columns the network's guesses. */
export function confusionLines(confusion: Evaluation['confusion']): string[] {
	const lines = ['confusion matrix (rows: true digit, columns: guess)', `      ${[...Array(10).keys()].map((d) => String(d).padStart(5)).join('')}`];
	for (const [truth, row] of confusion.entries()) lines.push(`${String(truth).padStart(5)} ${row.map((n) => String(n).padStart(5)).join('')}`);
	return lines;
}

/** Up to `count` misclassified test digits drawn side by side, each captioned with the truth and the guess. */
export function misclassifiedLines(test: Evaluation, digits: Digits, count: number, width: number): string[] {
	const wrong: number[] = [];
	for (let i = 0; i < digits.count && wrong.length < count; i++) if (digits.labels[i] !== test.predictions[i]) wrong.push(i);
	if (wrong.length === 0) return ['no test digit was misclassified'];
	const perRow = Math.max(1, Math.floor((width + 2) / 30));
	const lines = [`${wrong.length === count ? 'the first ' : ''}${wrong.length} misclassified test digit${wrong.length === 1 ? '' : 's'}`];
	for (let r = 0; r < wrong.length; r += perRow) {
		const row = wrong.slice(r, r + perRow);
		const pixels = digits.size * digits.size;
		const arts = row.map((i) => digitArt(digits.images.subarray(i * pixels, (i + 1) * pixels)));
		lines.push(row.map((i) => `#${i}: a ${digits.labels[i]}, guessed ${test.predictions[i]}`.padEnd(28)).join('  '));
		for (let y = 0; y < arts[0]!.length; y++) lines.push(arts.map((a) => a[y]!).join('  '));
	}
	return lines;
}
