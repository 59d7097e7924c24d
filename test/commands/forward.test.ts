import imagenetClasses from '../../src/data/imagenet-classes.json' with {type: 'json'};
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PNG} from 'pngjs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {forwardReport, run} from '../../src/commands/forward.js';
import {InputError, SpecError, UsageError, type UserError} from '../../src/errors.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {decodeNpy} from '../../src/tensor/npy.js';
import {captureStdout} from '../helpers/capture-stdout.js';
import {tiny} from '../runner/tiny-network.js';

const dir = mkdtempSync(join(tmpdir(), 'alexnet-forward-'));
const base = {network: tiny, backend: 'reference' as const};

test("--json prints one document in the issue's schema; --check against the reference itself differs by exactly 0", async () => {
	const out = await captureStdout(() => run({...base, json: true, check: true}));
	const doc = JSON.parse(out);
	assert.equal(Object.keys(doc), ['backend', 'device', 'skipped', 'variant', 'input', 'weights', 'layers', 'top5']);
	assert.is(doc.backend, 'reference');
	assert.match(doc.weights, /^random weights \(He init, seed 2012\), not a trained ImageNet model$/);
	assert.equal(
		doc.layers.map((l: {name: string}) => l.name),
		tiny.layers.map((l) => l.name),
	);
	assert.equal(
		doc.layers.map((l: {output: number[]}) => l.output),
		analyzeNetwork(tiny).layers.map((f) => f.output),
	);
	const conv1 = doc.layers[0];
	assert.equal(Object.keys(conv1), ['name', 'output', 'ms', 'gflops', 'stats', 'check']);
	assert.equal(Object.keys(conv1.stats), ['min', 'max', 'mean', 'std', 'zeros']);
	assert.ok(doc.layers.every((l: {check: {maxAbs: number; maxRel: number}}) => l.check.maxAbs === 0 && l.check.maxRel === 0));
	assert.equal(doc.layers[1].stats.min, 0, 'relu output has no negatives');
	// The tiny net has 3 classes, so its "top 5" is all of them, most probable first, summing to 1.
	const probs = doc.top5.map((c: {probability: number}) => c.probability);
	assert.is(doc.top5.length, 3);
	assert.equal(
		[...probs].sort((a, b) => b - a),
		probs,
	);
	assert.ok(Math.abs(probs.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-6);
	assert.equal(Object.keys(doc.top5[0]), ['class', 'label', 'probability']);
	// This small net's classes are numbered; a 1000-class output is ImageNet's, named in ILSVRC-2012 order (281 is the tabby cat).
	assert.is(doc.top5[0].label, `class ${doc.top5[0].class}`);
	assert.is(imagenetClasses.classes[281], 'tabby, tabby cat');
});

test('the text report says the weights are random, draws the table and names the dropout identity', async () => {
	const out = await captureStdout(() => run({...base, seed: 9, init: 'paper'}));
	assert.match(out, /^forward: tiny on reference \(plain TypeScript loops \(the reference\)\)$/m);
	assert.match(out, /^weights: random weights \(paper §5 init, N\(0, 0\.01\), seed 9\), not a trained ImageNet model$/m);
	assert.match(out, /^input: {3}the built-in sample image \(a drawn landscape\), resized and centre-cropped to 9×9×3, ImageNet mean subtracted, divided by its std$/m);
	assert.match(out, /^conv1 +5×5×4 +-?[\d.]+ /m);
	assert.match(out, /^drop6: identity at test time/m);
	assert.match(out, /^top-5 classes \(random weights: these predictions mean nothing yet\):$/m);
});

test('--until stops early: no class probabilities', async () => {
	const r = await forwardReport({...base, until: 'norm1'});
	assert.equal(
		r.layers.map((l) => l.name),
		['conv1', 'relu1', 'norm1'],
	);
	assert.equal(r.top5, []);
	assert.match(await captureStdout(() => run({...base, until: 'pool1'})), /stopped at pool1: no class probabilities yet/);
});

test('--save with --png also writes each output as a PNG grid and the conv filters as PNGs, listed in the manifest', async () => {
	const save = join(dir, 'pictures');
	await forwardReport({...base, save, png: true});
	const manifest = JSON.parse(readFileSync(join(save, 'manifest.json'), 'utf8'));
	const pictures = manifest.files.filter((f: {kind: string}) => f.kind === 'picture').map((f: {file: string}) => f.file);
	for (const l of tiny.layers) assert.ok(pictures.includes(`${l.name}.output.png`), `${l.name}.output.png`);
	for (const l of tiny.layers.filter((x) => x.op === 'conv')) assert.ok(pictures.includes(`${l.name}.weights.png`), `${l.name}.weights.png`);
	for (const file of pictures) {
		const png = PNG.sync.read(readFileSync(join(save, file)));
		assert.ok(png.width > 0 && png.height > 0, file);
	}
	try {
		await forwardReport({...base, png: true});
		assert.unreachable('--png without --save');
	} catch (error) {
		assert.instance(error, UsageError);
		assert.match((error as Error).message, '--png writes pictures into the --save directory');
	}
});

test('--save writes .npy files and a manifest that --weights loads back to the same outputs', async () => {
	const save = join(dir, 'saved');
	const first = await forwardReport({...base, seed: 4, save});
	const manifest = JSON.parse(readFileSync(join(save, 'manifest.json'), 'utf8'));
	const files = Object.fromEntries(manifest.files.map((f: {file: string; shape: number[]}) => [f.file, f.shape]));
	assert.equal(files['input.npy'], [3, 9, 9]);
	assert.equal(files['conv1.output.npy'], [4, 5, 5]);
	assert.equal(files['conv1.weights.npy'], [4, 3, 3, 3]);
	assert.equal(files['fc6.output.npy'], [5]);
	assert.equal(files['fc6.weights.npy'], [5, 36]);
	assert.equal(manifest.layers[2], {alphaOverN: false, name: 'norm1', op: 'lrn', size: 3, alpha: 1e-2, beta: 0.75, k: 2, output: [5, 5, 4]});
	const prob = decodeNpy(readFileSync(join(save, 'prob.output.npy')));
	assert.equal(Array.from(prob.data), Array.from(first.layers.at(-1)!.tensor.data));
	// Another seed, but loaded weights: the same numbers come out.
	const second = await forwardReport({...base, seed: 99, weights: save});
	assert.equal(
		second.layers.map((l) => l.stats),
		first.layers.map((l) => l.stats),
	);
	assert.match(second.weights, /^weights loaded from .*saved \(random weights \(He init, seed 4\), not a trained ImageNet model\)$/);
	assert.is(second.random, false);
});

test('--image: a PNG the test makes is resized, cropped and fed in', async () => {
	const png = new PNG({width: 20, height: 12});
	png.data.fill(255); // white, opaque
	const file = join(dir, 'white.png');
	writeFileSync(file, PNG.sync.write(png));
	const r = await forwardReport({...base, image: file, until: 'conv1'});
	assert.match(r.input, /white\.png \(20×12\), resized and centre-cropped to 9×9×3/);
});

const rejects = async (options: Parameters<typeof run>[0], kind: typeof UserError, pattern: RegExp) => {
	try {
		await captureStdout(() => run(options));
	} catch (error) {
		assert.instance(error, kind, String(error));
		assert.match((error as Error).message, pattern);
		return;
	}
	assert.unreachable(`expected ${kind.name} matching ${pattern}`);
};

test('bad flags and inputs are user errors with messages', async () => {
	await rejects({...base, image: join(dir, 'none.jpg')}, InputError, /cannot read image .*none\.jpg: no such file/);
	await rejects({...base, seed: -1}, UsageError, /--seed -1: expected an integer from 0 to 4294967295/);
	await rejects({...base, until: 'conv9'}, SpecError, /no layer "conv9" in tiny/);
	await rejects({...base, weights: join(dir, 'missing')}, InputError, /cannot read weights .*missing: no such file or directory/);
	await rejects({...base, backend: 'warp' as 'cpu'}, UsageError, /unknown backend "warp"/);
});

test('the whole original AlexNet on the fast backend: every derived shape, five classes', async () => {
	const doc = JSON.parse(await captureStdout(() => run({backend: 'fast', json: true})));
	assert.equal(
		doc.layers.map((l: {output: number[]}) => l.output),
		analyzeNetwork(networks.original).layers.map((f) => f.output),
	);
	assert.is(doc.top5.length, 5);
	assert.equal(doc.layers.at(-1).output, [1000]);
	assert.ok(doc.layers.every((l: {stats: {std: number}}) => Number.isFinite(l.stats.std)));
});

test.run();
