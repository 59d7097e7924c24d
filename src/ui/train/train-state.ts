import type {TrainEvent} from '../../runner/train.js';

/** Everything the training screen shows, folded from the runner's events (no Ink here, so it is tested alone). */
export type TrainState = {
	readonly device: string;
	readonly trainCount: number;
	readonly testCount: number;
	readonly epochs: number;
	readonly batches: number;
	readonly epoch: number;
	readonly batch: number;
	readonly loss: number;
	readonly lr: number;
	readonly imagesPerSecond: number;
	readonly etaSeconds: number;
	/** The loss of every batch, for the live curve. */
	readonly losses: readonly number[];
	/** Per finished epoch: mean training loss, training accuracy (with dropout) and test accuracy. */
	readonly epochRows: readonly {readonly epoch: number; readonly loss: number; readonly accuracy: number; readonly testAccuracy: number; readonly seconds: number}[];
	readonly problem?: {readonly message: string; readonly advice: string};
	readonly done?: Extract<TrainEvent, {type: 'done'}>;
	/** Set once a stop was asked for (Ctrl-C), until the run has stopped. */
	readonly stopping: boolean;
};

/** The state before any event. */
export const initialTrainState: TrainState = {
	device: '',
	trainCount: 0,
	testCount: 0,
	epochs: 0,
	batches: 0,
	epoch: 0,
	batch: 0,
	loss: Number.NaN,
	lr: 0,
	imagesPerSecond: 0,
	etaSeconds: Number.NaN,
	losses: [],
	epochRows: [],
	stopping: false,
};

/** Folds one event (or a stop request) into the state. */
export function trainReducer(state: TrainState, event: TrainEvent | {type: 'stopping'}): TrainState {
	switch (event.type) {
		case 'start':
			return {...state, device: event.device, trainCount: event.trainCount, testCount: event.testCount, epochs: event.epochs, batches: event.batchesPerEpoch, epoch: 1};
		case 'batch':
			return {
				...state,
				epoch: event.epoch,
				batch: event.batch,
				loss: event.loss,
				lr: event.lr,
				imagesPerSecond: event.imagesPerSecond,
				etaSeconds: event.etaSeconds,
				losses: [...state.losses, event.loss],
			};
		case 'epoch':
			return {...state, epochRows: [...state.epochRows, {epoch: event.epoch, loss: event.loss, accuracy: event.accuracy, testAccuracy: event.testAccuracy, seconds: event.seconds}]};
		case 'problem':
			return {...state, problem: {message: event.message, advice: event.advice}};
		case 'done':
			return {...state, done: event, stopping: false};
		case 'stopping':
			return state.done ? state : {...state, stopping: true};
	}
}
