import {backendInfo} from '../runner/backend-info.js';
import type {BackendName} from '../backends/backend.js';
import {createReferenceBackend} from '../backends/reference/reference-backend.js';
import {createBackend} from '../backends/select.js';
import {runForward} from '../runner/forward.js';
import {UsageError} from '../errors.js';
import {saveDir} from '../io/npy-dir.js';
import {compareTensors, tensorStats} from '../runner/stats.js';
import {takesDigits} from '../runner/test-digit.js';
import {topClasses} from '../runner/top-classes.js';
import {screenShape} from '../tensor/layout.js';
import type {Tensor} from '../tensor/tensor.js';
import {pictureArt, forwardJson, forwardText, type ForwardReport, type LayerRow} from './forward-report.js';
import {prepareForward, type SetupOptions} from './forward-setup.js';

/** Options of `alexnet-tour forward`: the network, weights and input of `prepareForward`, and where and how to run. */
export type ForwardCommandOptions = SetupOptions & {
	backend?: 'auto' | BackendName;
	check?: boolean;
	save?: string;
	/** With `save`: also PNG pictures of each layer's channels and of the conv filters. */
	png?: boolean;
	json?: boolean;
};

/** Runs the network layer by layer and reports each layer's output, statistics and timing (and the reference's difference with --check). */
export async function forwardReport(options: ForwardCommandOptions): Promise<ForwardReport> {
	if (options.png && options.save === undefined) throw new UsageError('--png writes pictures into the --save directory: give --save DIR too');
	// The backend first: one that cannot run says so before 61 M weights are made.
	const backend = await createBackend(options.backend ?? 'auto');
	let setup: ReturnType<typeof prepareForward>;
	try {
		setup = prepareForward(options);
	} catch (error) {
		backend.dispose();
		throw error;
	}
	const {summary, weights, input} = setup;
	const reference = options.check ? createReferenceBackend() : undefined;
	const outputs = new Map<string, Tensor>();
	const rows: LayerRow[] = [];
	try {
		const oracle = reference ? runForward(summary, weights, reference, input, {until: options.until}) : undefined;
		for await (const event of runForward(summary, weights, backend, input, {until: options.until})) {
			let check: ReturnType<typeof compareTensors> | undefined;
			if (oracle) {
				const expected = (await oracle.next()).value;
				if (!expected) throw new Error(`bug: the reference pass ended before ${event.name}`);
				check = compareTensors(event.output, expected.output);
			}
			if (options.save !== undefined) outputs.set(event.name, event.output);
			rows.push({
				name: event.name,
				op: event.facts.spec.op,
				output: screenShape(event.output),
				ms: event.ms,
				gflops: event.gflops,
				stats: tensorStats(event.output),
				...(check ? {check} : {}),
				...(event.note ? {note: event.note} : {}),
				tensor: event.output,
			});
		}
	} finally {
		backend.dispose();
		reference?.dispose();
	}
	const last = rows.at(-1);
	const classes = last?.op === 'softmax' ? topClasses(last.tensor, 5) : [];
	// A 28×28×1 net with 10 outputs classifies digits: its classes are the digits 0–9, not ImageNet's.
	const digitClasses = takesDigits(summary.network) && last?.tensor.shape.at(-1) === 10;
	const top5 = digitClasses ? classes.map((c) => ({...c, label: String(c.class)})) : classes;
	if (options.save !== undefined) {
		saveDir(options.save, {
			summary,
			weights,
			note: setup.weightsNote,
			input,
			outputs,
			extra: {backend: backend.name, device: backend.device, image: setup.inputNote},
			png: options.png === true,
		});
	}
	return {
		...backendInfo(backend),
		variant: summary.network.name,
		input: setup.inputNote,
		weights: setup.weightsNote,
		random: setup.random,
		layers: rows,
		top5,
		digitClasses,
		...(setup.digit ? {digit: setup.digit, digitArt: pictureArt(setup.picture)} : {}),
		stoppedAt: options.until,
		saved: options.save,
	};
}

/** `alexnet-tour forward`: prints the layer table (or one JSON document with --json). */
export async function run(options: ForwardCommandOptions): Promise<void> {
	const report = await forwardReport(options);
	process.stdout.write(`${options.json ? JSON.stringify(forwardJson(report), null, 2) : forwardText(report)}\n`);
}
