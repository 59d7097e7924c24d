import {flipHorizontal, pcaColorShift, randomCrop} from '../data/augment.js';
import {centerCrop, readImage} from '../data/image.js';
import {resizeShorterSide} from '../data/preprocess.js';
import {sampleImage} from '../data/sample-image.js';
import {createBackend} from '../backends/select.js';
import type {BackendName} from '../backends/backend.js';
import {backendInfo} from '../runner/backend-info.js';
import {runForward, type ForwardEvent} from '../runner/forward.js';
import {sharedPass} from '../runner/shared-pass.js';
import type {TrainEvent} from '../runner/train.js';
import {checkWeights, type Weights} from '../runner/weights.js';
import {takesDigits} from '../runner/test-digit.js';
import {digitLabels, topClasses} from '../runner/top-classes.js';
import {createRandom, defaultSeed} from '../tensor/random.js';
import type {LayerResult, Picture, TourSession} from '../ui/tour-session.js';
import {prepareForward, type SetupOptions} from './forward-setup.js';
import {shortTrain, trainDefaults} from './train.js';

/** The tour's flags: the backend, what forward takes (variant, image, seed, init, weights), and the training run's length. */
export type TourOptions = SetupOptions & {readonly backend?: 'auto' | BackendName; readonly shortTraining?: boolean};

/** Crops, a flip and PCA colour shifts of the picture (`--image`, or the sample), seeded (paper §4.1). */
function augmentations(source: Picture, size: number, seed: number): {label: string; picture: Picture}[] {
	const square = centerCrop(resizeShorterSide(source, 256), 256, 256);
	const random = createRandom(seed);
	const crops = [randomCrop(square, size, random), randomCrop(square, size, random)];
	const shifted = pcaColorShift(crops[0]!.image, random);
	const strong = pcaColorShift(crops[0]!.image, random, 1);
	return [
		{label: '256×256 source', picture: square},
		...crops.map((c) => ({label: `crop at ${c.left},${c.top}`, picture: c.image})),
		{label: 'crop 1 mirrored', picture: flipHorizontal(crops[0]!.image)},
		{label: 'PCA shift, σ 0.1', picture: shifted.image},
		{label: 'PCA shift ×10 (σ 1)', picture: strong.image},
	];
}

/** Opens the session once, after the first frame has drawn (preparing 61 M weights blocks for a moment). */
export function lazySession(open: () => Promise<TourSession>): () => Promise<TourSession> {
	let session: Promise<TourSession> | undefined;
	return () => (session ??= new Promise((resolve) => setTimeout(resolve, 30)).then(open));
}

/** Weights trained in this tour (the training lesson), to run instead of the file's, with their score in words. */
export type TrainedHere = {readonly weights: Weights; readonly note: string};

/**
 * Prepares weights and input, picks the backend, and offers the tour a session that runs the network layer by layer.
 * `trained` replaces the weights with ones trained in this tour; `onTrain` sees every event of a training run.
 */
export async function openTourSession(options: TourOptions, trained?: TrainedHere, onTrain?: (event: TrainEvent) => void): Promise<TourSession> {
	const prepared = prepareForward(options);
	const setup = trained ? {...prepared, weights: checkWeights(prepared.summary, trained.weights, 'the weights trained in the tour'), weightsNote: trained.note, random: false} : prepared;
	const backend = await createBackend(options.backend ?? 'auto');
	const seed = options.seed ?? defaultSeed;
	const layerResult = (e: ForwardEvent): LayerResult => ({name: e.name, facts: e.facts, output: e.output, ms: e.ms, ...(e.note ? {note: e.note} : {})});
	// The whole pass starts now, while the learner reads: Enter then shows the layers already computed and follows
	// the rest as they arrive. Only a pass with dropout masks (the dropout lesson) is run afresh.
	const pass = sharedPass(
		(async function* () {
			for await (const e of runForward(setup.summary, setup.weights, backend, setup.input)) yield layerResult(e);
		})(),
	);
	let masks = 0;
	let augmented: {label: string; picture: Picture}[] | undefined;
	return {
		summary: setup.summary,
		backend: backendInfo(backend),
		weights: setup.weightsNote,
		trained: !setup.random,
		async *run(until, runOptions = {}) {
			if (runOptions.train !== true) return yield* pass.results(until);
			// Each Enter draws a new mask (a new "thinned network"), the same sequence for the same seed.
			for await (const e of runForward(setup.summary, setup.weights, backend, setup.input, {...(until ? {until} : {}), dropout: createRandom(seed + masks++)})) yield layerResult(e);
		},
		layerWeights: (layer) => setup.weights.get(layer)?.w,
		layerBiases: (layer) => setup.weights.get(layer)?.b,
		input: setup.input,
		...(setup.digit ? {truth: digitLabels[setup.digit.label]!} : {}),
		// A digit network's ten classes are the digits themselves.
		top5: (probs) => topClasses(probs, 5, takesDigits(setup.summary.network) ? digitLabels : undefined).map((c) => ({label: c.label, probability: c.probability})),
		picture: {label: `${setup.inputNote}; what conv1 computes on`, picture: setup.picture},
		// The crops are AlexNet's (224 of 256) whatever the network: a digit network's own input is not augmented so.
		// Made once, on first look: the panel asks on every redraw.
		augmentations: () => (augmented ??= augmentations(options.image === undefined ? sampleImage(defaultSeed) : readImage(options.image), Math.max(224, setup.summary.network.input[0]), seed)),
		// The same run as `alexnet-tour train` with its defaults (about 40 s here), so the tour follows its tuning; the demo's
		// short one for a classroom (about 7 s). It runs in a worker thread, so drawing the screen does not slow it.
		async *train(signal) {
			const {trainInWorker} = await import('./train-worker.js');
			const {epochs, batch, lr, threads, train: trainCount, test: testCount} = options.shortTraining ? shortTrain : trainDefaults;
			for await (const event of trainInWorker({epochs, batch, lr, seed, threads, train: trainCount, test: testCount}, signal)) {
				onTrain?.(event);
				yield event;
			}
		},
		dispose: () => backend.dispose(),
	};
}
