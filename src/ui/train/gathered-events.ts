import type {TrainEvent} from '../../runner/train.js';

/** How often a training screen redraws at most: redrawing on every batch cost a run about 40% of its speed here. */
export const trainRedrawMs = 250;

/**
 * A training run's events in groups, for screens: batches are gathered and handed over at most every `ms`, any other
 * event (start, epoch, problem, done) at once with those before it, so nothing is lost and the curve keeps every point.
 */
export async function* gatheredEvents(events: AsyncIterable<TrainEvent>, ms = trainRedrawMs, now: () => number = Date.now): AsyncGenerator<TrainEvent[]> {
	let pending: TrainEvent[] = [];
	let shown = Number.NEGATIVE_INFINITY;
	for await (const event of events) {
		pending.push(event);
		if (event.type === 'batch' && now() - shown < ms) continue;
		yield pending;
		pending = [];
		shown = now();
	}
	if (pending.length > 0) yield pending;
}
