import chalk from 'chalk';
import type {Tensor} from '../../tensor/tensor.js';
import type {ColorLevel} from '../color-level.js';
import {nearSquare} from '../render/channel-grid.js';
import {halfBlockLines} from '../render/heatmap-lines.js';
import type {Rgb} from '../render/palette.js';

/** What a dropout mask did: units ReLU had left active, how many of them it zeroed, and the scale of the survivors. */
export type DropoutEffect = {readonly units: number; readonly active: number; readonly dropped: number; readonly scale: number};

/** Compares a layer's input and output under dropout: a unit active before and zero after was dropped; survivors were scaled. */
export function dropoutEffect(before: Tensor, after: Tensor): DropoutEffect {
	let active = 0;
	let dropped = 0;
	let scale = 0;
	for (let i = 0; i < before.data.length; i++) {
		const x = before.data[i]!;
		if (x === 0) continue;
		active++;
		if (after.data[i] === 0) dropped++;
		else if (scale === 0) scale = after.data[i]! / x;
	}
	return {units: before.data.length, active, dropped, scale};
}

const inactive: Rgb = [40, 40, 40];
const droppedColour: Rgb = [60, 110, 230];
const keptColour: Rgb = [255, 160, 40];

/** The mask drawn unit by unit (near-square grid): grey where ReLU already gave 0, blue where dropout zeroed, orange kept. */
export function dropoutLines(before: Tensor, after: Tensor, ratio: number, width: number, level: ColorLevel): string[] {
	const e = dropoutEffect(before, after);
	const [rows, cols] = nearSquare(e.units);
	const state = (i: number) => (before.data[i] === 0 ? 0 : after.data[i] === 0 ? 1 : 2);
	const lines = [`${e.units} units: ${e.active} active after ReLU, ${e.dropped} of them dropped (${((e.dropped / Math.max(1, e.active)) * 100).toFixed(1)}%, p = ${ratio})`, `survivors scaled by ${e.scale.toFixed(3)} = 1 / (1 − p)`, ''];
	const fit = Math.min(cols, width);
	if (level >= 2) {
		const colour = [inactive, droppedColour, keptColour];
		lines.push(...halfBlockLines((r, c) => colour[state(r * cols + c)]!, rows, fit, level));
	} else {
		for (let r = 0; r < rows; r += 2) {
			let line = '';
			for (let c = 0; c < fit; c++) line += ['.', 'x', '#'][state(r * cols + c)];
			lines.push(line);
		}
	}
	lines.push(level >= 2 ? `${chalk.gray('grey')} ReLU zero  ${chalk.blue('blue')} dropped  ${chalk.yellow('orange')} kept` : '. ReLU zero  x dropped  # kept');
	return lines;
}
