import {backendInfo, backendText, skippedLines, type BackendInfo} from '../runner/backend-info.js';
import type {BackendName} from '../backends/backend.js';
import {createBackend} from '../backends/select.js';
import {UsageError} from '../errors.js';
import {textTable} from '../format/table.js';
import type {Network} from '../model/layer-spec.js';
import type {VariantName} from '../model/networks.js';
import {runForward} from '../runner/forward.js';
import {prepareForward} from './forward-setup.js';

/** Options of `alexnet-tour bench`. */
export type BenchOptions = {variant?: VariantName; network?: Network; model?: string; prototxt?: string; backend?: 'auto' | BackendName; runs?: number; json?: boolean};

/** One layer's timing over the runs: median and fastest milliseconds, and GFLOP/s at the median (2·MACs / time). */
export type BenchLayer = {readonly name: string; readonly medianMs: number; readonly minMs: number; readonly gflops: number};

/** What `bench` measured: whole forward passes at batch 1 after one warm-up pass, and the same per layer. */
export type BenchReport = BackendInfo & {
	readonly variant: string;
	readonly runs: number;
	readonly medianMs: number;
	readonly minMs: number;
	readonly gflops: number;
	readonly layers: readonly BenchLayer[];
};

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `runs` full forward passes (after one warm-up pass that compiles kernels and uploads weights). */
export async function benchReport(options: BenchOptions): Promise<BenchReport> {
	const runs = options.runs ?? 5;
	if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new UsageError(`--runs ${runs}: expected a whole number from 1 to 1000`);
	const {summary, weights, input} = prepareForward({
		...(options.variant ? {variant: options.variant} : {}),
		...(options.network ? {network: options.network} : {}),
		// The timing does not depend on the pixel values: any preprocessing makes a fair input.
		...(options.model ? {model: options.model, preprocess: 'torchvision' as const} : {}),
		...(options.prototxt ? {prototxt: options.prototxt} : {}),
	});
	const backend = await createBackend(options.backend ?? 'auto');
	const totals: number[] = [];
	const perLayer = new Map<string, number[]>(summary.layers.map((l) => [l.spec.name, []]));
	try {
		for (let run = 0; run <= runs; run++) {
			const start = performance.now();
			const times: [string, number][] = [];
			for await (const event of runForward(summary, weights, backend, input)) times.push([event.name, event.ms]);
			if (run === 0) continue; // the warm-up pass
			totals.push(performance.now() - start);
			for (const [name, ms] of times) perLayer.get(name)!.push(ms);
		}
	} finally {
		backend.dispose();
	}
	const layers = summary.layers.map((facts) => {
		const ms = perLayer.get(facts.spec.name)!;
		const medianMs = median(ms);
		return {name: facts.spec.name, medianMs, minMs: Math.min(...ms), gflops: facts.macs > 0 && medianMs > 0 ? (2 * facts.macs) / (medianMs * 1e6) : 0};
	});
	const medianMs = median(totals);
	return {
		...backendInfo(backend),
		variant: summary.network.name,
		runs,
		medianMs,
		minMs: Math.min(...totals),
		gflops: (2 * summary.totals.macs) / (medianMs * 1e6),
		layers,
	};
}

/** The report as text: the whole pass, then a table of layers with their share of the time. */
export function benchText(r: BenchReport): string {
	const sum = r.layers.reduce((a, l) => a + l.medianMs, 0);
	const rows = r.layers.map((l) => [l.name, l.medianMs.toFixed(2), l.minMs.toFixed(2), l.gflops > 0 ? l.gflops.toFixed(2) : '', sum > 0 ? `${((100 * l.medianMs) / sum).toFixed(1)}%` : '']);
	const columns = [{title: 'layer'}, {title: 'median ms', align: 'right' as const}, {title: 'min ms', align: 'right' as const}, {title: 'GFLOP/s', align: 'right' as const}, {title: 'share', align: 'right' as const}];
	return [
		`bench: ${r.variant}, batch 1, on ${backendText(r)}`,
		...skippedLines(r),
		`${r.runs} timed run${r.runs === 1 ? '' : 's'} after 1 warm-up: median ${r.medianMs.toFixed(1)} ms, min ${r.minMs.toFixed(1)} ms, ${r.gflops.toFixed(2)} GFLOP/s (1 MAC = 2 FLOPs)`,
		'',
		textTable(columns, rows),
	].join('\n');
}

/** `alexnet-tour bench`: prints the timings (or one JSON document with --json). */
export async function run(options: BenchOptions): Promise<void> {
	const r = await benchReport(options);
	process.stdout.write(`${options.json ? JSON.stringify(r, null, 2) : benchText(r)}\n`);
}
