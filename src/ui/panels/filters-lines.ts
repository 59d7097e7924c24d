import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import type {Tensor} from '../../tensor/tensor.js';
import {shape as shapeText} from '../../format/units.js';
import type {ColorLevel} from '../color-level.js';
import {rgbTileLines} from '../render/rgb-tiles.js';
import {signLegend} from '../render/palette.js';

/** A conv layer's filters as tiles: RGB for conv1 (3 input channels), otherwise each filter's mean over its input channels. */
export function filtersLines(layer: string, weights: Tensor, width: number, level: ColorLevel, weightsNote: string, trained = false): string[] {
	const [cout = 0, cin = 0, k = 0] = weights.shape;
	// Colour tiles need 256 colours; below that the filters are drawn as the mean of their input channels.
	const rgb = cin === 3 && level >= 2;
	const channels = cin === 1 ? 'one input channel' : `the mean of its ${cin} input channels`;
	const what = rgb ? 'as RGB, each scaled to its own largest weight (grey is 0)' : `each drawn as ${channels}, scaled to its own largest weight (${signLegend(level)})`;
	// Each weight as large as leaves about six filters a row (a 5×5 filter of the mini net is otherwise a speck).
	const pixelSize = Math.max(1, Math.min(4, Math.floor((width + 1) / (6 * (k + 1)))));
	const {lines} = rgbTileLines(weights, width, level, 0, Infinity, pixelSize);
	return [...wrapLines(`${chalk.bold(layer)}: ${cout} filters of ${shapeText([k, k, cin])}, ${what}`, width), ...wrapLines(trained ? chalk.green(`trained: ${weightsNote}`) : chalk.yellow(weightsNote), width), '', ...lines];
}
