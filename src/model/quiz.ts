import {formatNumber} from './formulas.js';
import {analyzeNetwork, type NetworkSummary} from './analyze.js';
import {explainLayer, type Explanation} from './explain.js';
import type {LayerFacts} from './layer-facts.js';
import type {FullConv, FullPool} from './normalize.js';
import {shape as shapeText} from '../format/units.js';
import {createRandom} from '../tensor/random.js';

/** What a question asks about a layer. */
export type QuestionKind = 'output' | 'params' | 'macs' | 'rf' | 'loss';

/** One quiz question: what it asks, the model's answer (never typed by hand), how close counts, and the derivation. */
export type Question = {
	readonly layer: string;
	readonly kind: QuestionKind;
	readonly question: string;
	readonly answer: number;
	/** How far a given answer may be from `answer` and still be right: 0 for counts, 0.01 for a loss. */
	readonly tolerance: number;
	/** The derivation: formula, numbers, result (and what rounding dropped, where it did). */
	readonly explanation: string;
	/** True when the answer is measured on the live tensor (the share of zeros after a ReLU), not computed from the model: `answer` is then 0 until it is. */
	readonly measured?: boolean;
};

const pair = (p: readonly [number, number]) => (p[0] === p[1] ? String(p[0]) : `${p[0]}×${p[1]}`);
const window = (p: readonly [number, number]) => `${p[0]}×${p[1]}`;
const padText = (pads: readonly number[]) => (pads.every((p) => p === pads[0]) ? String(pads[0]) : pads.join(','));

/** A layer in words, with every number a question needs: "conv1 (conv): input 227×227×3, 96 filters of 11×11, stride 4, padding 0". */
export function describeLayer(facts: LayerFacts): string {
	const l = facts.layer;
	const input = facts.inputs.length === 1 ? shapeText(facts.inputs[0]!) : facts.inputs.map(shapeText).join(' + ');
	if (l.op === 'conv') {
		const c = l as FullConv;
		const extra = [c.groups > 1 ? `${c.groups} groups` : '', c.dilation.some((d) => d > 1) ? `dilation ${pair(c.dilation)}` : '', c.ceil ? 'output size rounded up' : '', c.bias ? '' : 'no bias'].filter(Boolean);
		return `${l.name} (conv): input ${input}, ${c.filters} filters of ${window(c.kernel)}, stride ${pair(c.stride)}, padding ${padText(c.pads)}${extra.length ? `, ${extra.join(', ')}` : ''}`;
	}
	if (l.op === 'maxpool' || l.op === 'avgpool') {
		const p = l as FullPool;
		return `${l.name} (${l.op === 'maxpool' ? 'max' : 'average'} pooling): input ${input}, window ${window(p.kernel)}, stride ${pair(p.stride)}, padding ${padText(p.pads)}${p.ceil ? ', output size rounded up' : ''}`;
	}
	if (l.op === 'fc') return `${l.name} (fully connected): input ${input} (${formatNumber(facts.inputs[0]!.reduce((a, b) => a * b, 1))} numbers), ${l.units} units${l.bias ? '' : ', no bias'}`;
	return `${l.name} (${l.op}): input ${input}`;
}

const derivation = (e: Explanation) => `${e.formula}\n= ${e.substituted} = ${formatNumber(e.value)}${e.note ? `\n(${e.note})` : ''}`;

/** Every question the network offers: for each conv and pool its output size and receptive field, for conv and fc their parameters and MACs, and the loss at initialisation of its softmax. */
export function questionPool(summary: NetworkSummary): Question[] {
	const pool: Question[] = [];
	for (const facts of summary.layers) {
		const l = facts.layer;
		const all = explainLayer(facts);
		const find = (key: string) => all.find((e) => e.key === key);
		const add = (kind: QuestionKind, ask: string, e: Explanation | undefined) => {
			if (e) pool.push({layer: l.name, kind, question: `${describeLayer(facts)}. ${ask}`, answer: e.value, tolerance: 0, explanation: derivation(e)});
		};
		if (l.op === 'conv' || l.op === 'maxpool' || l.op === 'avgpool') {
			const out = find('out');
			if (out) add('output', 'What is its output width (and height)?', out);
			else add('output', 'What is its output width?', find('out.w'));
			add('rf', `Its input units each see ${facts.fieldIn.rf} pixels of the image, ${facts.fieldIn.jump} apart. How many pixels (along a row) does one of its outputs see?`, find('rf'));
		}
		if (l.op === 'conv' || l.op === 'fc') {
			add('params', 'How many parameters (weights and biases) does it have?', find('params'));
			add('macs', 'How many multiply-accumulates does it do per image?', find('macs'));
		}
		if (l.op === 'softmax') {
			const classes = facts.output.reduce((a, b) => a * b, 1);
			const loss = Math.log(classes);
			pool.push({
				layer: l.name,
				kind: 'loss',
				question: `${l.name} (softmax) turns ${classes} scores into probabilities. What cross-entropy loss does a network that gives every class the same probability have (two decimals)?`,
				answer: loss,
				tolerance: 0.01,
				explanation: `−ln(1 / ${classes}) = ln ${classes} = ${loss.toFixed(2)}`,
			});
		}
	}
	return pool;
}

