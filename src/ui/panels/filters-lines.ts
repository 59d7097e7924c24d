import chalk from 'chalk';
import type {Tensor} from '../../tensor/tensor.js';
import {shape as shapeText} from '../../format/units.js';
import type {ColorLevel} from '../color-level.js';
import {rgbTileLines} from '../render/rgb-tiles.js';

/** A conv layer's filters as tiles: RGB for conv1 (3 input channels), otherwise each filter's mean over its input channels. */
export function filtersLines(layer: string, weights: Tensor, width: number, level: ColorLevel, weightsNote: string, trained = false): string[] {
	const [cout = 0, cin = 0, k = 0] = weights.shape;
	const what = cin === 3 ? 'as RGB, each scaled to its own largest weight (grey is 0)' : `each the mean of its ${cin} input channels`;
	const {lines} = rgbTileLines(weights, width, level);
	return [`${chalk.bold(layer)}: ${cout} filters of ${shapeText([k, k, cin])}, ${what}`, trained ? chalk.green(`trained: ${weightsNote}`) : chalk.yellow(weightsNote), '', ...lines];
}
