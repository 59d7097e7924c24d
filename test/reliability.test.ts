/**
 * The reliability review's repros (../shared/reviews/reliability.md), each a regression test through the built CLI:
 * every one must end in a clean result or one `error:` line with exit 2, lose no data, and leave nothing behind.
 */
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {encodeNpy} from '../src/tensor/npy.js';
import {assertCliError, cliPath, repoRoot, runCli} from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'reliability-'));
const at = (name: string) => join(dir, name);

test('#2: a write error on stdout other than EPIPE is one error line, exit 2 (summary, calc, --help)', () => {
	for (const args of [['summary'], ['calc', 'examples/alexnet.json', '--json'], ['--help']]) {
		const full = openSync('/dev/full', 'w');
		const r = spawnSync(process.execPath, [cliPath, ...args], {cwd: repoRoot, stdio: ['ignore', full, 'pipe'], encoding: 'utf8'});
		closeSync(full);
		assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
		assert.is(r.stderr.trim(), 'error: cannot write the output: no space left on the device');
	}
});

test('#3: a JSON spec with a BOM is read; NBSP and U+2028 are clean errors naming the line', () => {
	writeFileSync(at('bom.json'), '\ufeff{"input":[32,32,1],"layers":[{"name":"a","op":"relu"}]}');
	assert.is(runCli(['calc', at('bom.json')]).code, 0);
	writeFileSync(at('nbsp.json'), '{"input":[32,32,1],\u00a0"layers":[]}');
	assertCliError(['calc', at('nbsp.json')], /nbsp\.json:1: malformed JSON: /);
});

test('#6, #12: a prototxt of 50,000 digits, 100,000 nested blocks, a JSON of 200,000 brackets: clean errors', () => {
	writeFileSync(at('digits.prototxt'), `input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8\nlayer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: ${'1'.repeat(50000)}x } }`);
	assertCliError(['calc', at('digits.prototxt')], /digits\.prototxt:2: expected a value, got "1{37}…"$/);
	writeFileSync(at('deep.prototxt'), 'a {'.repeat(100000));
	assertCliError(['calc', at('deep.prototxt')], /blocks nested more than 64 deep/);
	writeFileSync(at('deep.json'), '['.repeat(200000));
	assertCliError(['calc', at('deep.json')], /brackets nested more than 64 deep/);
});

test('#9, L7: /dev/zero, a FIFO and a folder as inputs are refused before reading', () => {
	assertCliError(['calc', '/dev/zero'], /\/dev\/zero is not a regular file/);
	assertCliError(['forward', '--image', '/dev/zero'], /\/dev\/zero is not a regular file/);
	assertCliError(['forward', '--weights', '/dev/zero'], /\/dev\/zero is not a regular file/);
	const fifo = at('fifo.json');
	if (spawnSync('mkfifo', [fifo]).status === 0) assertCliError(['calc', fifo], /fifo\.json is not a regular file/);
	assertCliError(['calc', `${dir}/`], /is a folder, not a file \(give the network file itself\)/);
});

test('#10: a PNG whose header claims 20,000×20,000 pixels is refused before decoding', () => {
	const png = Buffer.alloc(64);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(png);
	png.writeUInt32BE(20000, 16);
	png.writeUInt32BE(20000, 20);
	writeFileSync(at('bomb.png'), png);
	assertCliError(['forward', '--image', at('bomb.png'), '--until', 'conv1'], /bomb\.png is 20000×20000 \(400 megapixels\); the largest image this program decodes is 64 megapixels/);
});

