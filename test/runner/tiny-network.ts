import type {Network} from '../../src/model/layer-spec.js';

/**
 * A small network with every op AlexNet uses (grouped conv, LRN, overlapping-style pooling, fc, dropout, softmax),
 * named as AlexNet's layers are, so the runner can be tested in milliseconds. Shapes:
 * 9×9×3 → conv1 5×5×4 → pool1 4×4×4 → conv2 3×3×4 → fc6 5 → fc7 4 → fc8 3 → prob 3.
 */
export const tiny: Network = {
	name: 'tiny',
	input: [9, 9, 3],
	layers: [
		{name: 'conv1', op: 'conv', filters: 4, kernel: 3, stride: 2, pad: 1},
		{name: 'relu1', op: 'relu'},
		{name: 'norm1', op: 'lrn', size: 3, alpha: 1e-2, beta: 0.75, k: 2},
		{name: 'pool1', op: 'maxpool', kernel: 2, stride: 1},
		{name: 'conv2', op: 'conv', filters: 4, kernel: 2, groups: 2},
		{name: 'relu2', op: 'relu'},
		{name: 'fc6', op: 'fc', units: 5},
		{name: 'drop6', op: 'dropout', ratio: 0.5},
		{name: 'fc7', op: 'fc', units: 4},
		{name: 'fc8', op: 'fc', units: 3},
		{name: 'prob', op: 'softmax'},
	],
};
