import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {cliPath, repoRoot} from '../helpers/run-cli.js';

const tracer = fileURLToPath(new URL('../helpers/trace-imports.mjs', import.meta.url));

/** The packages a command's run resolved, from node_modules paths. */
function packagesLoaded(args: string[]): string[] {
	const r = spawnSync(process.execPath, ['--import', tracer, cliPath, ...args], {cwd: repoRoot, encoding: 'utf8'});
	assert.is(r.status, 0, r.stderr);
	const names = r.stderr
		.split('\n')
		.filter((l) => l.startsWith('import: '))
		.map((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(l)?.[1])
		.filter((n): n is string => n !== undefined);
	return [...new Set(names)].sort();
}

// summary and calc must start fast and work where gpu.js or GL failed to install: they load only commander.
for (const args of [['summary'], ['calc', 'conv', '--input', '227x227x3', '--filters', '96', '--kernel', '11', '--stride', '4'], ['calc', 'examples/alexnet.json']]) {
	test(`${args.slice(0, 2).join(' ')} loads no gpu.js, Ink or React`, () => {
		assert.equal(packagesLoaded(args), ['commander']);
	});
}

test('the tracer sees packages: backends loads gpu.js', () => {
	assert.ok(packagesLoaded(['backends', '--json']).includes('gpu.js'));
});

test.run();
