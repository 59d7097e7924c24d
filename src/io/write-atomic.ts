import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {InputError} from '../errors.js';

/** Why `file` cannot be written: checked before long work (training) starts, so a bad path loses nothing. */
export function checkWritable(file: string): void {
	const probe = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		closeSync(openSync(probe, 'wx', 0o600));
	} catch (error) {
		throw new InputError(`cannot write ${file}: ${reason(error)}`);
	} finally {
		removeQuietly(probe);
	}
}

/** Removes a temporary file if it is there; a path that cannot even be looked at has nothing to remove. */
function removeQuietly(file: string): void {
	try {
		rmSync(file, {force: true});
	} catch {
		// nothing was created there
	}
}

const reason = (error: unknown): string => {
	const code = (error as NodeJS.ErrnoException).code;
	const known: Record<string, string> = {
		ENOENT: 'no such folder',
		EACCES: 'permission denied',
		EISDIR: 'it is a folder',
		ENOSPC: 'the disk is full',
		EROFS: 'the file system is read-only',
		ENOTDIR: 'a part of the path is not a folder',
	};
	return (code && known[code]) ?? (error as Error).message;
};

/**
 * Writes `bytes` to `file` atomically: into a new temporary file beside it (created exclusively, with a random
 * name, so a planted symlink is never followed), flushed to disk, then renamed over `file`. A failure leaves
 * `file` as it was and removes the temporary file.
 */
export function writeAtomic(file: string, parts: readonly Uint8Array[]): void {
	const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
	let fd: number | undefined;
	try {
		fd = openSync(temporary, 'wx', 0o644);
		for (const part of parts) {
			let done = 0;
			while (done < part.length) done += writeSync(fd, part, done, part.length - done);
		}
		fsyncSync(fd);
		closeSync(fd);
		fd = undefined;
		renameSync(temporary, file);
	} catch (error) {
		if (fd !== undefined) closeSync(fd);
		removeQuietly(temporary);
		throw new InputError(`cannot write ${file}: ${reason(error)}`);
	}
}
