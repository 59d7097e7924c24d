import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {repoRoot} from './helpers/run-cli.js';

// The package as `npx alexnet-tour` gets it: packed, installed into an empty folder, run from there.
const work = mkdtempSync(join(tmpdir(), 'alexnet-tour-pack-'));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, {cwd, encoding: 'utf8', env: {...process.env, npm_config_loglevel: 'error'}, stdio: ['ignore', 'pipe', 'pipe']});

test('npm pack ships the built code, the lessons and the trained mini weights, nothing else', () => {
	const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], repoRoot)) as {filename: string; files: {path: string}[]}[];
	const tops = [...new Set(info!.files.map((f) => f.path.split('/')[0]))].sort();
	assert.equal(tops, ['LICENSE', 'README.md', 'dist', 'lessons', 'package.json', 'weights']);
	assert.ok(info!.files.some((f) => f.path === 'weights/mini.safetensors'));
	assert.ok(info!.files.some((f) => f.path === 'dist/cli.js'));
});

test('the installed tarball runs `alexnet-tour summary`', () => {
	const app = join(work, 'app');
	npm(['init', '-y'], work);
	execFileSync('mkdir', ['-p', app]);
	npm(['init', '-y'], app);
	const tarball = execFileSync('sh', ['-c', 'ls *.tgz'], {cwd: work, encoding: 'utf8'}).trim();
	// Optional native modules (gl) are left out: summary must not need them.
	npm(['install', '--omit=optional', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], app);
	const out = execFileSync(join(app, 'node_modules/.bin/alexnet-tour'), ['summary', '--json'], {encoding: 'utf8'});
	assert.equal(JSON.parse(out).totals, {params: 60965224, macs: 724406816, flops: 1448813632});
});

test.after(() => rmSync(work, {recursive: true, force: true}));
test.run();
