import {UsageError} from '../errors.js';
import {analyzeNetwork} from '../model/analyze.js';
import {networks, type VariantName} from '../model/networks.js';
import {networkReport} from './network-report.js';

/** Options of `alexnet-tour summary`: a variant (default original), or a trained model file. */
export type SummaryOptions = {variant?: VariantName; model?: string; prototxt?: string; json?: boolean; markdown?: boolean};

/** Prints a network's layer table, totals and where its parameters and compute live. */
export async function run(options: SummaryOptions): Promise<void> {
	const format = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
	if (options.model !== undefined) {
		if (options.variant !== undefined) throw new UsageError('--model and --variant both choose the network: give one');
		// The model is read only here, so summary of a variant never loads the ONNX or Caffe readers.
		const {loadModel} = await import('./forward-setup.js');
		const model = loadModel(options.model, options.prototxt);
		const note = model.matches ? `${options.model}: ${model.matches}, layer for layer\n` : `${options.model}: no built-in variant matches it layer for layer\n`;
		process.stdout.write(`${format === 'text' ? note : ''}${networkReport(model.summary, format)}\n`);
		return;
	}
	const summary = analyzeNetwork(networks[options.variant ?? 'original']);
	process.stdout.write(`${networkReport(summary, format)}\n`);
}
