// Bundles src/ into dist/ with esbuild: one chunk per command, so `summary` and `calc` load neither gpu.js, Ink nor React.
import {build} from 'esbuild';
import {readFileSync, rmSync, chmodSync} from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// mathjs is bundled so only the functions the formulas use are loaded (its whole barrel costs ~1.5 s to import).
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})].filter((name) => name !== 'mathjs');

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});
await build({
	entryPoints: ['src/cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	external,
	chunkNames: 'chunks/[name]-[hash]',
	minify: true,
	sourcemap: false,
	logLevel: 'warning',
});
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
