import {weightsText} from '../lessons/weights-text.js';
import {useApp, useInput} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {Lesson} from '../lessons/lesson.js';
import {renderMarkdown} from '../lessons/render-markdown.js';
import type {ColorLevel} from './color-level.js';
import {TourApp} from './tour-app.js';
import {lessonQuestions} from '../model/quiz.js';
import {analyzeNetwork} from '../model/analyze.js';
import {networks} from '../model/networks.js';
import {tourLayout} from './tour-layout.js';
import type {TerminalImages} from './terminal-images.js';
import type {TourSession} from './tour-session.js';
import {demoReducer, demoScript, initialDemoState} from './use-demo-state.js';
import type {TourAction} from './use-tour-state.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Props of the classroom demo: the tour's, plus the seconds per step, looping, the first lesson, and whether keys work. */
export type DemoAppProps = {
	readonly lessons: readonly Lesson[];
	readonly openSession: () => Promise<TourSession>;
	readonly level: ColorLevel;
	readonly stepSeconds: number;
	readonly loop: boolean;
	readonly from: number;
	readonly keyboard: boolean;
	readonly size?: {columns: number; rows: number};
	/** Waits between steps (tests pass an immediate one); the default is setTimeout. */
	readonly wait?: (ms: number) => Promise<void>;
	readonly onStep?: (step: number) => void;
	/** Fewer and larger feature-map tiles, for a projector. */
	readonly big?: boolean;
	/** Real images where the terminal draws them. */
	readonly images?: TerminalImages;
};

/** The network the demo's questions are about (the demo runs the original). */
const original = analyzeNetwork(networks.original);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Auto-plays the tour: every lesson's text, derivation and run, one step every `stepSeconds`, with a countdown to the
 * next step; space pauses, → skips a lesson, ← goes back one, Tab shows the next panel, q quits.
 */
export function DemoApp({lessons, openSession, level, stepSeconds, loop, from, keyboard, size, wait = sleep, onStep, big = false, images}: DemoAppProps) {
	const {exit} = useApp();
	const terminal = useTerminalSize(size);
	const layout = tourLayout(terminal.columns, terminal.rows);
	const script = useMemo(() => {
		const pages = (l: Lesson) => Math.ceil(renderMarkdown(weightsText(l.markdown, false), {width: layout.textWidth, color: false}).split('\n').length / Math.max(1, layout.bodyRows - 1));
		// The whole tour, so --loop goes round all of it; the demo starts at --from.
		return demoScript(lessons, 1, layout.wide ? () => 1 : pages, layout.bodyRows, (l) => (l.ask && l.layer ? lessonQuestions(original, l.layer, l.ask).length : 0));
	}, [lessons, layout.textWidth, layout.bodyRows, layout.wide]);
	const [state, dispatch] = useReducer(
		useMemo(() => demoReducer(script, loop), [script, loop]),
		from,
		(at) => ({
			...initialDemoState,
			step: Math.max(
				0,
				script.findIndex((s) => s.lesson >= at),
			),
		}),
	);
	const perform = useRef<(command: TourAction | {type: 'run'}) => Promise<void>>(async () => {});
	// When the current step's time runs out (undefined while its command, such as a run, is still going), and a clock
	// that ticks each second so the countdown on screen moves.
	const [deadline, setDeadline] = useState<number | undefined>(undefined);
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 1000);
		timer.unref?.();
		return () => clearInterval(timer);
	}, []);

	// biome-ignore lint/correctness/useExhaustiveDependencies: perform is a ref and onStep a callback; the step runs once per state change
	useEffect(() => {
		if (state.done) {
			exit();
			return;
		}
		let cancelled = false;
		const step = script[state.step];
		if (!step || state.paused) return;
		onStep?.(state.step);
		setDeadline(undefined);
		void (async () => {
			await perform.current(step.command);
			if (cancelled) return;
			setDeadline(Date.now() + stepSeconds * 1000);
			setNow(Date.now());
			await wait(stepSeconds * 1000);
			if (!cancelled) dispatch({type: 'tick'});
		})();
		return () => {
			cancelled = true;
		};
	}, [state.step, state.paused, state.done, state.loops]);

	useInput(
		(input, key) => {
			if (input === ' ') dispatch({type: 'pause'});
			else if (key.rightArrow || input === 'n') dispatch({type: 'skip'});
			else if (key.leftArrow || input === 'p') dispatch({type: 'back'});
			else if (key.tab) void perform.current({type: 'panel'});
			else if (input === '?') {
				// The keys on screen; the demo holds still while they are.
				void perform.current({type: 'help'});
				dispatch({type: 'pause'});
			} else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) exit();
		},
		{isActive: keyboard},
	);

	const keysHint = keyboard ? `space ${state.paused ? 'resume' : 'pause'} · ← → lesson · Tab panel · ? keys · q quit` : 'Ctrl-C stops';
	const countdown = state.paused ? 'paused' : deadline === undefined ? 'running…' : `next in ${Math.max(0, Math.ceil((deadline - now) / 1000))} s`;
	const hint = `demo · ${countdown} · ${keysHint}${loop ? ' · looping' : ''}`;
	return (
		<TourApp
			// Each round of --loop starts the tour afresh: its questions are asked again, its runs run again.
			key={state.loops}
			lessons={lessons}
			openSession={openSession}
			level={level}
			keys={false}
			hint={hint}
			tiles={big ? 'big' : 'normal'}
			{...(images ? {images} : {})}
			{...(size ? {size} : {})}
			control={(p) => {
				perform.current = p;
			}}
		/>
	);
}
