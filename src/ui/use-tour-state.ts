import {playKeys, stepValue, type PlayValues} from '../model/play-layer.js';
import type {PlayCommand} from './use-tour-keys.js';
import {parseAnswer} from '../model/quiz.js';
import {initialTrainState, trainReducer, type TrainState} from './train/train-state.js';
import type {TrainEvent} from '../runner/train.js';
import type {LayerResult, TopClass} from './tour-session.js';

/** What the screen's main area shows: the lesson text, or a panel beside or instead of it. */
export type Panel = 'lesson' | 'derivation' | 'live' | 'filters' | 'play';

/** A run's progress: the layers done so far, and at the end the top classes or an error. */
export type RunState = {
	readonly status: 'running' | 'done' | 'error';
	readonly layers: readonly LayerResult[];
	readonly top5?: readonly TopClass[];
	readonly error?: string;
	/** A training run so far, folded as the train command's screen folds it (one training screen state). */
	readonly training?: TrainState;
};

/** The tour's state: which screen (0 = home, 1… = lessons), the panel, scroll offsets, help, and every lesson's run. */
export type TourState = {
	readonly index: number;
	/** The panels of each screen, home first: a lesson tied to a layer has a derivation, one that runs has a live panel. */
	readonly screens: readonly (readonly Panel[])[];
	readonly panel: Panel;
	readonly scroll: number;
	readonly help: boolean;
	readonly quit: boolean;
	/** True when the quit was Ctrl-C (the command then exits 130, as an interrupted program does). */
	readonly interrupted?: boolean;
	readonly runs: Readonly<Record<string, RunState>>;
	/** The one channel the live tensor shows enlarged to the whole panel (z toggles, [ and ] step), or undefined for the grid. */
	readonly zoom?: number;
	/** One line of feedback in the footer (a key that did nothing says why), until the next key. */
	readonly notice?: string;
	/** The prediction asked before a lesson shows its layer: which lesson and question, what is typed, and once checked how it went. */
	readonly asking?: Asking;
	/** Per lesson, how many of its questions are behind the learner (Enter then runs). */
	readonly asked: Readonly<Record<string, number>>;
	/** Predictions checked so far and how many were right (revealed ones, with nothing typed, do not count). */
	readonly score: {readonly right: number; readonly asked: number};
	/** Per lesson, the layer as the learner changed it in the play panel, and the hyperparameter selected. */
	readonly plays: Readonly<Record<string, {readonly values: PlayValues; readonly selected: number}>>;
};

/** A question on screen: `result` is undefined while the learner types, then right, wrong, or shown (revealed unanswered). */
export type Asking = {readonly lesson: string; readonly at: number; readonly typed: string; readonly result?: 'right' | 'wrong' | 'shown'; readonly measured?: number};

/** What a check needs of the question: the model's answer and how close counts. */
export type Expected = {readonly answer: number; readonly tolerance: number; readonly measured?: boolean};

/** Everything that changes the tour's state; key presses, the runner and the demo player send these. */
export type TourAction =
	| {readonly type: 'next'}
	| {readonly type: 'prev'}
	| {readonly type: 'goto'; readonly index: number}
	| {readonly type: 'scroll'; readonly delta: number; readonly max: number}
	| {readonly type: 'panel'; readonly panel?: Panel}
	| {readonly type: 'help'}
	| {readonly type: 'zoom'}
	| {readonly type: 'channel'; readonly delta: number}
	| {readonly type: 'quit'; readonly interrupted?: boolean}
	| {readonly type: 'escape'; readonly running?: boolean}
	| {readonly type: 'notice'; readonly text: string}
	| {readonly type: 'ask'; readonly lesson: string; readonly at: number}
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'erase'}
	| {readonly type: 'answer'; readonly expected: Expected}
	| {readonly type: 'next-question'; readonly count: number}
	| {readonly type: 'play-key'; readonly lesson: string; readonly original: PlayValues; readonly command: PlayCommand}
	| {readonly type: 'forget-runs'}
	| {readonly type: 'run-start'; readonly id: string}
	| {readonly type: 'run-layer'; readonly id: string; readonly layer: LayerResult}
	| {readonly type: 'run-train'; readonly id: string; readonly events: readonly TrainEvent[]}
	| {readonly type: 'run-done'; readonly id: string; readonly top5?: readonly TopClass[]}
	| {readonly type: 'run-error'; readonly id: string; readonly error: string};

/** The state at start, on screen `index` (0 is the home screen). */
export function initialTourState(screens: readonly (readonly Panel[])[], index = 0): TourState {
	return {index: Math.max(0, Math.min(screens.length - 1, index)), screens, panel: 'lesson', scroll: 0, help: false, quit: false, runs: {}, asked: {}, score: {right: 0, asked: 0}, plays: {}};
}

/** The panels the current screen offers, in Tab order. */
export function panelsOf(state: TourState): readonly Panel[] {
	return state.screens[state.index] ?? ['lesson'];
}

const moveTo = (state: TourState, index: number): TourState => {
	const to = Math.max(0, Math.min(state.screens.length - 1, index));
	if (to === state.index) return state;
	const {zoom: _, notice: __, asking: ___, ...rest} = state;
	return {...rest, index: to, panel: 'lesson', scroll: 0, help: false};
};

