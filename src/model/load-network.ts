import {SpecError} from '../errors.js';
import type {Network} from './layer-spec.js';
import {parsePrototxt} from './parse-prototxt.js';
import {parseSpec} from './parse-spec.js';

/** Which reader a network file needs: by extension, else by its first character (a JSON spec starts with `{`). */
export function networkFormat(text: string, file: string): 'json' | 'prototxt' {
	const ext = /\.([^./\\]+)$/.exec(file)?.[1]?.toLowerCase();
	if (ext === 'json') return 'json';
	if (ext === 'prototxt' || ext === 'pt' || ext === 'pbtxt') return 'prototxt';
	if (ext === 'caffemodel' || ext === 'binaryproto') {
		throw new SpecError(`${file}: this is a binary Caffe file (trained weights); give the network's .prototxt instead`);
	}
	return text.trimStart().startsWith('{') ? 'json' : 'prototxt';
}

/** A network from the text of a file named `file` (a JSON spec or a Caffe prototxt); the caller reads the file, model/ stays pure. */
export function loadNetwork(text: string, file: string): Network {
	return networkFormat(text, file) === 'json' ? parseSpec(text, file) : parsePrototxt(text, file);
}
