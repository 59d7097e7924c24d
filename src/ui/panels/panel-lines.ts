import {backendText} from '../../runner/backend-info.js';
import chalk from 'chalk';
import {wrapLines} from './wrap-lines.js';
import {findLayer} from '../../model/analyze.js';
import type {Lesson} from '../../lessons/lesson.js';
import type {ColorLevel} from '../color-level.js';
import type {LayerResult, TourSession} from '../tour-session.js';
import type {Panel, RunState} from '../use-tour-state.js';
import {activationLines} from './activation-lines.js';
import {derivationLines} from './derivation-lines.js';
import {dropoutLines} from './dropout-lines.js';
import {filtersLines} from './filters-lines.js';
import {forwardLines} from './forward-lines.js';
import {liveLines, shapeCheck} from './live-lines.js';
import {oneOutputLines} from './one-output-lines.js';
import {oneConvOutput} from '../../runner/one-output.js';
import {pictureLines, shifted, type SlotSink} from './picture-lines.js';
import {playLines} from './play-lines.js';
import {playValues, type PlayValues} from '../../model/play-layer.js';
import type {TileSize} from '../render/channel-grid.js';
import {trainLines} from './train-lines.js';

/** The panels a lesson offers, in Tab order: the text, its layer's derivation, the live result, and conv filters. */
export function lessonPanels(lesson: Lesson): Panel[] {
	const panels: Panel[] = ['lesson'];
	if (lesson.layer) panels.push('derivation');
	if (lesson.run !== 'none') panels.push('live');
	if (lesson.layer?.startsWith('conv') && lesson.run === 'layer') panels.push('filters');
	if (/^(conv|pool)/.test(lesson.layer ?? '') && lesson.run === 'layer') panels.push('play');
	return panels;
}

/** What Enter runs for a lesson: the layer to stop at (undefined: all) and whether dropout is on; undefined when nothing runs. */
export function runPlan(lesson: Lesson): {until?: string; train?: boolean; top5?: boolean} | undefined {
	switch (lesson.run) {
		case 'layer':
			return {until: lesson.layer, top5: lesson.layer === 'prob'};
		case 'activations':
			return {until: lesson.layer ?? 'relu1'};
		case 'dropout':
			return {until: lesson.layer ?? 'drop6', train: true};
		case 'forward':
			return {top5: true};
		default:
			return undefined;
	}
}

type PanelInput = {
	readonly panel: Panel;
	readonly lesson: Lesson;
	readonly run: RunState | undefined;
	readonly session: TourSession | undefined;
	/** Why the session could not open, if it failed. */
	readonly sessionError?: string | undefined;
	readonly width: number;
	readonly level: ColorLevel;
	/** The channel shown enlarged (the tour's z), if any. */
	readonly zoom?: number | undefined;
	/** True on the tour's mini track (its panels say whose layer they show). */
	readonly mini?: boolean | undefined;
	/** The play panel's layer as the learner changed it, if they did. */
	readonly play?: {readonly values: PlayValues; readonly selected: number} | undefined;
	/** Where the panel's pictures are, for a terminal that draws real images (absent: nobody asks). */
	readonly sink?: SlotSink | undefined;
	/** Feature-map tiles as the tour draws them, or big for a projector (demo --big). */
	readonly tiles?: TileSize | undefined;
};

/** While the session opens, or why it could not: the whole reason, wrapped to the panel (it names the file and the fix). */
function notReady(sessionError: string | undefined, width: number): string[] {
	if (sessionError === undefined) return ['Choosing a backend…'];
	return wrapLines(chalk.red(`Nothing can run: ${sessionError}`), width);
}

function progressLines(run: RunState): string[] {
	return run.layers.map((l) => `${l.name.padEnd(7)} ${shapeCheck(l)}  ${l.ms.toFixed(1)} ms`);
}

