import {probeBackends, type BackendReport} from '../backends/select.js';
import {textTable} from '../format/table.js';

/** Options of `alexnet-tour backends`. */
export type BackendsOptions = {json?: boolean};

/** The probe results as a table: name, available, device (or renderer), threads, and the reason when not available or passed over. */
export function backendsText(reports: readonly BackendReport[]): string {
	const rows = reports.map((r) => [r.name, r.available ? 'yes' : 'no', r.device || '—', r.available ? String(r.threads) : '', r.reason]);
	const table = textTable([{title: 'backend'}, {title: 'available'}, {title: 'device'}, {title: 'threads', align: 'right'}, {title: 'reason'}], rows);
	return `${table}\n\n--backend auto tries webgpu, headlessgl, webasm, cpu in that order and takes the first that runs on real hardware.`;
}

/** `alexnet-tour backends`: probes every backend (each runs a probe kernel) and prints what it found. */
export async function run(options: BackendsOptions): Promise<void> {
	const reports = await probeBackends();
	process.stdout.write(`${options.json ? JSON.stringify({backends: reports}, null, 2) : backendsText(reports)}\n`);
}
