import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {run as runBackends} from '../../src/commands/backends.js';
import {median, run as runBench} from '../../src/commands/bench.js';
import {UsageError} from '../../src/errors.js';
import {backendNames} from '../../src/backends/select.js';
import {captureStdout} from '../helpers/capture-stdout.js';
import {tiny} from '../runner/tiny-network.js';

test('median of odd and even counts', () => {
	assert.is(median([5, 1, 3]), 3);
	assert.is(median([4, 1, 3, 10]), 3.5);
});

test("bench --json prints one document in the issue's schema", async () => {
	const doc = JSON.parse(await captureStdout(() => runBench({network: tiny, backend: 'reference', runs: 3, json: true})));
	assert.equal(Object.keys(doc), ['backend', 'device', 'skipped', 'variant', 'runs', 'warmup', 'medianMs', 'minMs', 'gflops', 'layers', 'weightRead']);
	assert.equal([doc.backend, doc.variant, doc.runs], ['reference', 'tiny', 3]);
	assert.ok(doc.minMs > 0 && doc.minMs <= doc.medianMs);
	assert.equal(
		doc.layers.map((l: {name: string}) => l.name),
		tiny.layers.map((l) => l.name),
	);
	assert.equal(Object.keys(doc.layers[0]), ['name', 'medianMs', 'minMs', 'gflops']);
	for (const l of doc.layers) assert.ok(l.minMs <= l.medianMs, l.name);
	assert.is(doc.layers.find((l: {name: string}) => l.name === 'relu1').gflops, 0, 'no MACs, no GFLOP/s');
	// A fully connected layer also says how fast its weights were consumed, and how fast they can be read at all.
	const fcLayers = tiny.layers.filter((l) => l.op === 'fc').map((l) => l.name);
	assert.ok(fcLayers.length > 0);
	for (const name of fcLayers) {
		const l = doc.layers.find((x: {name: string}) => x.name === name);
		assert.ok(l.gbps > 0, `${name} GB/s`);
		const read = doc.weightRead.find((r: {name: string}) => r.name === name);
		assert.ok(read && read.bytes > 0 && read.medianMs > 0 && read.gbps > 0, `${name} read`);
	}
});

test('bench times several engines in one run, with one summary table and the fc layers against the read floor', async () => {
	const doc = JSON.parse(await captureStdout(() => runBench({network: tiny, backend: 'reference,fast', runs: 1, json: true})));
	assert.equal(Object.keys(doc), ['runs', 'warmup', 'engines', 'weightRead']);
	assert.equal(
		doc.engines.map((e: {backend: string}) => e.backend),
		['reference', 'fast'],
	);
	const out = await captureStdout(() => runBench({network: tiny, backend: 'reference,fast', runs: 1}));
	assert.match(out, /^engine +device +median ms +min ms +GFLOP\/s$/m);
	assert.match(out, /^fc layer +weights +1-core read ms +GB\/s +reference ms +fast ms$/m);
	for (const bad of ['fast,nope', 'fast,fast']) {
		try {
			await runBench({network: tiny, backend: bad, runs: 1});
			assert.unreachable(bad);
		} catch (error) {
			assert.instance(error, UsageError);
			assert.match((error as Error).message, `--backend ${bad}`);
		}
	}
});

test('bench prints a table; --runs and --warmup must be positive whole numbers', async () => {
	const out = await captureStdout(() => runBench({network: tiny, backend: 'reference', runs: 1}));
	assert.match(out, /^bench: tiny, batch 1, on reference/m);
	assert.match(out, /^1 timed run after 2 warm-ups: median [\d.]+ ms, min [\d.]+ ms/m);
	assert.match(await captureStdout(() => runBench({network: tiny, backend: 'reference', runs: 2, warmup: 1})), /^2 timed runs after 1 warm-up:/m);
	try {
		await runBench({network: tiny, runs: 1, warmup: 0});
		assert.unreachable('should throw');
	} catch (error) {
		assert.instance(error, UsageError);
		assert.match((error as Error).message, /--warmup 0: expected a whole number from 1 to 100/);
	}
	assert.match(out, /^layer +median ms +min ms +GFLOP\/s +GB\/s +share$/m);
	try {
		await runBench({network: tiny, runs: 0});
		assert.unreachable('should throw');
	} catch (error) {
		assert.instance(error, UsageError);
		assert.match((error as Error).message, /--runs 0: expected a whole number from 1 to 1000/);
	}
});

test('backends --json lists every backend with availability, device, threads and reason', async () => {
	const doc = JSON.parse(await captureStdout(() => runBackends({json: true})));
	assert.equal(Object.keys(doc), ['backends']);
	assert.equal(
		doc.backends.map((b: {name: string}) => b.name),
		[...backendNames],
	);
	for (const b of doc.backends) {
		assert.equal(Object.keys(b), ['name', 'available', 'device', 'threads', 'reason']);
		// An unavailable backend always says why.
		if (!b.available) assert.ok(b.reason.length > 0, b.name);
	}
	assert.equal(doc.backends[0], {name: 'reference', available: true, device: 'plain TypeScript loops (the reference)', threads: 1, reason: ''});
});

test.run();
