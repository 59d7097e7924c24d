import {digitArt} from '../ui/render/digit-art.js';
import {backendText, skippedLines, type BackendInfo} from '../runner/backend-info.js';
import type {RgbImage} from '../data/image.js';
import {textTable, type Column} from '../format/table.js';
import {shape} from '../format/units.js';
import type {LayerOp} from '../model/layer-spec.js';
import type {Difference, TensorStats} from '../runner/stats.js';
import type {ClassScore} from '../runner/top-classes.js';
import type {Tensor} from '../tensor/tensor.js';

/** One layer of a forward pass as reported: output shape [H, W, C] or [N], milliseconds, GFLOP/s, statistics, difference from the reference. */
export type LayerRow = {
	readonly name: string;
	readonly op: LayerOp;
	readonly output: readonly number[];
	readonly ms: number;
	readonly gflops: number;
	readonly stats: TensorStats;
	readonly check?: Difference;
	readonly note?: string;
	readonly tensor: Tensor;
};

/** What `forward` found: where it ran, on which weights and input, every layer, and the top-5 classes when it reached the softmax. */
export type ForwardReport = BackendInfo & {
	readonly variant: string;
	readonly input: string;
	readonly weights: string;
	readonly random: boolean;
	readonly layers: readonly LayerRow[];
	readonly top5: readonly ClassScore[];
	/** True when the classes are the digits 0–9 (a 28×28×1 net with 10 outputs), not ImageNet's 1000. */
	readonly digitClasses?: boolean;
	/** The MNIST test digit that was the input: its index among the 10,000 and its true label. */
	readonly digit?: {readonly index: number; readonly label: number};
	/** The digit drawn in characters (14 lines of 28), for the text report. */
	readonly digitArt?: readonly string[];
	readonly stoppedAt?: string;
	readonly saved?: string;
};

/** A statistic in a few characters: 0, 0.00123, 1.235, 553.8, 1.2e+05. */
export function num(x: number): string {
	if (x === 0) return '0';
	const a = Math.abs(x);
	if (!Number.isFinite(x)) return String(x);
	if (a >= 1e5) return x.toExponential(1);
	if (a >= 100) return x.toFixed(1);
	if (a >= 1) return x.toFixed(3);
	return x.toPrecision(3);
}

/** The report as text: a header saying what ran on what, the layer table, totals, top-5 and where files went. */
export function forwardText(r: ForwardReport): string {
	const checked = r.layers.some((l) => l.check);
	const columns: Column[] = [
		{title: 'layer'},
		{title: 'output H×W×C'},
		{title: 'min', align: 'right'},
		{title: 'max', align: 'right'},
		{title: 'mean', align: 'right'},
		{title: 'std', align: 'right'},
		{title: 'zeros', align: 'right'},
		{title: 'ms', align: 'right'},
		{title: 'GFLOP/s', align: 'right'},
		...(checked
			? [
					{title: 'max |Δ|', align: 'right' as const},
					{title: 'max rel', align: 'right' as const},
				]
			: []),
	];
	const rows = r.layers.map((l) => [
		l.name,
		shape(l.output),
		num(l.stats.min),
		num(l.stats.max),
		num(l.stats.mean),
		num(l.stats.std),
		`${(100 * l.stats.zeros).toFixed(1)}%`,
		l.ms.toFixed(1),
		l.gflops > 0 ? l.gflops.toFixed(2) : '',
		...(l.check ? [l.check.maxAbs.toExponential(1), l.check.maxRel.toExponential(1)] : []),
	]);
	const totalMs = r.layers.reduce((a, l) => a + l.ms, 0);
	const lines = [
		`forward: ${r.variant} on ${backendText(r)}`,
		...skippedLines(r),
		`input:   ${r.input}`,
		`weights: ${r.weights}`,
		...(r.digitArt ? ['', ...r.digitArt.map((l) => (l ? `  ${l}` : ''))] : []),
		'',
		textTable(columns, rows, [['total', '', '', '', '', '', '', totalMs.toFixed(1)]]),
	];
	const notes = r.layers.filter((l) => l.note);
	if (notes.length > 0) lines.push('', ...notes.map((l) => `${l.name}: ${l.note}`));
	lines.push('', 'ms: one cold pass, so gpu.js layers include compiling their kernels; `alexnet-tour bench` times warm passes');
	if (checked) lines.push("max rel: |Δ| / |reference|, never dividing by less than 1e-3 of the layer's largest |reference| value");
	lines.push('');
	if (r.top5.length > 0 && r.digitClasses) {
		lines.push(...digitLines(r));
	} else if (r.top5.length > 0) {
		lines.push(r.random ? 'top-5 classes (random weights: these predictions mean nothing yet):' : 'top-5 classes:');
		// The probability first, so the names (some long: "great white shark, white shark, …") need no column.
		lines.push(...r.top5.map((c, i) => `  ${i + 1}. ${(100 * c.probability).toFixed(2).padStart(6)}%  ${c.label}`));
	} else {
		lines.push(`stopped at ${r.stoppedAt ?? r.layers.at(-1)?.name}: no class probabilities yet`);
	}
	if (r.saved !== undefined) lines.push('', `saved .npy files and manifest.json to ${r.saved}`);
	return lines.join('\n');
}

/** A grey picture (its red channel) drawn as the training screen draws digits, trailing blanks trimmed. */
export function pictureArt(picture: RgbImage): string[] {
	const grey = Float32Array.from({length: picture.width * picture.height}, (_, i) => picture.data[i * 3]! / 255);
	return digitArt(grey, picture.width, picture.height).map((l) => l.trimEnd());
}

/** The top-5 of a digit classifier: each guess as a digit with its probability, and whether the top-1 is the true label. */
function digitLines(r: ForwardReport): string[] {
	const lines = [r.random ? 'top-5 digits (random weights: these predictions mean nothing yet):' : 'top-5 digits:'];
	lines.push(...r.top5.map((c, i) => `  ${i + 1}. "${c.label}" ${(100 * c.probability).toFixed(2).padStart(6)}%`));
	if (r.digit) {
		const guess = r.top5[0]!.label;
		const verdict = String(r.digit.label) === guess ? `right: the top guess "${guess}" is the true label` : `wrong: the top guess is "${guess}", the true label is ${r.digit.label}`;
		lines.push(`test digit #${r.digit.index}: ${verdict}${r.random ? ' (meaningless: the weights are random)' : ''}`);
	}
	return lines;
}

/** The report as the one JSON document `forward --json` prints (the schema, plus a few fields). */
export function forwardJson(r: ForwardReport): unknown {
	return {
		backend: r.backend,
		device: r.device,
		skipped: r.skipped,
		variant: r.variant,
		input: r.input,
		weights: r.weights,
		layers: r.layers.map((l) => ({
			name: l.name,
			output: l.output,
			ms: l.ms,
			gflops: l.gflops,
			stats: l.stats,
			...(l.check ? {check: l.check} : {}),
			...(l.note ? {note: l.note} : {}),
		})),
		top5: r.top5.map((c) => ({class: c.class, label: c.label, probability: c.probability})),
		...(r.digit && r.top5.length > 0 ? {digit: {index: r.digit.index, label: r.digit.label}, correct: r.top5[0]!.label === String(r.digit.label)} : r.digit ? {digit: {index: r.digit.index, label: r.digit.label}} : {}),
	};
}
