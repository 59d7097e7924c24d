import type {Backend} from '../backend.js';
import {dropout, dropoutBackward, relu, reluBackward} from './activation.js';
import {adaptiveAvgpool} from './adaptive-avgpool.js';
import {conv, convBackward} from './conv.js';
import {fc, fcBackward} from './fc.js';
import {lrn, lrnBackward} from './lrn.js';
import {avgpool, maxpool, maxpoolBackward} from './pool.js';
import {softmax, softmaxCrossEntropy} from './softmax.js';

/**
 * The reference backend: every op as plain TypeScript loops, written to be read, and the oracle
 * every other backend is checked against. Synchronous underneath; async only to fit the interface.
 */
export function createReferenceBackend(): Backend {
	return {
		name: 'reference',
		device: 'plain TypeScript loops (the reference)',
		conv: async (x, w, b, attrs) => conv(x, w, b, attrs),
		relu: async (x) => relu(x),
		lrn: async (x, attrs) => lrn(x, attrs),
		maxpool: async (x, attrs) => maxpool(x, attrs),
		avgpool: async (x, attrs) => avgpool(x, attrs),
		adaptiveAvgpool: async (x, size) => adaptiveAvgpool(x, size),
		fc: async (x, w, b) => fc(x, w, b),
		dropout: async (x, mask, ratio) => dropout(x, mask, ratio),
		softmax: async (x) => softmax(x),
		convBackward: async (x, w, dy, attrs) => convBackward(x, w, dy, attrs),
		reluBackward: async (x, dy) => reluBackward(x, dy),
		lrnBackward: async (x, y, dy, attrs) => lrnBackward(x, y, dy, attrs),
		maxpoolBackward: async (x, dy, attrs) => maxpoolBackward(x, dy, attrs),
		fcBackward: async (x, w, dy) => fcBackward(x, w, dy),
		dropoutBackward: async (dy, mask, ratio) => dropoutBackward(dy, mask, ratio),
		softmaxCrossEntropy: async (logits, labels) => softmaxCrossEntropy(logits, labels),
		dispose() {},
	};
}