/** `count` questions drawn from the pool without repeats, in a seeded order (a teacher's seed gives the same quiz). */
export function quizQuestions(summary: NetworkSummary, count: number, seed: number): Question[] {
	const pool = questionPool(summary);
	const random = createRandom(seed);
	for (let i = pool.length - 1; i > 0; i--) {
		const j = random.int(i + 1);
		[pool[i], pool[j]] = [pool[j]!, pool[i]!];
	}
	return pool.slice(0, count);
}

/** A typed answer as a number: "34,944", "34 944", "34_944" and "6.91" all read; anything else is undefined. */
export function parseAnswer(text: string): number | undefined {
	const cleaned = text.trim().replace(/[\s,_]/g, '');
	if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return undefined;
	return Number(cleaned);
}

/** Whether a given answer is right. */
export function isRight(q: Question, given: number): boolean {
	return Math.abs(given - q.answer) <= q.tolerance;
}

/**
 * What a lesson can ask about its layer: the quiz's kinds; `grey`, the first conv layer's parameters for a one-channel
 * input; `zeros`, the share of a ReLU's outputs that are zero, measured on the run.
 */
export type LessonAsk = QuestionKind | 'grey' | 'zeros';

/**
 * The questions a lesson asks before it shows its layer, in the order asked, each computed from the network (never
 * typed by hand). A kind the layer does not have (a pool has no parameters) is left out; `grey` reanalyses the
 * network with one input channel.
 */
export function lessonQuestions(summary: NetworkSummary, layer: string, kinds: readonly LessonAsk[]): Question[] {
	const pool = questionPool(summary);
	const out: Question[] = [];
	for (const kind of kinds) {
		if (kind === 'grey') {
			const grey = greyQuestion(summary, layer);
			if (grey) out.push(grey);
			continue;
		}
		if (kind === 'zeros') {
			const facts = summary.layers.find((l) => l.layer.name === layer);
			if (facts?.layer.op !== 'relu') continue;
			out.push({
				layer,
				kind: 'output',
				question: `${layer} (ReLU) passes positive values and sets the rest to zero. What share of its ${formatNumber(facts.activations)} outputs will be exactly zero, in percent (within 10 points)?`,
				answer: 0,
				tolerance: 10,
				explanation: 'max(0, x) is zero wherever x ≤ 0; with inputs spread around zero, as random weights leave them, that is about half.',
				measured: true,
			});
			continue;
		}
		const q = pool.find((p) => p.layer === layer && p.kind === kind);
		if (q) out.push(q);
	}
	return out;
}

/** The layer's parameter count if the image had one channel (grey) instead of its own: only the first layer changes. */
function greyQuestion(summary: NetworkSummary, layer: string): Question | undefined {
	const [h, w, c] = summary.network.input;
	const first = summary.layers[0];
	if (c === 1 || first?.layer.name !== layer || first.layer.op !== 'conv') return undefined;
	const grey = analyzeNetwork({...summary.network, input: [h, w, 1]});
	const facts = grey.layers[0]!;
	const e = explainLayer(facts).find((x) => x.key === 'params');
	if (!e) return undefined;
	return {
		layer,
		kind: 'params',
		question: `${describeLayer(facts)}. With a grey image (one channel instead of ${c}), how many parameters does ${layer} have?`,
		answer: e.value,
		tolerance: 0,
		explanation: derivation(e),
	};
}
