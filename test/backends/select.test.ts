import {test} from 'uvu';
import * as assert from 'uvu/assert';
import type {BackendName} from '../../src/backends/backend.js';
import {backendNames, createBackend, probeBackends, type BackendReport} from '../../src/backends/select.js';
import {BackendUnavailableError, UsageError} from '../../src/errors.js';

const reports: BackendReport[] = await probeBackends();

test('probeBackends reports every backend once, in the documented order', () => {
	assert.equal(
		reports.map((r) => r.name),
		['reference', 'fast', 'webgpu', 'headlessgl', 'webasm', 'cpu'],
	);
	assert.equal(
		reports.map((r) => r.name),
		[...backendNames],
	);
});

test('an available backend names its device and threads; an unavailable one gives a reason', () => {
	for (const r of reports) {
		if (r.available) {
			assert.ok(r.device.length > 0, `${r.name}: device`);
			assert.ok(r.threads >= 1, `${r.name}: threads ${r.threads}`);
		} else {
			assert.ok(r.reason.length > 0, `${r.name}: reason`);
		}
	}
});

test("asking for an unavailable backend is a BackendUnavailableError with the probe's reason", async () => {
	const missing = reports.filter((r) => !r.available);
	if (missing.length === 0) console.log('select: every backend is available here; nothing to refuse');
	for (const r of missing) {
		try {
			(await createBackend(r.name)).dispose();
			assert.unreachable(`${r.name} should have been refused`);
		} catch (e) {
			assert.instance(e, BackendUnavailableError);
			assert.is((e as BackendUnavailableError).message, `${r.name}: ${r.reason}`);
		}
	}
});

test('auto takes the first gpu.js GPU backend on real hardware, else fast, and says why it passed the others over', async () => {
	const order: BackendName[] = ['webgpu', 'headlessgl'];
	const candidates = reports.filter((r) => order.includes(r.name));
	const chosen = candidates.find((r) => r.available && r.reason === '');
	const backend = await createBackend('auto');
	try {
		assert.is(backend.name, chosen?.name ?? 'fast');
		const before = chosen ? candidates.slice(0, candidates.indexOf(chosen)) : candidates;
		assert.equal(
			backend.skipped.map((s) => s.name),
			[...before.map((r) => r.name), ...(chosen ? [] : ['webasm', 'cpu'])],
		);
		for (const s of backend.skipped.filter((x) => order.includes(x.name as BackendName))) {
			const r = reports.find((x) => x.name === s.name)!;
			// a software renderer is available but passed over: its reason is the probe's, minus the note about auto
			assert.ok(r.reason.startsWith(s.reason), `${s.name}: "${s.reason}" vs the probe's "${r.reason}"`);
		}
	} finally {
		backend.dispose();
	}
});

test('an unknown backend name is a usage error', async () => {
	try {
		await createBackend('metal' as BackendName);
		assert.unreachable('metal should be refused');
	} catch (e) {
		assert.instance(e, UsageError);
		assert.match((e as Error).message, 'unknown backend "metal"');
	}
});

test.run();
