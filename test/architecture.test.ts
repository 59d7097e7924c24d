/**
 * The design's import table, checked: every import of every file under src/ (static and dynamic) against what its
 * layer may import. See ARCHITECTURE.md. An arrow that runs back up fails here, naming the file and the import.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, normalize, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {test} from 'uvu';
import * as assert from 'uvu/assert';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** A file's layer: its folder under src/ (backends/* and the backend interface files apart). */
function layerOf(file: string): string {
	const parts = file.split('/');
	if (parts.length === 1) return parts[0]!.replace(/\.tsx?$/, ''); // cli, errors
	if (parts[0] === 'backends') return parts.length === 2 ? 'backends' : `backends/${parts[1]}`;
	return parts[0]!;
}

/** What each layer may import of ours (errors.ts, the error classes, is a leaf every layer may use). */
const mayImport: Readonly<Record<string, readonly string[]>> = {
	errors: [],
	tensor: ['errors'],
	format: [],
	io: ['errors', 'tensor', 'model', 'format'],
	model: ['errors', 'tensor', 'format'],
	backends: ['errors', 'tensor', 'model', 'backends/reference', 'backends/fast', 'backends/gpujs'],
	'backends/reference': ['errors', 'tensor', 'model', 'backends'],
	'backends/fast': ['errors', 'tensor', 'model', 'backends', 'backends/reference'],
	'backends/gpujs': ['errors', 'tensor', 'model', 'backends'],
	data: ['errors', 'tensor', 'io', 'format'],
	runner: ['errors', 'tensor', 'model', 'io', 'data', 'format', 'backends'],
	lessons: ['errors', 'model', 'io', 'format'],
	ui: ['errors', 'tensor', 'model', 'runner', 'lessons', 'data', 'format'],
	commands: ['*'],
	cli: ['*'],
};

/** Packages only some layers may import: gpu.js in its backend, Ink and React in the UI (and the commands that start it). */
const packageRules: readonly {readonly pkg: RegExp; readonly only: readonly string[]}[] = [
	{pkg: /^gpu\.js$/, only: ['backends/gpujs']},
	{pkg: /^(ink|react|ink-spinner)(\/|$)/, only: ['ui', 'commands', 'cli']},
	{pkg: /^node:fs$/, only: ['io', 'data', 'lessons', 'backends/gpujs', 'commands', 'cli']},
];

/** The backends the runner may use: the interface only, never one implementation (select.ts is the commands' door). */
const runnerBackendFiles = new Set(['backends/backend.ts']);

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const problems: string[] = [];
const sources = files(src);
for (const path of sources) {
	const file = relative(src, path).split('\\').join('/');
	const layer = layerOf(file);
	const allowed = mayImport[layer];
	if (!allowed) {
		problems.push(`${file}: its layer "${layer}" is not in the table`);
		continue;
	}
	for (const m of readFileSync(path, 'utf8').matchAll(importPattern)) {
		const spec = (m[1] ?? m[2])!;
		if (spec.startsWith('.')) {
			const target = normalize(join(dirname(file), spec))
				.split('\\')
				.join('/')
				.replace(/\.js$/, '.ts');
			const to = layerOf(target);
			if (to === layer || allowed.includes('*')) continue;
			if (!allowed.includes(to)) problems.push(`${file} imports ${spec}: ${layer} must not import ${to}`);
			else if (layer === 'runner' && to === 'backends' && !runnerBackendFiles.has(target) && !runnerBackendFiles.has(target.replace(/\.ts$/, '.tsx'))) {
				problems.push(`${file} imports ${spec}: the runner uses the backend interface only`);
			}
			continue;
		}
		for (const rule of packageRules) {
			if (rule.pkg.test(spec) && !rule.only.includes(layer)) problems.push(`${file} imports ${spec}: only ${rule.only.join(', ')} may`);
		}
	}
}

test('every src file is in a layer of the table, and every import follows it', () => {
	assert.ok(sources.length > 100, `found only ${sources.length} files under src/`);
	assert.equal(problems, []);
});

test('the check catches an arrow that runs back up', () => {
	const line = "import {x} from '../ui/tour-app.js';";
	const spec = [...line.matchAll(importPattern)][0]![1]!;
	const target = normalize(join('model', spec)).replace(/\.js$/, '.ts');
	assert.is(layerOf(target), 'ui');
	assert.not.ok(mayImport['model']!.includes(layerOf(target)));
});

test.run();
