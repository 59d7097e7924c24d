import asciichart from 'asciichart';
import chalk from 'chalk';
import wrapAnsi from 'wrap-ansi';
import type {TrainEvent} from '../../runner/train.js';
import type {RunState} from '../use-tour-state.js';

/** Averages `values` down to at most `n` points, so a long run's loss curve fits the width. */
export function downsample(values: readonly number[], n: number): number[] {
	if (values.length <= n) return [...values];
	return Array.from({length: n}, (_, i) => {
		const from = Math.floor((i * values.length) / n);
		const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / n));
		return values.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
	});
}

/** The training run as lines: progress, the loss curve (asciichart), test accuracy per epoch, and the end. */
export function trainingLines(run: RunState, width: number, color: boolean): string[] {
	const t = run.training;
	if (!t) return ['Loading the digits and the backend…'];
	const lines: string[] = [];
	for (const e of t.events) for (const line of describe(e)) lines.push(...wrapAnsi(line, width, {hard: true}).split('\n'));
	if (t.losses.length >= 2) {
		const series = downsample(t.losses, Math.max(10, width - 12));
		lines.push('', 'training loss (cross-entropy, per batch):');
		lines.push(...asciichart.plot(series, {height: 8, ...(color ? {colors: [asciichart.yellow]} : {}), format: (x: number) => x.toFixed(2).padStart(6)}).split('\n'));
	}
	if (run.status === 'running') lines.push('', chalk.dim('Tab or ← stops watching; the run goes on until it ends.'));
	return lines;
}

function describe(e: TrainEvent): string[] {
	switch (e.type) {
		case 'start':
			return [`mini AlexNet (${e.params.toLocaleString('en-US')} parameters) on ${e.trainCount} real MNIST digits, ${e.testCount} held out for testing`, `${e.epochs} epoch(s) of ${e.batchesPerEpoch} batches on ${e.device}`];
		case 'batch':
			return [`epoch ${e.epoch}, batch ${e.batch}/${e.batches}: loss ${e.loss.toFixed(3)}, ${Math.round(e.imagesPerSecond)} images/s, about ${Math.ceil(e.etaSeconds)} s left`];
		case 'epoch':
			return [chalk.bold(`epoch ${e.epoch}/${e.epochs}: test accuracy ${(e.testAccuracy * 100).toFixed(1)}% (training ${(e.accuracy * 100).toFixed(1)}%)`)];
		case 'problem':
			return [chalk.yellow(`${e.message} ${e.advice}`)];
		case 'done':
			if (!e.test) return [chalk.yellow(`stopped after ${e.seconds.toFixed(1)} s: the loss blew up before any epoch ended, so no weights were kept`)];
			return [chalk.green(`done in ${e.seconds.toFixed(1)} s: ${(e.test.accuracy * 100).toFixed(1)}% of the test digits right (chance: 10%)`)];
	}
}
