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
	assert.equal(Object.keys(doc), ['backend', 'device', 'skipped', 'variant', 'runs', 'medianMs', 'minMs', 'gflops', 'layers']);
	assert.equal([doc.backend, doc.variant, doc.runs], ['reference', 'tiny', 3]);
	assert.ok(doc.minMs > 0 && doc.minMs <= doc.medianMs);
	assert.equal(
		doc.layers.map((l: {name: string}) => l.name),
		tiny.layers.map((l) => l.name),
	);
	assert.equal(Object.keys(doc.layers[0]), ['name', 'medianMs', 'minMs', 'gflops']);
	for (const l of doc.layers) assert.ok(l.minMs <= l.medianMs, l.name);
	assert.is(doc.layers.find((l: {name: string}) => l.name === 'relu1').gflops, 0, 'no MACs, no GFLOP/s');
});

test('bench prints a table; --runs must be a positive whole number', async () => {
	const out = await captureStdout(() => runBench({network: tiny, backend: 'reference', runs: 1}));
	assert.match(out, /^bench: tiny, batch 1, on reference/m);
	assert.match(out, /^1 timed run after 1 warm-up: median [\d.]+ ms, min [\d.]+ ms/m);
	assert.match(out, /^layer +median ms +min ms +GFLOP\/s +share$/m);
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
