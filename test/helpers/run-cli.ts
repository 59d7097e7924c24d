import * as assert from 'uvu/assert';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

/** The built CLI (npm test builds it first, as `npm install` does). */
export const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the CLI with arguments and no terminal; returns its exit code, stdout and stderr. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): {code: number; stdout: string; stderr: string} {
	const r = spawnSync(process.execPath, [cliPath, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...env}, cwd: repoRoot, timeout: 120_000});
	return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr};
}

/** Runs the CLI and asserts a user error: exit 2 and exactly one `error:` line on stderr matching `message`. */
export function assertCliError(args: readonly string[], message: RegExp): void {
	const r = runCli(args);
	assert.is(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
	const lines = r.stderr.trim().split('\n');
	assert.is(lines.length, 1, r.stderr);
	assert.match(lines[0]!, /^error: /);
	assert.match(lines[0]!, message);
}
