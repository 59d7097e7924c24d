import type {TrainEvent} from '../runner/train.js';
import {shippedWeightsName} from '../io/shipped-weights.js';
import type {TourTrack, TourTracks} from '../ui/tour-tracks.js';
import type {TourSession} from '../ui/tour-session.js';
import {lazySession, openTourSession, type TourOptions, type TrainedHere} from './tour-session.js';

/**
 * The tour's two tracks over the same lessons: the network the learner chose (random AlexNet, or a --model), where the
 * shapes and costs are taught, and the mini track, the digit network with trained weights (the package's, a --weights
 * file, or, once the training lesson has run, the weights it just trained) whose filters and predictions mean something.
 */
export function tourTracks(options: TourOptions): TourTracks & {onTrain(event: TrainEvent): void; dispose(): void} {
	const startsMini = options.variant === 'mini';
	const {digit, ...rest} = options;
	const mainOptions: TourOptions = startsMini ? {...rest, variant: 'original', weights: undefined} : rest;
	const miniOptions: TourOptions = {
		...options,
		variant: 'mini',
		model: undefined,
		prototxt: undefined,
		preprocess: undefined,
		inputNpy: undefined,
		weights: startsMini && options.weights !== undefined ? options.weights : shippedWeightsName,
	};
	const opened: Promise<TourSession>[] = [];
	const listeners = new Set<() => void>();
	let trained: TrainedHere | undefined;
	const open = (o: TourOptions, label: string, name: TourTrack['name']): TourTrack => ({
		name,
		label,
		openSession: lazySession(() => {
			const session = openTourSession(o, name === 'mini' ? trained : undefined, handOff);
			opened.push(session);
			return session;
		}),
	});
	// A training run that ends with weights hands them to the mini track: a new mini session runs them.
	const handOff = (event: TrainEvent) => {
		if (event.type !== 'done' || !event.weights || !event.test) return;
		const count = event.test.confusion.flat().reduce((a, b) => a + b, 0);
		trained = {weights: event.weights, note: `trained in the training lesson just now, ${(event.test.accuracy * 100).toFixed(2)}% on ${count.toLocaleString('en-US')} test digits`};
		tracks = [tracks[0]!, open(miniOptions, 'mini track', 'mini')];
		for (const listener of listeners) listener();
	};
	const mainLabel = options.model !== undefined ? 'your model' : (mainOptions.variant ?? 'original');
	let tracks: readonly TourTrack[] = [open(mainOptions, mainLabel, 'main'), open(miniOptions, 'mini track', 'mini')];
	return {
		initial: startsMini ? 1 : 0,
		tracks: () => tracks,
		onTrain: handOff,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		dispose() {
			for (const session of opened)
				session.then(
					(s) => s.dispose?.(),
					() => {},
				);
		},
	};
}
