import {readWeights} from '../io/weights-file.js';
import type {NetworkSummary} from '../model/analyze.js';
import {checkWeights, type Weights} from './weights.js';

/** Loaded weights and, in words, where they came from (with the note saved beside them). */
export type LoadedWeights = {readonly weights: Weights; readonly description: string; readonly note?: string};

/** Loads `--weights PATH`: a file `train --save` wrote or a directory `forward --save` wrote, checked against the network. */
export function loadWeights(path: string, summary: NetworkSummary): LoadedWeights {
	const contents = readWeights(path);
	const weights = checkWeights(summary, contents.layers, path, contents.network);
	const note = contents.note ? ` (${contents.note})` : '';
	return {weights, description: `weights loaded from ${path}${note}`, ...(contents.note ? {note: contents.note} : {})};
}
