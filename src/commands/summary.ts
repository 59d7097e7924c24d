import {analyzeNetwork} from '../model/analyze.js';
import {networks, type VariantName} from '../model/networks.js';
import {networkReport} from './network-report.js';

/** Options of `alexnet-tour summary`. */
export type SummaryOptions = {variant: VariantName; json?: boolean; markdown?: boolean};

/** Prints a built-in network's layer table, totals and where its parameters and compute live. */
export function run(options: SummaryOptions): void {
	const summary = analyzeNetwork(networks[options.variant]);
	process.stdout.write(`${networkReport(summary, options.json ? 'json' : options.markdown ? 'markdown' : 'text')}\n`);
}
