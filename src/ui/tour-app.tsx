import {weightsText} from '../lessons/weights-text.js';
import {backendLine, backendText} from '../runner/backend-info.js';
import {Box, useApp, useInput} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {Lesson} from '../lessons/lesson.js';
import {renderMarkdown} from '../lessons/render-markdown.js';
import type {ColorLevel} from './color-level.js';
import {FooterBar, HeaderBar, TooSmall} from './components/status-bar.js';
import {LinesView} from './components/lines-view.js';
import {helpLines, homeLines} from './panels/home-lines.js';
import {lessonPanels, panelLines} from './panels/panel-lines.js';
import {runLesson} from './run-lesson.js';
import {minimumSize, tourLayout} from './tour-layout.js';
import type {LayerResult, TourSession} from './tour-session.js';
import {tensorStats} from '../runner/stats.js';
import {answerKey, keyCommand, playCommand, type PlayCommand} from './use-tour-keys.js';
import {playValues} from '../model/play-layer.js';
import {findLayer} from '../model/analyze.js';
import {lessonQuestions} from '../model/quiz.js';
import {questionLines} from './panels/question-lines.js';
import {initialTourState, panelsOf, tourReducer, type Panel, type TourAction} from './use-tour-state.js';
import {useTerminalSize} from './use-terminal-size.js';
import {placedImages, type TerminalImages} from './terminal-images.js';
import type {ImageSlot} from './panels/picture-lines.js';
import type {TileSize} from './render/channel-grid.js';

/** Props of the tour: the resolved lessons, how to get a session (backend, weights), the colour level, optional fixed size. */
export type TourAppProps = {
	readonly lessons: readonly Lesson[];
	readonly openSession: () => Promise<TourSession>;
	readonly level: ColorLevel;
	readonly size?: {columns: number; rows: number};
	readonly initialIndex?: number;
	/** Receives, after every render, the function that performs commands, so the demo player can drive the app; a run's promise settles when it ends. */
	readonly control?: (perform: (command: TourAction | {type: 'run'}) => Promise<void>) => void;
	/** Replaces the footer's key hint (the demo shows its own). */
	readonly hint?: string;
	/** Turns the keyboard off (the demo handles its own keys). */
	readonly keys?: boolean;
	/** Called once when the learner quits, just before the app exits; `interrupted` when it was Ctrl-C. */
	readonly onQuit?: (interrupted: boolean) => void;
	/** The track this is (its label in the header; the mini track's panels say what they show), when the tour has more than one. */
	readonly track?: {readonly name: 'main' | 'mini'; readonly label: string};
	/** Feature-map tiles: big ones, fewer a row, for a projector (demo --big). */
	readonly tiles?: TileSize;
	/** Real images where the terminal draws them (--images): the protocol, the cell size it reported, and where to write. */
	readonly images?: TerminalImages;
	/** Whether lessons open on their predictions (on by default; tests of other screens turn it off). */
	readonly ask?: boolean;
	/** Switches to the other track at this screen (the m key); without it m says there is none. */
	readonly onTrack?: (index: number) => void;
};

/** The share of zeros, in percent, of a layer's output in the session's pass. */
async function zeroShare(session: TourSession, layer: string): Promise<number> {
	let last: LayerResult | undefined;
	for await (const l of session.run(layer)) last = l;
	return last ? tensorStats(last.output).zeros * 100 : Number.NaN;
}

/** The footer's keys: only those that do something on this screen. */
export function footerHint(inLesson: boolean, panels: readonly Panel[], tracks = false): string {
	if (!inLesson) return `→/n begin  ↑↓ scroll${tracks ? '  m track' : ''}  ? keys  q quit`;
	const run = panels.includes('live') ? '  Enter run' : '';
	const tab = panels.length > 1 ? '  Tab panel' : '';
	return `←→ lesson  ↑↓ scroll${run}${tab}${tracks ? '  m track' : ''}  ? keys  q quit`;
}

const panelNames: Record<Panel, string> = {lesson: 'lesson', derivation: 'derivation', live: 'live tensor', filters: 'filters', play: 'play'};

