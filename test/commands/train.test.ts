import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {run} from '../../src/commands/train.js';
import {UsageError} from '../../src/errors.js';

/** Runs the command with stdout captured, returning the lines it printed. */
async function captured(options: Parameters<typeof run>[0]): Promise<string[]> {
	const write = process.stdout.write;
	let text = '';
	process.stdout.write = ((chunk: string) => {
		text += chunk;
		return true;
	}) as typeof process.stdout.write;
	try {
		await run(options);
	} finally {
		process.stdout.write = write;
	}
	return text.trimEnd().split('\n');
}

test('--json prints one line per epoch and a final line with testAccuracy, seconds and imagesPerSecond; --save writes the file', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'train-cmd-'));
	try {
		const file = join(dir, 'mini.weights');
		const lines = await captured({train: 64, test: 20, epochs: 2, batch: 16, threads: 1, json: true, save: file});
		assert.is(lines.length, 3);
		const [e1, e2, last] = lines.map((l) => JSON.parse(l));
		assert.equal([e1.type, e1.epoch, e2.epoch], ['epoch', 1, 2]);
		assert.is(last.done, true);
		assert.is(last.reason, 'finished');
		assert.is(last.testCount, 20);
		for (const key of ['testAccuracy', 'seconds', 'imagesPerSecond']) assert.type(last[key], 'number', key);
		assert.ok(last.testAccuracy >= 0 && last.testAccuracy <= 1);
		assert.is(last.saved, file);
		assert.ok(existsSync(file));
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('without a terminal the report ends with the confusion matrix and misclassified digits', async () => {
	const lines = await captured({train: 32, test: 20, epochs: 1, batch: 16, threads: 1});
	assert.match(lines[0]!, /^training the mini AlexNet on 32 MNIST digits, testing on 20/);
	assert.ok(
		lines.some((l) => /^test accuracy \d+\.\d\d% on 20 held-out digits$/.test(l)),
		lines.join('\n'),
	);
	assert.ok(lines.includes('confusion matrix (rows: true digit, columns: guess)'));
	assert.ok(lines.some((l) => /misclassified test digit/.test(l)));
});

/** The error a promise rejects with (or undefined when it resolves). */
const rejection = (p: Promise<unknown>): Promise<unknown> =>
	p.then(
		() => undefined,
		(e: unknown) => e,
	);

test('bad flags are usage errors naming the flag', async () => {
	const cases: [Parameters<typeof run>[0], string][] = [
		[{lr: 0}, '--lr 0: expected a learning rate above 0 and below 10'],
		[{epochs: 1.5}, '--epochs 1.5: expected a whole number from 1 to 1000'],
		[{train: 8, batch: 16}, '--train 8: expected a whole number from 16 to 60000'],
	];
	for (const [options, message] of cases) {
		const error = await rejection(run(options));
		assert.ok(error instanceof UsageError, String(error));
		assert.is((error as Error).message, message);
	}
});

test.run();
