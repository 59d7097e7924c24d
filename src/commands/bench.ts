import {backendInfo, backendText, skippedLines, type BackendInfo} from '../runner/backend-info.js';
import type {BackendName} from '../backends/backend.js';
import {residentMatrix} from '../backends/fast/wasm/gemv-wasm.js';
import {backendNames, createBackend} from '../backends/select.js';
import {UsageError} from '../errors.js';
import {textTable} from '../format/table.js';
import type {Network} from '../model/layer-spec.js';
import type {VariantName} from '../model/networks.js';
import {runForward} from '../runner/forward.js';
import {prepareForward} from './forward-setup.js';

/** Options of `alexnet-tour bench`; `backend` may name several engines, comma-separated (`fast,webasm`). */
export type BenchOptions = {variant?: VariantName; network?: Network; model?: string; prototxt?: string; backend?: string; runs?: number; warmup?: number; json?: boolean};

/**
 * One layer's timing over the runs: median and fastest milliseconds, GFLOP/s at the median (2·MACs / time) and, for
 * a fully connected layer, the GB/s at which its weights were consumed (weight bytes / time: at batch 1 its bound).
 */
export type BenchLayer = {readonly name: string; readonly medianMs: number; readonly minMs: number; readonly gflops: number; readonly gbps?: number};

/**
 * The memory-speed floor of a fully connected layer on this machine: the median time to read its weights once (a
 * WebAssembly SIMD sum over them, measured in the same run), and the GB/s that is.
 */
export type WeightRead = {readonly name: string; readonly bytes: number; readonly medianMs: number; readonly gbps: number};

