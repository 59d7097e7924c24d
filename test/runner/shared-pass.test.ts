import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {sharedPass} from '../../src/runner/shared-pass.js';

type Step = {readonly name: string};

/** A source that yields a, b, c one tick apart and counts how often it is started. */
function source(counter: {starts: number}, fail = false): AsyncIterable<Step> {
	return (async function* () {
		counter.starts++;
		for (const name of ['a', 'b', 'c']) {
			await new Promise((r) => setTimeout(r, 2));
			yield {name};
		}
		if (fail) throw new Error('the pass failed');
	})();
}

async function names(it: AsyncIterable<Step>): Promise<string[]> {
	const out: string[] = [];
	for await (const s of it) out.push(s.name);
	return out;
}

test('readers during and after the pass get every result in order, and the pass runs once', async () => {
	const counter = {starts: 0};
	const pass = sharedPass(source(counter));
	const [early, toB] = await Promise.all([names(pass.results()), names(pass.results('b'))]);
	assert.equal(early, ['a', 'b', 'c']);
	assert.equal(toB, ['a', 'b']);
	assert.equal(await names(pass.results()), ['a', 'b', 'c'], 'a late reader gets the stored results');
	assert.equal(await names(pass.results('a')), ['a']);
	assert.is(counter.starts, 1);
});

test('a failing pass gives its results so far, then its error, to every reader', async () => {
	const pass = sharedPass(source({starts: 0}, true));
	const got: string[] = [];
	try {
		for await (const s of pass.results()) got.push(s.name);
		assert.unreachable('should throw');
	} catch (error) {
		assert.match((error as Error).message, 'the pass failed');
	}
	assert.equal(got, ['a', 'b', 'c']);
	assert.equal(await names(pass.results('b')), ['a', 'b'], 'results before the failure still serve');
});

test.run();
