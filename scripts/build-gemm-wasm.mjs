// Re-assembles the fast backend's WebAssembly kernels (src/backends/fast/wasm/*.wat) into the base64 bytes held by
// the TypeScript file beside each (run after editing a .wat):
//   npm install --no-save wabt@1.0.39 && node scripts/build-gemm-wasm.mjs
// wabt is not a dependency of the project: only this script needs it. gemm.wat's Winograd transforms are written
// by scripts/build-winograd-wat.ts (run it first when the transforms change).
import {readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const wabt = await require('wabt')();
for (const name of ['gemm', 'gemv', 'ops']) {
	const wat = new URL(`../src/backends/fast/wasm/${name}.wat`, import.meta.url);
	const ts = new URL(`../src/backends/fast/wasm/${name}-wasm.ts`, import.meta.url);
	const module = wabt.parseWat(`${name}.wat`, readFileSync(wat, 'utf8'), {simd: true});
	const bytes = Buffer.from(module.toBinary({}).buffer).toString('base64');
	const source = readFileSync(ts, 'utf8').replace(/^const bytes =\s*'[^']*';$/m, `const bytes = '${bytes}';`);
	writeFileSync(ts, source);
	console.log(`${name}.wat → ${Buffer.from(bytes, 'base64').length} bytes of WebAssembly`);
}