/** What `bench` measured: whole forward passes at batch 1 after warm-up passes, and the same per layer. */
export type BenchReport = BackendInfo & {
	readonly variant: string;
	readonly runs: number;
	readonly warmup: number;
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

/** The engines `--backend` names: one, or several comma-separated, each auto or a backend's name. */
export function benchEngines(list = 'auto'): ('auto' | BackendName)[] {
	const names = list.split(',').map((s) => s.trim());
	for (const name of names) {
		if (name !== 'auto' && !(backendNames as readonly string[]).includes(name)) throw new UsageError(`--backend ${list}: "${name}" is not an engine (expected auto, ${backendNames.join(', ')}, or several comma-separated)`);
	}
	if (new Set(names).size !== names.length) throw new UsageError(`--backend ${list}: an engine is named twice`);
	return names as ('auto' | BackendName)[];
}

function prepare(options: BenchOptions) {
	return prepareForward({
		...(options.variant ? {variant: options.variant} : {}),
		...(options.network ? {network: options.network} : {}),
		// The timing does not depend on the pixel values: any preprocessing makes a fair input.
		...(options.model ? {model: options.model, preprocess: 'torchvision' as const} : {}),
		...(options.prototxt ? {prototxt: options.prototxt} : {}),
	});
}

/**
 * Times `runs` full forward passes on one engine after `warmup` untimed ones: the first compiles kernels and uploads
 * weights, and the next few still run while the JavaScript around the kernels is being optimized.
 */
async function benchReport(prepared: ReturnType<typeof prepare>, engine: 'auto' | BackendName, runs: number, warmup: number): Promise<BenchReport> {
	const {summary, weights, input} = prepared;
	const backend = await createBackend(engine);
	const totals: number[] = [];
	const perLayer = new Map<string, number[]>(summary.layers.map((l) => [l.spec.name, []]));
	try {
		for (let run = 0; run < warmup + runs; run++) {
			const start = performance.now();
			const times: [string, number][] = [];
			for await (const event of runForward(summary, weights, backend, input)) times.push([event.name, event.ms]);
			if (run < warmup) continue;
			totals.push(performance.now() - start);
			for (const [name, ms] of times) perLayer.get(name)!.push(ms);
		}
	} finally {
		backend.dispose();
	}
	const layers = summary.layers.map((facts) => {
		const ms = perLayer.get(facts.spec.name)!;
		const medianMs = median(ms);
		const gflops = facts.macs > 0 && medianMs > 0 ? (2 * facts.macs) / (medianMs * 1e6) : 0;
		const gbps = facts.layer.op === 'fc' && medianMs > 0 ? {gbps: facts.weightBytes / (medianMs * 1e6)} : {};
		return {name: facts.spec.name, medianMs, minMs: Math.min(...ms), gflops, ...gbps};
	});
	const medianMs = median(totals);
	return {
		...backendInfo(backend),
		variant: summary.network.name,
		runs,
		warmup,
		medianMs,
		minMs: Math.min(...totals),
		gflops: (2 * summary.totals.macs) / (medianMs * 1e6),
		layers,
	};
}

/**
 * Times reading each fully connected layer's weights once on this thread, `runs` times after one warm-up: the floor
 * a batch-1 fc layer on one core cannot beat, measured on the same machine in the same run as the engines.
 */
export function weightReads(prepared: ReturnType<typeof prepare>, runs: number): WeightRead[] {
	const reads: WeightRead[] = [];
	for (const facts of prepared.summary.layers) {
		if (facts.layer.op !== 'fc') continue;
		const w = prepared.weights.get(facts.spec.name)!.w;
		const matrix = residentMatrix(w.data, w.shape[0]!, w.data.length / w.shape[0]!);
		if (!matrix) continue; // no WebAssembly SIMD: no honest floor to give
		matrix.timeRead();
		const ms = Array.from({length: runs}, () => matrix.timeRead() * 1000);
		const medianMs = median(ms);
		reads.push({name: facts.spec.name, bytes: facts.weightBytes, medianMs, gbps: facts.weightBytes / (medianMs * 1e6)});
	}
	return reads;
}

/** The report as text: the whole pass, then a table of layers with their share of the time. */
export function benchText(r: BenchReport): string {
	const sum = r.layers.reduce((a, l) => a + l.medianMs, 0);
	const rows = r.layers.map((l) => [l.name, l.medianMs.toFixed(2), l.minMs.toFixed(2), l.gflops > 0 ? l.gflops.toFixed(2) : '', l.gbps !== undefined ? l.gbps.toFixed(1) : '', sum > 0 ? `${((100 * l.medianMs) / sum).toFixed(1)}%` : '']);
	const right = 'right' as const;
	const columns = [{title: 'layer'}, {title: 'median ms', align: right}, {title: 'min ms', align: right}, {title: 'GFLOP/s', align: right}, {title: 'GB/s', align: right}, {title: 'share', align: right}];
	return [
		`bench: ${r.variant}, batch 1, on ${backendText(r)}`,
		...skippedLines(r),
		`${r.runs} timed run${r.runs === 1 ? '' : 's'} after ${r.warmup} warm-up${r.warmup === 1 ? '' : 's'}: median ${r.medianMs.toFixed(1)} ms, min ${r.minMs.toFixed(1)} ms, ${r.gflops.toFixed(2)} GFLOP/s (1 MAC = 2 FLOPs)`,
		'',
		textTable(columns, rows),
	].join('\n');
}

/** The fc layers' memory floor as text, each beside the time the engines took. */
function readsText(reads: readonly WeightRead[], reports: readonly BenchReport[]): string {
	if (reads.length === 0) return '';
	const rows = reads.map((r) => [
		r.name,
		`${(r.bytes / 2 ** 20).toFixed(1)} MiB`,
		r.medianMs.toFixed(2),
		r.gbps.toFixed(1),
		...reports.map((e) => {
			const l = e.layers.find((x) => x.name === r.name)!;
			return `${l.medianMs.toFixed(2)} (${(l.medianMs / r.medianMs).toFixed(2)}×)`;
		}),
	]);
	const columns = [
		{title: 'fc layer'},
		{title: 'weights', align: 'right' as const},
		{title: '1-core read ms', align: 'right' as const},
		{title: 'GB/s', align: 'right' as const},
		...reports.map((e) => ({title: `${e.backend} ms`, align: 'right' as const})),
	];
	return [
		"The memory floor: reading each fc layer's weights once on one core (a SIMD sum, same run), against each engine\n(fast splits a batch-1 fc layer's rows over its threads, so with two it can come in under this):",
		'',
		textTable(columns, rows),
	].join('\n');
}

/** `alexnet-tour bench`: times each engine asked in turn, then the fc weights' read; prints text or one JSON document. */
export async function run(options: BenchOptions): Promise<void> {
	const engines = benchEngines(options.backend);
	const runs = options.runs ?? 5;
	if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new UsageError(`--runs ${runs}: expected a whole number from 1 to 1000`);
	const warmup = options.warmup ?? 2;
	if (!Number.isInteger(warmup) || warmup < 1 || warmup > 100) throw new UsageError(`--warmup ${warmup}: expected a whole number from 1 to 100`);
	const prepared = prepare(options);
	const reports: BenchReport[] = [];
	for (const engine of engines) reports.push(await benchReport(prepared, engine, runs, warmup));
	const weightRead = weightReads(prepared, runs);
	if (options.json) {
		const doc = reports.length === 1 ? {...reports[0]!, weightRead} : {runs, warmup, engines: reports, weightRead};
		process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
		return;
	}
	const parts = reports.map(benchText);
	if (reports.length > 1) {
		const rows = reports.map((r) => [r.backend, r.device, r.medianMs.toFixed(1), r.minMs.toFixed(1), r.gflops.toFixed(2)]);
		parts.push(textTable([{title: 'engine'}, {title: 'device'}, {title: 'median ms', align: 'right'}, {title: 'min ms', align: 'right'}, {title: 'GFLOP/s', align: 'right'}], rows));
	}
	const reads = readsText(weightRead, reports);
	if (reads) parts.push(reads);
	process.stdout.write(`${parts.join('\n\n')}\n`);
}
