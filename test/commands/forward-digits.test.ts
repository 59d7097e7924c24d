import {prepareForward} from '../../src/commands/forward-setup.js';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PNG} from 'pngjs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createFastBackend} from '../../src/backends/fast/fast-backend.js';
import {forwardReport, run} from '../../src/commands/forward.js';
import {pictureArt} from '../../src/commands/forward-report.js';
import {UsageError, type UserError} from '../../src/errors.js';
import {loadMnist, mnistDataDir, spread} from '../../src/data/mnist.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {mini} from '../../src/model/networks.js';
import {evaluate} from '../../src/runner/evaluate.js';
import {train, type TrainEvent} from '../../src/runner/train.js';
import {saveWeightsFile} from '../../src/io/weights-file.js';
import type {Weights} from '../../src/runner/weights.js';
import {captureStdout} from '../helpers/capture-stdout.js';

const dir = mkdtempSync(join(tmpdir(), 'alexnet-digits-'));
const file = join(dir, 'mini.weights');
const backend = createFastBackend({threads: 1});
// The true labels straight from LeCun's label file (8 header bytes, then one byte a digit), not through the loader under test.
const labelBytes = readFileSync(join(mnistDataDir(), 't10k-labels-idx1-ubyte'));
const trueLabel = (index: number) => labelBytes[8 + index]!;
let trained: Weights;

type Doc = {input: string; weights: string; top5: {class: number; label: string; probability: number}[]; digit?: {index: number; label: number}; correct?: boolean};
const forwardJson = async (options: Parameters<typeof run>[0]): Promise<Doc> => JSON.parse(await captureStdout(() => run({variant: 'mini', backend: 'fast', json: true, ...options})));

test.before(async () => {
	// A short real run: 1,200 training digits, one epoch (a few seconds on one thread).
	let done: Extract<TrainEvent, {type: 'done'}> | undefined;
	for await (const e of train({network: mini, backend, data: loadMnist({train: 1200, test: 10}), epochs: 1, batch: 16, lr: 0.05, seed: 1})) {
		if (e.type === 'done') done = e;
	}
	trained = done!.weights!;
	saveWeightsFile(file, analyzeNetwork(mini), trained, 'forward-digits test run');
});

test('forward --weights FILE --digit N: the true label, five digit classes, and the top-1 the training evaluation also finds', async () => {
	// 20 test digits spread over the 10,000 (indices 0, 500, …, 9500), scored by the training code's own evaluate.
	const twenty = spread(loadMnist({train: 1, test: 10000}).test, 20);
	const expected = (await evaluate(backend, analyzeNetwork(mini), trained, twenty)).predictions;
	let right = 0;
	for (let i = 0; i < 20; i++) {
		const index = i * 500;
		const doc = await forwardJson({weights: file, digit: index});
		assert.equal(doc.digit, {index, label: trueLabel(index)});
		assert.match(doc.input, new RegExp(`^MNIST test digit #${index} \\(true label ${trueLabel(index)}\\)`));
		assert.match(doc.weights, /weights loaded from .*mini\.weights \(forward-digits test run\)/);
		assert.is(doc.top5.length, 5);
		assert.ok(
			doc.top5.every((c) => c.label === String(c.class) && c.class >= 0 && c.class <= 9),
			JSON.stringify(doc.top5),
		);
		assert.is(new Set(doc.top5.map((c) => c.class)).size, 5);
		const sum = doc.top5.reduce((s, c) => s + c.probability, 0);
		assert.ok(sum <= 1 + 1e-6 && sum > 0, `top-5 sum ${sum}`);
		// The same input and weights as training's forward pass: the same top-1.
		assert.is(doc.top5[0]!.class, expected[i], `digit ${index}`);
		assert.is(doc.correct, doc.top5[0]!.class === trueLabel(index));
		if (doc.correct) right++;
	}
	// Chance is 2 of 20; a few seconds of training does far better.
	assert.ok(right >= 10, `${right} of 20 right`);
});