function live({lesson, run, session, sessionError, width, level, zoom, mini, tiles, sink}: PanelInput): string[] {
	if (lesson.run === 'input') {
		if (!session) return notReady(sessionError, width);
		const p = session.picture;
		if (!p) return ['No picture of the input here.'];
		const head = [chalk.bold('the input, as the network sees it'), ...wrapLines(chalk.dim(p.label), width, false), ''];
		return [...head, ...pictureLines([{label: `${p.picture.width}×${p.picture.height} pixels`, picture: p.picture}], width, level, shifted(sink, head.length))];
	}
	if (lesson.run === 'augment') {
		const pictures = session?.augmentations?.();
		return pictures ? pictureLines(pictures, width, level, sink) : ['The augmentation pictures are not available here.'];
	}
	if (!session) return notReady(sessionError, width);
	if (lesson.run === 'train') {
		const full = ['The same run with a confusion matrix and the digits it got wrong, and its flags:', chalk.bold('  alexnet-tour train --help')];
		if (!session.train) return full;
		if (!run) return [...wrapLines(`Press ${chalk.bold('Enter')} to train a mini AlexNet on real handwritten digits, here and now (under a minute on two cores).`, width, false), '', ...full];
		if (run.status === 'error') return [chalk.red(`Training failed: ${run.error}`)];
		if (!run.training) return ['Loading the digits and the backend…'];
		const watching = run.status === 'running' ? ['', chalk.dim('Tab or ← stops watching; the run goes on until it ends.')] : [];
		const handedOn =
			run.status === 'done' && run.training.done?.test
				? ['', chalk.green(`These weights now drive the mini track: ${mini ? 'the next lesson you open shows' : 'press m to see'} their conv1 filters, a digit's feature maps and the top 5.`)]
				: [];
		return [...trainLines(run.training, width), ...handedOn, ...watching, '', ...full];
	}
	const pressEnter = lesson.run === 'activations' ? activationLines(width, level > 0) : [`Press ${chalk.bold('Enter')} to run ${lesson.layer ?? 'the network'} on ${backendText(session.backend)}.`];
	if (!run) return pressEnter;
	if (run.status === 'error') return [chalk.red(`The run failed: ${run.error}`)];
	if (lesson.run === 'forward') return forwardLines(run, backendText(session.backend), {weights: session.weights, trained: session.trained === true, truth: session.truth, width});
	if (run.status === 'running') return [`Running ${lesson.layer ?? 'the network'} on ${session.backend.backend}: each layer appears as it completes.`, '', ...progressLines(run)];
	const last = run.layers[run.layers.length - 1];
	if (!last) return ['(no layers ran)'];
	if (lesson.run === 'dropout' && run.layers.length >= 2) {
		return dropoutLines(run.layers[run.layers.length - 2]!.output, last.output, (last.facts.spec as {ratio: number}).ratio, width, level);
	}
	const top = run.top5 ? [chalk.bold(session.trained ? 'top 5' : 'top 5 (random weights)'), ...run.top5.map((c) => `  ${(c.probability * 100).toFixed(3).padStart(7)}%  ${c.label}`), ''] : [];
	// The result comes first, where Enter left the eye; the ReLU lesson's curves move below it.
	const curves = lesson.run === 'activations' ? ['', ...activationLines(width, level > 0)] : [];
	return [...top, ...liveLines(last, backendText(session.backend), width, level, byHand(last, session), zoom, tiles, shifted(sink, top.length)), ...curves, '', chalk.dim('layers run to get here:'), ...progressLines(run)];
}

/** For a convolution that reads the image itself (conv1), its centre output of channel 0 redone by hand. */
function byHand(result: LayerResult, session: TourSession): string[] {
	const l = result.facts.layer;
	const w = session.layerWeights(result.name);
	const b = session.layerBiases?.(result.name);
	if (l.op !== 'conv' || !session.input || !w || !b || result.output.shape.length !== 4) return [];
	if (result.facts.inputs[0]!.join() !== session.summary.network.input.join()) return [];
	const [, , ho = 1, wo = 1] = result.output.shape;
	const [row, col] = [Math.floor(ho / 2), Math.floor(wo / 2)];
	const o = oneConvOutput(session.input, w, b, l, 0, row, col);
	return oneOutputLines(o, result.output.data[row * wo + col]!);
}

/** The lines of a non-text panel for the current lesson; on the mini track, a line first saying whose layer it is. */
export function panelLines(input: PanelInput): string[] {
	const banner = input.mini && input.lesson.run !== 'train' && input.lesson.run !== 'augment';
	const lines = lessonPanelLines({...input, sink: shifted(input.sink, banner ? 1 : 0)});
	if (!banner) return lines;
	return [chalk.cyan(`mini track: the trained 28×28 digit network${input.lesson.layer ? `'s ${input.lesson.layer}` : ''}; the text teaches the original`), ...lines];
}

function lessonPanelLines(input: PanelInput): string[] {
	const {panel, lesson, session, width, level} = input;
	if (panel === 'derivation' && lesson.layer && session) return derivationLines(findLayer(session.summary, lesson.layer), width);
	if (panel === 'play' && lesson.layer && session) {
		const original = playValues(findLayer(session.summary, lesson.layer));
		if (!original) return [`${lesson.layer} has no window to play with.`];
		return playLines(lesson.layer, input.play?.values ?? original, original, input.play?.selected ?? 0, width);
	}
	if (panel === 'derivation' || panel === 'play') return notReady(input.sessionError, width);
	if (panel === 'filters' && lesson.layer) {
		const w = session?.layerWeights(lesson.layer);
		return w ? filtersLines(lesson.layer, w, width, level, session!.weights, session!.trained === true) : ['No weights for this layer.'];
	}
	return live(input);
}
