import type {Lesson} from '../lessons/lesson.js';
import {runPlan} from './panels/panel-lines.js';
import type {LayerResult, TourSession} from './tour-session.js';
import type {TourAction} from './use-tour-state.js';
import {gatheredEvents} from './train/gathered-events.js';

/**
 * Runs what a lesson's Enter asks for on the session, reporting each finished layer as it completes; resolves when done.
 * Errors become a `run-error` (shown in the live panel) rather than a crash of the tour.
 */
export async function runLesson(lesson: Lesson, session: TourSession, dispatch: (action: TourAction) => void, signal?: AbortSignal): Promise<void> {
	if (lesson.run === 'train') return runTraining(lesson.id, session, dispatch, signal ?? new AbortController().signal);
	const plan = runPlan(lesson);
	if (!plan) return;
	const id = lesson.id;
	dispatch({type: 'run-start', id});
	try {
		let last: LayerResult | undefined;
		for await (const layer of session.run(plan.until, plan.train ? {train: true} : {})) {
			last = layer;
			dispatch({type: 'run-layer', id, layer});
		}
		const top5 = plan.top5 && last ? session.top5(last.output) : undefined;
		dispatch({type: 'run-done', id, ...(top5 ? {top5} : {})});
	} catch (error) {
		dispatch({type: 'run-error', id, error: error instanceof Error ? error.message : String(error)});
	}
}

/** The training lesson's run: the run's events go to the state in groups (a redraw at most every 250 ms), then `run-done`. */
async function runTraining(id: string, session: TourSession, dispatch: (action: TourAction) => void, signal: AbortSignal): Promise<void> {
	if (!session.train) return;
	dispatch({type: 'run-start', id});
	try {
		for await (const events of gatheredEvents(session.train(signal))) dispatch({type: 'run-train', id, events});
		dispatch({type: 'run-done', id});
	} catch (error) {
		dispatch({type: 'run-error', id, error: error instanceof Error ? error.message : String(error)});
	}
}