test('the text report names the digit, lists the top-5 as digits and says whether the top guess is right', async () => {
	const out = await captureStdout(() => run({variant: 'mini', backend: 'fast', weights: file, digit: 7}));
	assert.match(out, `input:   MNIST test digit #7 (true label ${trueLabel(7)})`);
	// The digit drawn: 14 lines of at most 28 characters, some of them ink.
	const art = out.split('\n').slice(3, 18);
	assert.is(art[0], '');
	assert.ok(
		art.slice(1).every((l) => l.length <= 30 && /^ *[ .:\-=+*#%@]*$/.test(l)),
		art.join('\n'),
	);
	assert.match(art.join(''), /[#%@]/);
	assert.is(out.split('\n')[18], '');
	assert.match(out, /\ntop-5 digits:\n {2}1\. "\d" +\d+\.\d\d%\n/);
	assert.match(out, /test digit #7: (right: the top guess "\d" is the true label|wrong: the top guess is "\d", the true label is \d)\n?$/);
	assert.not.match(out, /random|ImageNet's class names/);
});

test('random weights: digit 0 by default, and every screen says the predictions mean nothing', async () => {
	const doc = await forwardJson({});
	assert.equal(doc.digit, {index: 0, label: trueLabel(0)});
	assert.match(doc.weights, /^random weights \(He init, seed \d+\), not trained: --weights shipped loads the trained ones that ship, `alexnet-tour train --save FILE` makes your own$/);
	const out = await captureStdout(() => run({variant: 'mini', backend: 'fast'}));
	assert.match(out, 'top-5 digits (random weights: these predictions mean nothing yet):');
	assert.match(out, /test digit #0: .*\(meaningless: the weights are random\)/);
});

test('--image still feeds mini a picture (no digit), its classes still digits', async () => {
	const png = new PNG({width: 40, height: 30});
	for (let i = 0; i < png.data.length; i += 4) png.data.set([i % 255, 90, 200, 255], i);
	const path = join(dir, 'picture.png');
	writeFileSync(path, PNG.sync.write(png));
	const doc = await forwardJson({weights: file, image: path});
	assert.is(doc.digit, undefined);
	assert.is(doc.correct, undefined);
	// MNIST's preprocessing, not ImageNet's: grey, 28×28, the training set's mean pixel subtracted.
	assert.match(doc.input, /picture\.png \(40×30\), grey, 28×28, the training set's mean pixel subtracted, as in training/);
	assert.ok(doc.top5.every((c) => c.label === String(c.class)));
});

test("a dark digit drawn on white paper is inverted to MNIST's light ink on black, and scaled as the training digits", () => {
	const png = new PNG({width: 28, height: 28});
	for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) png.data.set(x >= 12 && x < 16 && y >= 4 && y < 24 ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * 28 + x) * 4);
	const path = join(dir, 'seven.png');
	writeFileSync(path, PNG.sync.write(png));
	const setup = prepareForward({variant: 'mini', image: path});
	assert.match(setup.inputNote, 'inverted to light ink on dark (as MNIST)');
	const x = setup.input.data;
	// Paper (white) becomes 0 and ink 1, less MNIST's mean pixel: the scale of the training digits, not ImageNet's ±2.
	assert.ok(Math.abs(x[0]! - -0.13066) < 1e-6, String(x[0]));
	assert.ok(Math.abs(x[10 * 28 + 13]! - (1 - 0.13066)) < 1e-6, String(x[10 * 28 + 13]));
});

test('pictureArt: two pixel rows a character, ink from blank to @, trailing blanks trimmed', () => {
	// Top row 0, 255, 255, 0 over bottom row 0, 255, 0, 0: mean ink 0, 1, ½, 0 → ' ', '@', '+' (round(4.5) = 5), ' '.
	const grey = [0, 255, 255, 0, 0, 255, 0, 0];
	const picture = {width: 4, height: 2, data: Uint8Array.from(grey.flatMap((v) => [v, v, v]))};
	assert.equal(pictureArt(picture), [' @+']);
});

const rejects = async (options: Parameters<typeof forwardReport>[0], pattern: RegExp) => {
	try {
		await forwardReport(options);
	} catch (error) {
		assert.instance(error, UsageError);
		assert.match((error as UserError).message, pattern);
		return;
	}
	assert.unreachable(`expected a UsageError matching ${pattern}`);
};

test('a bad --digit is a usage error giving the range', async () => {
	await rejects({variant: 'mini', backend: 'fast', digit: 10000}, /^--digit 10000: expected an integer from 0 to 9999/);
	await rejects({variant: 'mini', backend: 'fast', digit: -1}, /^--digit -1: expected an integer from 0 to 9999/);
	await rejects({variant: 'mini', backend: 'fast', digit: 2.5}, /^--digit 2\.5: expected an integer from 0 to 9999/);
	await rejects({variant: 'mini', backend: 'fast', digit: 3, image: join(dir, 'picture.png')}, /--digit and --image both choose the input/);
	await rejects({variant: 'original', backend: 'fast', digit: 3}, /--digit feeds MNIST digits to 28×28×1 networks; original takes 227×227×3/);
});

test.after(() => {
	backend.dispose();
	rmSync(dir, {recursive: true, force: true});
});
test.run();
