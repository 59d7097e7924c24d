import {render, Text, useApp, useInput, useStdin} from 'ink';
import {useEffect, useReducer} from 'react';
import type {TrainEvent} from '../../runner/train.js';
import {trainLines} from '../panels/train-lines.js';
import {initialTrainState, trainReducer, type TrainState} from './train-state.js';
import {gatheredEvents} from './gathered-events.js';

/** The live training screen: consumes the runner's events, draws them, and turns Ctrl-C or q into a stop request. */
export function TrainApp({events, onStop, width}: {events: AsyncIterable<TrainEvent>; onStop: () => void; width: number}) {
	// Events arrive in groups (a redraw at most every 250 ms); each is folded in turn.
	const [state, dispatch] = useReducer((s: TrainState, events: readonly (TrainEvent | {type: 'stopping'})[]) => events.reduce(trainReducer, s), initialTrainState);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	useEffect(() => {
		let live = true;
		void (async () => {
			try {
				for await (const group of gatheredEvents(events)) if (live) dispatch(group);
			} catch (error) {
				exit(error as Error);
			}
		})();
		return () => {
			live = false;
		};
	}, [events, exit]);
	// Leave only once the final state (the last epoch's row, the done line) has been drawn.
	useEffect(() => {
		if (state.done) exit();
	}, [state.done, exit]);
	useInput(
		(input, key) => {
			if ((key.ctrl && input === 'c') || input === 'q') {
				dispatch([{type: 'stopping'}]);
				onStop();
			}
		},
		{isActive: isRawModeSupported === true},
	);
	return <Text>{trainLines(state, width).join('\n')}</Text>;
}

/** Shows the training screen until the events end (the command imports this lazily, so --json never loads Ink). */
export async function showTrainScreen(events: AsyncIterable<TrainEvent>, onStop: () => void, width: number): Promise<void> {
	const app = render(<TrainApp events={events} onStop={onStop} width={width} />, {exitOnCtrlC: false});
	await app.waitUntilExit();
}
