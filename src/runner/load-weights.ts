import {statSync} from 'node:fs';
import {InputError} from '../errors.js';
import type {NetworkSummary} from '../model/analyze.js';
import {readWeightsDir} from './save-dir.js';
import {checkWeights, type Weights} from './weights.js';
import {readWeightsFile} from './weights-file.js';

/** Loaded weights and, in words, where they came from (with the note saved beside them). */
export type LoadedWeights = {readonly weights: Weights; readonly description: string};

/** Loads `--weights PATH`: a file `train --save` wrote or a directory `forward --save` wrote, checked against the network. */
export function loadWeights(path: string, summary: NetworkSummary): LoadedWeights {
	let isDirectory: boolean;
	try {
		isDirectory = statSync(path).isDirectory();
	} catch {
		throw new InputError(`cannot read weights ${path}: no such file or directory`);
	}
	const contents = isDirectory ? readWeightsDir(path) : readWeightsFile(path);
	const weights = checkWeights(summary, contents.layers, path, contents.network);
	const note = contents.note ? ` (${contents.note})` : '';
	return {weights, description: `weights loaded from ${path}${note}`};
}
