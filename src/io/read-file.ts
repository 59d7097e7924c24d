import {readFileSync, statSync} from 'node:fs';
import {InputError} from '../errors.js';
import {bytes as formatBytes} from '../format/units.js';
import type {Network} from '../model/layer-spec.js';
import {loadNetwork} from '../model/load-network.js';

/** The largest file the program reads whole: 4 GiB, more than AlexNet's 233 MiB of fp32 weights many times over. */
export const maxFileBytes = 4 * 1024 ** 3;

/**
 * Reads a regular file whole, refusing what is not one (a folder, a FIFO, /dev/zero: each would block or never end)
 * and anything over `limit` bytes, before reading a byte. `what` names the file in the error ("weights", "network").
 */
export function readInputFile(file: string, what: string, limit = maxFileBytes): Buffer {
	let size: number;
	try {
		const stat = statSync(file);
		if (stat.isDirectory()) throw new InputError(`${file} is a folder, not a file (give the ${what} file itself)`);
		if (!stat.isFile()) throw new InputError(`${file} is not a regular file (a device, FIFO or socket): give a ${what} file`);
		size = stat.size;
	} catch (error) {
		if (error instanceof InputError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		throw new InputError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'ELOOP' ? 'too many symbolic links' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
	}
	if (size > limit) throw new InputError(`${file} is ${formatBytes(size)}; the largest ${what} file this program reads is ${formatBytes(limit)}`);
	try {
		return readFileSync(file);
	} catch (error) {
		throw new InputError(`cannot read ${what} ${file}: ${(error as Error).message}`);
	}
}

/** The largest JSON spec or prototxt read: 64 MiB (VGG16's prototxt is 6 KiB; 10,000 layers fit in 2 MiB). */
const maxSpecBytes = 64 * 1024 ** 2;

/** Reads a network file (our JSON spec or a Caffe prototxt) and parses it into layer specs. */
export function readNetworkFile(file: string, what = 'network'): Network {
	return loadNetwork(readInputFile(file, what, maxSpecBytes).toString('utf8'), file);
}
