import type {Lesson} from '../lessons/lesson.js';
import {lessonPanels} from './panels/panel-lines.js';
import type {TourAction} from './use-tour-state.js';

/** One step of the demo: a command for the tour, shown for one step's time (a run's time starts when the run ends). */
export type DemoStep = {readonly lesson: number; readonly command: TourAction | {readonly type: 'run'}};

/**
 * The whole auto-played tour from screen `from` (1 = the first lesson): each lesson's predictions (a step for the room
 * to think, then a step that reveals the answer), its text page by page, its derivation, its run, and conv1's filters.
 * `pages(lesson)` says how many screens of text a lesson takes, `questions(lesson)` how many predictions it asks.
 */
export function demoScript(lessons: readonly Lesson[], from: number, pages: (lesson: Lesson) => number, bodyRows: number, questions: (lesson: Lesson) => number = () => 0): DemoStep[] {
	const steps: DemoStep[] = [];
	for (let index = Math.max(1, from); index <= lessons.length; index++) {
		const lesson = lessons[index - 1]!;
		const panels = lessonPanels(lesson);
		steps.push({lesson: index, command: {type: 'goto', index}});
		// Arriving shows the first question; Enter with nothing typed reveals it, the next Enter moves on.
		for (let q = 0; q < questions(lesson); q++) steps.push({lesson: index, command: {type: 'run'}}, {lesson: index, command: {type: 'run'}});
		for (let p = 1; p < pages(lesson); p++) steps.push({lesson: index, command: {type: 'scroll', delta: bodyRows - 1, max: Number.MAX_SAFE_INTEGER}});
		if (panels.includes('derivation')) steps.push({lesson: index, command: {type: 'panel', panel: 'derivation'}});
		if (panels.includes('live')) steps.push({lesson: index, command: {type: 'run'}});
		if (panels.includes('filters')) steps.push({lesson: index, command: {type: 'panel', panel: 'filters'}});
	}
	return steps;
}

/** Where the demo is: the step, whether it is paused, and whether it has finished (without --loop). */
export type DemoState = {readonly step: number; readonly paused: boolean; readonly done: boolean; readonly loops: number};

/** What moves the demo: the step's time is up, space, → (skip to the next lesson), ← (back to this lesson's start, or the previous lesson's). */
export type DemoAction = {readonly type: 'tick'} | {readonly type: 'pause'} | {readonly type: 'skip'} | {readonly type: 'back'};

/** The demo's reducer over a script; with `loop` it starts again after the last step instead of finishing. */
export function demoReducer(script: readonly DemoStep[], loop: boolean) {
	const advance = (state: DemoState, to: number): DemoState => {
		if (to < script.length) return {...state, step: to};
		return loop ? {...state, step: 0, loops: state.loops + 1} : {...state, done: true};
	};
	return (state: DemoState, action: DemoAction): DemoState => {
		if (state.done) return state;
		switch (action.type) {
			case 'tick':
				return state.paused ? state : advance(state, state.step + 1);
			case 'pause':
				return {...state, paused: !state.paused};
			case 'skip': {
				const lesson = script[state.step]?.lesson;
				let to = state.step + 1;
				while (to < script.length && script[to]!.lesson === lesson) to++;
				return advance(state, to);
			}
			case 'back': {
				const first = (step: number) => {
					let at = step;
					while (at > 0 && script[at - 1]!.lesson === script[step]!.lesson) at--;
					return at;
				};
				const start = first(state.step);
				return {...state, step: start < state.step || start === 0 ? start : first(start - 1)};
			}
		}
	};
}

/** The demo at its first step. */
export const initialDemoState: DemoState = {step: 0, paused: false, done: false, loops: 0};
