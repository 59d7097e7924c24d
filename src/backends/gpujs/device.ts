import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';

/** Renderer strings that name a CPU rasterizer, not a GPU. */
export const softwareRenderer = /llvmpipe|softpipe|swiftshader|swrast|lavapipe|software/i;

/**
 * The OpenGL renderer under headless-gl, in words. headless-gl reports only "ANGLE", so this asks
 * `glxinfo -B` when it is installed and otherwise reads which Mesa driver the process has loaded
 * (Mesa's swrast driver with LLVM is llvmpipe, without it softpipe).
 */
export function glRenderer(): string {
	const glx = spawnSync('glxinfo', ['-B'], {encoding: 'utf8', timeout: 10_000});
	const line = /OpenGL renderer string:\s*(.*)/.exec(glx.stdout ?? '');
	if (line?.[1]) return `${line[1].trim()}, through ANGLE`;
	let maps = '';
	try {
		maps = readFileSync('/proc/self/maps', 'utf8');
	} catch {
		return 'an OpenGL driver this program cannot name (through ANGLE)';
	}
	const llvm = /libLLVM-(\d+)/.exec(maps);
	if (/swrast_dri\.so|libgallium/.test(maps)) {
		return llvm ? `Mesa llvmpipe (LLVM ${llvm[1]}, software), through ANGLE` : 'Mesa softpipe (software), through ANGLE';
	}
	const dri = /\/([a-z0-9]+)_dri\.so/.exec(maps);
	if (dri) return `Mesa ${dri[1]} driver, through ANGLE`;
	if (/libGLX_nvidia|libnvidia-glcore/.test(maps)) return 'NVIDIA OpenGL driver, through ANGLE';
	return 'an OpenGL driver this program cannot name (through ANGLE)';
}

/** Why headless-gl cannot run here, or null when it can open a context. */
export function headlessGlProblem(): string | null {
	const require = createRequire(import.meta.url);
	type Context = {getExtension(name: string): {destroy(): void} | null};
	let createContext: (w: number, h: number) => Context | null;
	try {
		createContext = require('gl') as typeof createContext;
	} catch (e) {
		const code = (e as {code?: string}).code;
		return code === 'MODULE_NOT_FOUND' ? 'the native gl module is not installed (its build needs the X11/GL headers; see the README)' : `the native gl module failed to load: ${(e as Error).message.split('\n')[0]}`;
	}
	const context = createContext(1, 1);
	if (context) {
		context.getExtension('STACKGL_destroy_context')?.destroy();
		return null;
	}
	return process.env.DISPLAY ? `gl could not open a context on display ${process.env.DISPLAY}` : 'gl could not open a context: no X display (run under xvfb-run -a)';
}

let installed: unknown = null;

/** Drops the `navigator.gpu` installWebgpu put there: Dawn keeps Node from exiting while it is referenced. */
export function uninstallWebgpu(): void {
	const g = globalThis as {navigator?: {gpu?: unknown}};
	if (installed !== null && g.navigator && g.navigator.gpu === installed) delete g.navigator.gpu;
	installed = null;
}

type WebgpuPackage = {create(flags: string[]): {requestAdapter(): Promise<WebgpuAdapter | null>}; globals: object};
type WebgpuAdapter = {info?: {vendor?: string; architecture?: string; device?: string; description?: string}};

/**
 * Installs Dawn's WebGPU (the `webgpu` package gpu.js depends on) as `navigator.gpu`, as gpu.js's
 * webgpu mode expects, and asks it for an adapter. Returns the adapter in words, or why there is none.
 */
export async function installWebgpu(): Promise<{ok: true; device: string} | {ok: false; reason: string}> {
	let pkg: WebgpuPackage;
	try {
		const id = 'webgpu'; // a variable, so the bundler leaves this native package to Node
		pkg = (await import(id)) as WebgpuPackage;
	} catch (e) {
		const message = (e as Error).message;
		const glibcxx = /GLIBCXX_[\d.]+/.exec(message);
		if (glibcxx) return {ok: false, reason: `Dawn needs a newer libstdc++ (${glibcxx[0]})`};
		return {ok: false, reason: `the webgpu (Dawn) module failed to load: ${message.split('\n')[0]}`};
	}
	const g = globalThis as {navigator?: {gpu?: unknown}};
	const gpu = pkg.create([]);
	const adapter = await gpu.requestAdapter().catch(() => null);
	if (!adapter) return {ok: false, reason: 'no adapter'};
	Object.assign(globalThis, pkg.globals);
	if (g.navigator) g.navigator.gpu = gpu;
	else g.navigator = {gpu};
	installed = gpu;
	const i = adapter.info ?? {};
	const words = [i.vendor, i.architecture, i.device, i.description].filter((s) => s).join(' ');
	return {ok: true, device: `WebGPU adapter ${words || '(unnamed)'} (Dawn)`};
}
