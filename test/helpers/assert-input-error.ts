import * as assert from 'uvu/assert';
import {InputError} from '../../src/errors.js';

/** Asserts that `fn` throws an InputError whose message matches `pattern`. */
export function assertInputError(fn: () => unknown, pattern: RegExp): void {
	try {
		fn();
	} catch (error) {
		assert.instance(error, InputError, String(error));
		assert.match((error as Error).message, pattern);
		return;
	}
	assert.unreachable(`expected an InputError matching ${pattern}`);
}