/** The interactive tour: header, lesson text and panels, footer; keys per the help screen. */
export function TourApp({lessons, openSession, level, size, initialIndex = 0, control, hint, keys = true, onQuit, track, onTrack, ask = true, tiles = 'normal', images}: TourAppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize(size);
	const layout = tourLayout(columns, rows);
	const screens = useMemo(() => [['lesson'] as Panel[], ...lessons.map(lessonPanels)], [lessons]);
	const [state, dispatch] = useReducer(tourReducer, initialIndex, (i) => initialTourState(screens, i));
	const [session, setSession] = useState<TourSession>();
	const [sessionError, setSessionError] = useState<string>();
	const sessionPromise = useMemo(() => openSession(), [openSession]);
	// Quitting stops a training run that is still going.
	const stop = useMemo(() => new AbortController(), []);
	useEffect(() => () => stop.abort(), [stop]);
	const shown = useRef<TourSession>(undefined);
	useEffect(() => {
		let current = true;
		sessionPromise.then(
			(s) => {
				if (!current) return;
				// A replaced session (new weights) makes the earlier results stale: they go, a training run stays.
				if (shown.current && shown.current !== s) dispatch({type: 'forget-runs'});
				shown.current = s;
				setSession(s);
			},
			(e: unknown) => current && setSessionError(e instanceof Error ? e.message : String(e)),
		);
		return () => {
			current = false;
		};
	}, [sessionPromise]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: onQuit is called once, when quit is first set
	useEffect(() => {
		if (!state.quit) return;
		onQuit?.(state.interrupted === true);
		exit();
	}, [state.quit, exit]);

	const lesson = state.index > 0 ? lessons[state.index - 1] : undefined;
	const run = lesson ? state.runs[lesson.id] : undefined;
	// The lesson's predictions, computed from the network this session runs (the mini track asks about the mini net).
	const questions = useMemo(() => (lesson?.ask && lesson.layer && session ? lessonQuestions(session.summary, lesson.layer, lesson.ask) : []), [lesson, session]);
	const asking = state.asking && state.asking.lesson === lesson?.id && questions[state.asking.at] ? state.asking : undefined;
	// A lesson with predictions to make opens on its next question, before its text gives the answers away.
	const pending = ask && lesson && !run && !state.asking ? (state.asked[lesson.id] ?? 0) : undefined;
	useEffect(() => {
		if (lesson && pending !== undefined && pending < questions.length) dispatch({type: 'ask', lesson: lesson.id, at: pending});
	}, [lesson, pending, questions]);
	const trained = session?.trained === true;
	const text = useMemo(() => (lesson ? renderMarkdown(weightsText(lesson.markdown, trained), {width: layout.textWidth, color: level > 0}).split('\n') : []), [lesson, layout.textWidth, level, trained]);
	// Wide terminals show the text and a panel side by side; the panel is the focused one, or the lesson's first.
	const panels = panelsOf(state);
	const sidePanel: Panel | undefined = layout.wide ? (state.panel !== 'lesson' ? state.panel : panels[1]) : state.panel === 'lesson' ? undefined : state.panel;
	const {lines: side, slots} = useMemo(() => {
		const found: ImageSlot[] = [];
		const sink = images ? (slot: ImageSlot) => found.push(slot) : undefined;
		const lines =
			lesson && sidePanel
				? panelLines({panel: sidePanel, lesson, run, session, sessionError, width: layout.panelWidth, level, zoom: state.zoom, mini: track?.name === 'mini', tiles, play: lesson ? state.plays[lesson.id] : undefined, sink})
				: [];
		return {lines, slots: found};
	}, [lesson, sidePanel, run, session, sessionError, layout.panelWidth, level, state.zoom, track, tiles, state.plays, images]);
	const question = useMemo(() => (asking ? questionLines(questions[asking.at]!, asking, questions.length, state.score, Math.min(100, columns - 2)) : undefined), [asking, questions, state.score, columns]);
	const main = state.help
		? helpLines()
		: question
			? question
			: !lesson
				? homeLines(lessons, session ? backendLine(session.backend) : sessionError ? `none: ${sessionError}` : undefined, session?.weights, Math.min(100, columns - 2))
				: layout.wide || state.panel === 'lesson'
					? text
					: side;
	const twoColumns = layout.wide && lesson !== undefined && !state.help && !question;
	const scrolled = twoColumns && state.panel !== 'lesson' ? side : main;
	const maxScroll = Math.max(0, scrolled.length - layout.bodyRows);

	const perform = async (command: TourAction | {type: 'run'} | {type: 'track'}): Promise<void> => {
		if (command.type === 'escape') return dispatch({...command, running: run?.status === 'running'});
		if (command.type === 'track') {
			if (!onTrack) return dispatch({type: 'notice', text: 'This tour has one track.'});
			if (run?.status === 'running' && lesson?.run === 'train') return dispatch({type: 'notice', text: 'Training is running: m switches track once it ends (q stops it).'});
			return onTrack(state.index);
		}
		// Side by side, the text's own stop already shows the first panel beside it: Tab skips that panel's stop.
		if (command.type === 'panel' && command.panel === undefined && twoColumns && panels.length > 2) {
			const stops = panels.filter((p) => p !== panels[1]);
			return dispatch({type: 'panel', panel: stops[(stops.indexOf(state.panel) + 1) % stops.length]!});
		}
		if (command.type !== 'run') return dispatch(command);
		// Predict before it shows: one Enter checks the answer, the next goes on (to the text after the last question).
		if (asking) {
			if (asking.result) return dispatch({type: 'next-question', count: questions.length});
			const q = questions[asking.at]!;
			// A measured answer (ReLU's zeros) comes from the live tensor: the pass the tour started has it, or soon will.
			if (q.measured && session) return dispatch({type: 'answer', expected: {answer: await zeroShare(session, q.layer), tolerance: q.tolerance, measured: true}});
			return dispatch({type: 'answer', expected: q});
		}
		if (!lesson) return dispatch({type: 'notice', text: 'Press → or n to begin the first lesson.'});
		if (!panels.includes('live')) return dispatch({type: 'notice', text: 'Nothing runs in this lesson: → or n for the next one.'});
		if (run?.status === 'running') return dispatch({type: 'notice', text: 'Still running: the results appear as each layer completes.'});

		if (!layout.wide || state.panel === 'lesson') dispatch({type: 'panel', panel: 'live'});
		if (lesson.run === 'augment' || lesson.run === 'input') return;
		const ready = await sessionPromise.catch(() => undefined);
		if (ready) await runLesson(lesson, ready, dispatch, stop.signal);
	};
	useEffect(() => control?.(perform));
	// Real images over the half-block pictures that are wholly on screen, once Ink has drawn the frame under them.
	const sideShown = !state.help && !question && lesson !== undefined && (twoColumns || state.panel !== 'lesson');
	const panelColumn = twoColumns ? layout.textWidth + 4 : 2;
	const offset = Math.min(state.scroll, maxScroll);
	// A picture taller than what is left of the screen is drawn smaller, whole, in the rows there are.
	const placed =
		images && sideShown
			? slots
					.filter((s) => s.line >= offset && s.line - offset < layout.bodyRows - 1)
					.map((s) => {
						const rows = Math.min(s.rows, layout.bodyRows - (s.line - offset));
						return {...s, rows, cols: Math.max(1, Math.round((s.cols * rows) / s.rows)), row: 2 + s.line - offset, column: panelColumn + s.column};
					})
			: [];
	useEffect(() => {
		if (!images) return;
		const timer = setTimeout(() => images.write(placedImages(images, placed)), 40);
		return () => clearTimeout(timer);
	});
	// The reducer applies each play key to the latest state, so keys that arrive together all count.
	const play = (command: PlayCommand) => {
		const original = lesson?.layer && session ? playValues(findLayer(session.summary, lesson.layer)) : undefined;
		if (lesson && original) dispatch({type: 'play-key', lesson: lesson.id, original, command});
	};
	useInput(
		(input, key) => {
			// Keys typed fast or repeated can arrive as one chunk ("nnn"): each character counts.
			const chunks = input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input];
			// In a terminal too small to draw in, only quitting acts (nothing moves unseen).
			if (!layout.fits) {
				if (input === 'q' || (key.ctrl && input === 'c')) dispatch({type: 'quit'});
				return;
			}
			for (const chunk of chunks) {
				// While a prediction is typed, digits and the like go into it.
				const typing = asking && !asking.result ? answerKey(chunk, key) : undefined;
				if (typing) {
					dispatch(typing);
					continue;
				}
				// The play panel's keys change the layer on screen.
				const played = state.panel === 'play' || (layout.wide && sidePanel === 'play') ? playCommand(chunk) : undefined;
				if (played) {
					play(played);
					continue;
				}
				const command = keyCommand(chunk, key, layout.bodyRows, maxScroll);
				if (command) void perform(command);
			}
		},
		{isActive: keys},
	);

	if (!layout.fits) return <TooSmall columns={columns} rows={rows} need={minimumSize} />;
	const title = state.help ? 'Keys' : lesson ? `${lesson.order}. ${lesson.title}` : 'AlexNet tour';
	const position = `${state.index}/${lessons.length}`;
	// Wide headers list every panel; narrow ones name the current one and its place in the Tab order.
	const panelLabel =
		lesson && panels.length > 1 ? (layout.wide ? ` · ${panels.map((p) => (p === state.panel ? `[${panelNames[p]}]` : panelNames[p])).join(' ')}` : ` · [${panelNames[state.panel]}] ${panels.indexOf(state.panel) + 1}/${panels.length}`) : '';
	// The header keeps the backend's name and device; the home screen says why auto chose it.
	const backendShort = session ? (layout.wide ? backendText(session.backend) : session.backend.backend) : sessionError ? 'cannot run: see the panel' : 'choosing a backend…';
	const score = state.score.asked > 0 ? ` · ${state.score.right}/${state.score.asked} right` : '';
	const right = ` ${position}${panelLabel}${track ? ` · ${track.label}` : ''}${score} · ${backendShort}`;
	const scrollInfo = maxScroll > 0 ? `${Math.round((Math.min(state.scroll, maxScroll) / maxScroll) * 100)}% ` : '';
	return (
		<Box flexDirection="column" width={columns} height={rows - 1}>
			<HeaderBar title={title} right={right} running={run?.status === 'running'} width={columns} />
			<Box height={layout.bodyRows} paddingLeft={1}>
				{twoColumns ? (
					<>
						<LinesView lines={text} offset={state.panel === 'lesson' ? offset : 0} height={layout.bodyRows} width={layout.textWidth} />
						<Box width={2} />
						<LinesView lines={side} offset={state.panel !== 'lesson' ? offset : 0} height={layout.bodyRows} width={layout.panelWidth} />
					</>
				) : (
					<LinesView lines={main} offset={offset} height={layout.bodyRows} width={columns - 2} />
				)}
			</Box>
			<FooterBar hint={state.notice ?? hint ?? footerHint(lesson !== undefined, panels, onTrack !== undefined)} scroll={scrollInfo} width={columns} notice={state.notice !== undefined} />
		</Box>
	);
}