test('#7, #8, #9: a save manifest that is null, names a file outside its folder, or holds NaN weights is refused', () => {
	const d = at('manifest');
	mkdirSync(d);
	writeFileSync(join(d, 'manifest.json'), 'null');
	assertCliError(['forward', '--variant', 'mini', '--weights', d], /manifest\.json: lacks "network" or "files"/);
	writeFileSync(join(d, 'manifest.json'), JSON.stringify({network: 'mini', files: [{file: '../../../../../../etc/passwd', layer: 'conv1', kind: 'weights', shape: [8, 1, 5, 5]}]}));
	assertCliError(['forward', '--variant', 'mini', '--weights', d], /names "\.\.\/\.\.\/.*passwd", which is not a file of this directory/);
	writeFileSync(join(d, 'w.npy'), encodeNpy([2], Float32Array.of(1, Number.NaN)));
	writeFileSync(join(d, 'manifest.json'), JSON.stringify({network: 'mini', files: [{file: 'w.npy', layer: 'conv1', kind: 'weights', shape: [2]}]}));
	assertCliError(['forward', '--variant', 'mini', '--weights', d], /w\.npy holds NaN at index 1/);
	writeFileSync(join(d, 'manifest.json'), JSON.stringify({network: 'mini', files: [{file: 'w.npy', layer: 'conv1', kind: 'weights', shape: '8'}]}));
	assertCliError(['forward', '--variant', 'mini', '--weights', d], /files\[0\] has a malformed "shape" "8"/);
});

test('#4, #11: train refuses a fractional --threads and a destination it cannot write, before the first batch', () => {
	assertCliError(['train', '--threads', '2.5'], /--threads 2\.5: expected a whole number from 1 to 64/);
	const r = runCli(['train', '--save', '/nonexistent/x.safetensors']);
	assert.is(r.code, 2);
	assert.is(r.stderr.trim(), 'error: cannot write /nonexistent/x.safetensors: no such folder');
	assert.not.match(r.stdout, /epoch/);
});

test('#1: a run whose loss blows up keeps the good file, says so, and exits 2', () => {
	const file = at('good.safetensors');
	writeFileSync(file, 'the good weights');
	const r = runCli(['train', '--lr', '9.9', '--train', '3000', '--test', '20', '--save', file]);
	assert.is(r.code, 2, r.stderr);
	assert.match(r.stderr, /^error: training stopped because the loss became NaN; nothing was saved: the loss blew up before any epoch ended, and .*good\.safetensors is untouched$/m);
	assert.is(readFileSync(file, 'utf8'), 'the good weights');
	assert.equal(
		readdirSync(dir).filter((f) => f.endsWith('.tmp')),
		[],
	);
});

/** Starts `train` and sends `signal` once the first batch has been reported; resolves with its exit code and output. */
function trainUntilSignal(args: readonly string[], signal: NodeJS.Signals): Promise<{code: number | null; stdout: string}> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [cliPath, 'train', '--json', ...args], {cwd: repoRoot, env: {...process.env, NO_COLOR: '1'}});
		let stdout = '';
		let sent = false;
		const send = () => {
			if (!sent) {
				sent = true;
				child.kill(signal);
			}
		};
		// --json prints no batches: stop shortly after start (the run takes tens of seconds).
		const timer = setTimeout(send, 2500);
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({code, stdout});
		});
	});
}

test('#5, L8: SIGTERM stops like Ctrl-C (exit 143), and a stopped run keeps a saved file that scored better', async () => {
	const file = at('better.safetensors');
	const first = runCli(['train', '--train', '600', '--test', '100', '--epochs', '1', '--save', file]);
	assert.is(first.code, 0, first.stderr);
	const before = readFileSync(file);
	const stopped = await trainUntilSignal(['--train', '30000', '--test', '100', '--epochs', '3', '--save', file], 'SIGTERM');
	assert.is(stopped.code, 128 + 15);
	const done = JSON.parse(stopped.stdout.trim().split('\n').at(-1)!);
	assert.is(done.reason, 'stopped');
	if (done.kept) {
		assert.match(done.kept, /^kept .*better\.safetensors: it scored/);
		assert.equal(readFileSync(file), before);
	} else assert.ok(done.saved === file, JSON.stringify(done));
	assert.ok(existsSync(file));
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
