import {render, Text, useApp, useInput, useStdin} from 'ink';
import {useEffect, useReducer} from 'react';
import type {TrainEvent} from '../../runner/train.js';
import {trainLines} from '../panels/train-lines.js';
import {initialTrainState, trainReducer} from './train-state.js';

/** The live training screen: consumes the runner's events, draws them, and turns Ctrl-C or q into a stop request. */
export function TrainApp({events, onStop, width}: {events: AsyncIterable<TrainEvent>; onStop: () => void; width: number}) {
	const [state, dispatch] = useReducer(trainReducer, initialTrainState);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	useEffect(() => {
		let live = true;
		void (async () => {
			try {
				for await (const event of events) if (live) dispatch(event);
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
				dispatch({type: 'stopping'});
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
