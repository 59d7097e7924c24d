// The device check, for a machine with a real GPU: the conformance table (every op case of test/backends against the
// reference, with the test's tolerance rule) and `bench` on the GPU engines, fast beside them, in one go:
//   npm run bench:gpu                     webgpu, headlessgl and fast
//   npm run bench:gpu -- webgpu,fast 10   engines, and timed runs (default 10)
// Without a display, run it under `xvfb-run -a` so headlessgl can open a context. Exits 1 if a case fails.
import type {Backend, BackendName} from '../src/backends/backend.js';
import {createReferenceBackend} from '../src/backends/reference/reference-backend.js';
import {createBackend} from '../src/backends/select.js';
import {run as bench} from '../src/commands/bench.js';
import {BackendUnavailableError} from '../src/errors.js';
import {textTable} from '../src/format/table.js';
import type {Tensor} from '../src/tensor/tensor.js';
import {backwardCases, opCases, tolerance} from '../test/backends/op-cases.js';

const engines = (process.argv[2] ?? 'webgpu,headlessgl,fast').split(',') as BackendName[];
const runs = Number(process.argv[3] ?? 10);
const reference = createReferenceBackend();

type Row = {engine: string; device: string; passed: number; total: number; worst: number; failed: string[]; seconds: number};

/** The largest |a − e| and whether every element is within abs + rel·|e|. */
function compare(a: Tensor, e: Tensor, tol: {abs: number; rel?: number}): {worst: number; ok: boolean} {
	if (a.data.length !== e.data.length || a.shape.join() !== e.shape.join()) return {worst: Infinity, ok: false};
	let worst = 0;
	let ok = true;
	for (let i = 0; i < e.data.length; i++) {
		const d = Math.abs(a.data[i]! - e.data[i]!);
		if (!(d <= tol.abs + (tol.rel ?? 0) * Math.abs(e.data[i]!))) ok = false;
		if (!(d <= worst)) worst = d;
	}
	return {worst, ok};
}

async function conformance(backend: Backend): Promise<Row> {
	const row: Row = {engine: backend.name, device: backend.device, passed: 0, total: 0, worst: 0, failed: [], seconds: 0};
	const t0 = performance.now();
	const check = (name: string, a: Tensor, e: Tensor, tol: {abs: number; rel?: number}) => {
		const r = compare(a, e, tol);
		row.total++;
		row.worst = Math.max(row.worst, r.worst);
		if (r.ok) row.passed++;
		else row.failed.push(name);
	};
	for (const c of opCases) {
		try {
			check(c.name, await c.run(backend), await c.run(reference), tolerance(c));
		} catch (error) {
			row.total++;
			row.failed.push(`${c.name} (${(error as Error).message})`);
		}
	}
	for (const c of backwardCases) {
		try {
			const [got, want] = [await c.run(backend), await c.run(reference)];
			for (const [key, value] of Object.entries(want)) check(`${c.name} ${key}`, got[key]!, value, tolerance(c));
		} catch (error) {
			row.total++;
			row.failed.push(`${c.name} (${(error as Error).message})`);
		}
	}
	row.seconds = (performance.now() - t0) / 1000;
	return row;
}

const rows: Row[] = [];
const ran: string[] = [];
for (const name of engines) {
	let backend: Backend;
	try {
		backend = await createBackend(name);
	} catch (error) {
		if (!(error instanceof BackendUnavailableError)) throw error;
		rows.push({engine: name, device: `unavailable: ${error.reason}`, passed: 0, total: 0, worst: 0, failed: [], seconds: 0});
		continue;
	}
	try {
		rows.push(await conformance(backend));
		ran.push(name);
	} finally {
		backend.dispose();
	}
}

console.log('Conformance: every op case against the reference (test/backends/op-cases.ts, its tolerance rule)\n');
console.log(
	textTable(
		[{title: 'engine'}, {title: 'device'}, {title: 'passed', align: 'right'}, {title: 'worst |Δ|', align: 'right'}, {title: 's', align: 'right'}],
		rows.map((r) => [r.engine, r.device, r.total ? `${r.passed}/${r.total}` : '–', r.total ? r.worst.toExponential(1) : '', r.seconds ? r.seconds.toFixed(1) : '']),
	),
);
for (const r of rows) for (const f of r.failed) console.log(`FAILED ${r.engine}: ${f}`);
console.log('');
if (ran.length > 0) await bench({backend: ran.join(','), runs});
process.exitCode = rows.some((r) => r.failed.length > 0) ? 1 : 0;
