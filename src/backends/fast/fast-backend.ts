import type {TrainingBackend} from '../backend.js';
import {dropout, dropoutBackward, relu, reluBackward} from '../reference/activation.js';
import {adaptiveAvgpool} from '../reference/adaptive-avgpool.js';
import {lrn, lrnBackward} from '../reference/lrn.js';
import {avgpool, maxpool, maxpoolBackward} from '../reference/pool.js';
import {softmax, softmaxCrossEntropy} from '../reference/softmax.js';
import {conv, convBackward} from './conv.js';
import {fc, fcBackward} from './fc.js';

/**
 * The fast CPU backend: conv and fc (nearly all the multiply-accumulates) as im2col and 4×4-blocked matrix
 * products in plain TypeScript; the cheap element-wise ops are the reference's own loops.
 * Checked against the reference by the conformance table like any other backend.
 */
export function createFastBackend(): TrainingBackend {
	return {
		name: 'fast',
		device: 'TypeScript im2col + blocked matrix products (1 thread)',
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