function check(state: TourState, expected: Expected): TourState {
	const asking = state.asking;
	if (!asking || asking.result) return state;
	const measured = expected.measured ? {measured: expected.answer} : {};
	if (asking.typed.trim() === '') return {...state, asking: {...asking, ...measured, result: 'shown'}};
	const given = parseAnswer(asking.typed);
	if (given === undefined) return {...state, notice: `"${asking.typed}" is not a number: type digits (commas are fine), Enter to check, Esc to skip.`};
	const right = Math.abs(given - expected.answer) <= expected.tolerance;
	return {...state, asking: {...asking, ...measured, result: right ? 'right' : 'wrong'}, score: {right: state.score.right + (right ? 1 : 0), asked: state.score.asked + 1}};
}

function closeQuestions(state: TourState, done: number): TourState {
	const {asking, ...rest} = state;
	return asking ? {...rest, asked: {...state.asked, [asking.lesson]: done}, scroll: 0} : state;
}

/** Esc closes the innermost thing open: the help, the questions (skipped), the enlarged channel; from the plain screen it quits, unless a run is going (then it says how). */
function closeOrQuit(state: TourState, running: boolean): TourState {
	if (state.help) return {...state, help: false};
	// Esc skips the lesson's remaining questions: every one counts as behind the learner, and Enter then runs.
	if (state.asking) return closeQuestions(state, Number.POSITIVE_INFINITY);
	if (state.zoom !== undefined) {
		const {zoom: _, ...rest} = state;
		return rest;
	}
	if (running) return {...state, notice: 'A run is going: q quits (and stops it); Esc only closes what is open.'};
	return {...state, quit: true};
}

/** The tour's reducer: pure, no Ink, so it is tested alone. */
export function tourReducer(previous: TourState, action: TourAction): TourState {
	// A notice lasts until the next key; the runner's actions leave it on screen.
	const keyed = !action.type.startsWith('run-') && action.type !== 'notice' && action.type !== 'forget-runs';
	const {notice: _, ...quiet} = previous;
	const state: TourState = keyed && previous.notice !== undefined ? quiet : previous;
	switch (action.type) {
		case 'next':
			return moveTo(state, state.index + 1);
		case 'prev':
			return moveTo(state, state.index - 1);
		case 'goto':
			return moveTo(state, action.index);
		case 'scroll':
			return {...state, scroll: Math.max(0, Math.min(action.max, state.scroll + action.delta))};
		case 'panel': {
			const panels = panelsOf(state);
			const panel = action.panel ?? panels[(panels.indexOf(state.panel) + 1) % panels.length]!;
			return panels.includes(panel) && panel !== state.panel ? {...state, panel, scroll: 0} : state;
		}
		case 'help':
			return {...state, help: !state.help};
		case 'zoom': {
			if (state.zoom === undefined) return {...state, zoom: 0, scroll: 0};
			const {zoom: _, ...rest} = state;
			return rest;
		}
		case 'channel':
			// The panel wraps the channel to the tensor's count; here it only moves, never below 0.
			return state.zoom === undefined ? state : {...state, zoom: Math.max(0, state.zoom + action.delta)};
		case 'quit':
			return {...state, quit: true, ...(action.interrupted ? {interrupted: true} : {})};
		case 'escape':
			return closeOrQuit(state, action.running === true);
		case 'notice':
			return {...state, notice: action.text};
		case 'ask':
			return {...state, asking: {lesson: action.lesson, at: action.at, typed: ''}, scroll: 0};
		case 'type':
			return state.asking && !state.asking.result ? {...state, asking: {...state.asking, typed: (state.asking.typed + action.text).slice(0, 24)}} : state;
		case 'erase':
			return state.asking && !state.asking.result ? {...state, asking: {...state.asking, typed: state.asking.typed.slice(0, -1)}} : state;
		case 'answer':
			return check(state, action.expected);
		case 'next-question': {
			const asking = state.asking;
			if (!asking) return state;
			return asking.at + 1 < action.count ? {...state, asked: {...state.asked, [asking.lesson]: asking.at + 1}, asking: {lesson: asking.lesson, at: asking.at + 1, typed: ''}} : closeQuestions(state, action.count);
		}
		case 'play-key': {
			const now = state.plays[action.lesson] ?? {values: action.original, selected: 0};
			const keys = playKeys(now.values);
			const c = action.command;
			const next =
				c.type === 'reset'
					? {values: action.original, selected: now.selected}
					: c.type === 'select'
						? {values: now.values, selected: (now.selected + c.delta + keys.length) % keys.length}
						: {values: stepValue(now.values, keys[now.selected]!, c.delta), selected: now.selected};
			return {...state, plays: {...state.plays, [action.lesson]: next}};
		}
		case 'forget-runs':
			return {...state, runs: Object.fromEntries(Object.entries(state.runs).filter(([, r]) => r.training !== undefined))};
		case 'run-start':
			return {...state, runs: {...state.runs, [action.id]: {status: 'running', layers: []}}};
		case 'run-layer': {
			const run = state.runs[action.id];
			if (!run) return state;
			return {...state, runs: {...state.runs, [action.id]: {...run, layers: [...run.layers, action.layer]}}};
		}
		case 'run-train': {
			const run = state.runs[action.id];
			if (!run) return state;
			const training = action.events.reduce(trainReducer, run.training ?? initialTrainState);
			return {...state, runs: {...state.runs, [action.id]: {...run, training}}};
		}
		case 'run-done': {
			const run = state.runs[action.id] ?? {status: 'running', layers: []};
			return {...state, runs: {...state.runs, [action.id]: {...run, status: 'done', ...(action.top5 ? {top5: action.top5} : {})}}};
		}
		case 'run-error': {
			const run = state.runs[action.id] ?? {status: 'running', layers: []};
			return {...state, runs: {...state.runs, [action.id]: {...run, status: 'error', error: action.error}}};
		}
	}
}
