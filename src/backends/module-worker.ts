import {Worker} from 'node:worker_threads';

/**
 * Starts a worker thread whose entry is the module at `moduleUrl` (its caller's import.meta.url), to answer as the
 * module decides from `workerData`. Under tsx (a .ts module) the worker first registers tsx's loader; in the bundle
 * (dist/, plain .js) it loads the chunk holding the module directly. The fast backend's workers and the tour's
 * training run both start so.
 */
export function startModuleWorker(moduleUrl: string, workerData: unknown): Worker {
	if (/\.[mc]?tsx?$/.test(moduleUrl)) {
		const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl)}); })`;
		return new Worker(code, {eval: true, workerData});
	}
	return new Worker(new URL(moduleUrl), {workerData});
}
