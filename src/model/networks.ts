import type {LayerSpec, Network} from './layer-spec.js';

// LRN constants of the paper §3.3: k = 2, n = 5, α = 1e-4, β = 0.75 (Caffe writes k = 1 and divides α by n).
const lrn = {op: 'lrn', size: 5, alpha: 1e-4, beta: 0.75, k: 2} as const;

/** AlexNet's layers with the paper's two-GPU split as `groups` (g = 2 on conv2, conv4, conv5), or without it (g = 1). */
function alexnetLayers(g: 1 | 2): LayerSpec[] {
	return [
		{name: 'conv1', op: 'conv', filters: 96, kernel: 11, stride: 4, pad: 0},
		{name: 'relu1', op: 'relu'},
		{name: 'norm1', ...lrn},
		// Overlapping pooling, §3.4: z = 3 > s = 2.
		{name: 'pool1', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'conv2', op: 'conv', filters: 256, kernel: 5, stride: 1, pad: 2, groups: g},
		{name: 'relu2', op: 'relu'},
		{name: 'norm2', ...lrn},
		{name: 'pool2', op: 'maxpool', kernel: 3, stride: 2},
		// conv3 is the layer where the two GPUs talk (§3.5, Figure 2): it sees all 256 channels.
		{name: 'conv3', op: 'conv', filters: 384, kernel: 3, stride: 1, pad: 1},
		{name: 'relu3', op: 'relu'},
		{name: 'conv4', op: 'conv', filters: 384, kernel: 3, stride: 1, pad: 1, groups: g},
		{name: 'relu4', op: 'relu'},
		{name: 'conv5', op: 'conv', filters: 256, kernel: 3, stride: 1, pad: 1, groups: g},
		{name: 'relu5', op: 'relu'},
		{name: 'pool5', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'fc6', op: 'fc', units: 4096},
		{name: 'relu6', op: 'relu'},
		// Dropout 0.5 in the first two fully connected layers, §4.2.
		{name: 'drop6', op: 'dropout', ratio: 0.5},
		{name: 'fc7', op: 'fc', units: 4096},
		{name: 'relu7', op: 'relu'},
		{name: 'drop7', op: 'dropout', ratio: 0.5},
		{name: 'fc8', op: 'fc', units: 1000},
		{name: 'prob', op: 'softmax'},
	];
}

/** The original AlexNet (Krizhevsky et al. 2012) as Caffe runs it: 227×227×3 input, LRN, the two-GPU split as groups. */
export const original: Network = {
	name: 'original',
	description: 'AlexNet as in the paper: 227×227×3, LRN, two-GPU split as groups 2 on conv2, conv4, conv5',
	input: [227, 227, 3],
	layers: alexnetLayers(2),
};

/** The same network on one big GPU: groups 1 everywhere. */
export const ungrouped: Network = {
	name: 'ungrouped',
	description: 'the original AlexNet without the two-GPU split (groups 1 everywhere)',
	input: [227, 227, 3],
	layers: alexnetLayers(1),
};

/** torchvision's `alexnet`: 224 input, 64-192-384-256-256 filters, no LRN, adaptive average pool to 6×6. */
export const torchvision: Network = {
	name: 'torchvision',
	description: "torchvision's single-GPU AlexNet: 224×224×3, 64/192/384/256/256 filters, no LRN",
	input: [224, 224, 3],
	layers: [
		{name: 'conv1', op: 'conv', filters: 64, kernel: 11, stride: 4, pad: 2},
		{name: 'relu1', op: 'relu'},
		{name: 'pool1', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'conv2', op: 'conv', filters: 192, kernel: 5, stride: 1, pad: 2},
		{name: 'relu2', op: 'relu'},
		{name: 'pool2', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'conv3', op: 'conv', filters: 384, kernel: 3, stride: 1, pad: 1},
		{name: 'relu3', op: 'relu'},
		{name: 'conv4', op: 'conv', filters: 256, kernel: 3, stride: 1, pad: 1},
		{name: 'relu4', op: 'relu'},
		{name: 'conv5', op: 'conv', filters: 256, kernel: 3, stride: 1, pad: 1},
		{name: 'relu5', op: 'relu'},
		{name: 'pool5', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'avgpool', op: 'adaptiveavgpool', size: 6},
		// torchvision puts dropout before fc6 and fc7, not after.
		{name: 'drop6', op: 'dropout', ratio: 0.5},
		{name: 'fc6', op: 'fc', units: 4096},
		{name: 'relu6', op: 'relu'},
		{name: 'drop7', op: 'dropout', ratio: 0.5},
		{name: 'fc7', op: 'fc', units: 4096},
		{name: 'relu7', op: 'relu'},
		{name: 'fc8', op: 'fc', units: 1000},
		{name: 'prob', op: 'softmax'},
	],
};

/**
 * A mini AlexNet for 28×28 grey digits (MNIST), trained live by `alexnet-tour train`: AlexNet's sequence of layer
 * types (conv+ReLU, LRN, overlapping 3×3/2 pooling, groups 2 on conv2, conv4, conv5, three convs in a row, two fc
 * layers with dropout, softmax) at about 1/12 of its filters: 47,914 parameters and 809,952 MACs per image, so one
 * CPU core trains it to 98% test accuracy in under 40 s.
 */
export const mini: Network = {
	name: 'mini',
	description: 'a mini AlexNet for 28×28×1 digits: the same layer types, ~1/12 of the filters, trains in under a minute on a CPU',
	input: [28, 28, 1],
	layers: [
		// 5×5 stands in for 11×11/4: a 28-pixel digit has no room for a stride-4 stem.
		{name: 'conv1', op: 'conv', filters: 8, kernel: 5, stride: 1, pad: 0},
		{name: 'relu1', op: 'relu'},
		{name: 'norm1', ...lrn},
		{name: 'pool1', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'conv2', op: 'conv', filters: 24, kernel: 5, stride: 1, pad: 2, groups: 2},
		{name: 'relu2', op: 'relu'},
		{name: 'norm2', ...lrn},
		{name: 'pool2', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'conv3', op: 'conv', filters: 32, kernel: 3, stride: 1, pad: 1},
		{name: 'relu3', op: 'relu'},
		{name: 'conv4', op: 'conv', filters: 32, kernel: 3, stride: 1, pad: 1, groups: 2},
		{name: 'relu4', op: 'relu'},
		{name: 'conv5', op: 'conv', filters: 24, kernel: 3, stride: 1, pad: 1, groups: 2},
		{name: 'relu5', op: 'relu'},
		{name: 'pool5', op: 'maxpool', kernel: 3, stride: 2},
		{name: 'fc6', op: 'fc', units: 128},
		{name: 'relu6', op: 'relu'},
		// Dropout 0.1, not the paper's 0.5 (§4.2): 128 units have little to spare, and 0.5 left a one-minute run at ~50%.
		{name: 'drop6', op: 'dropout', ratio: 0.1},
		{name: 'fc7', op: 'fc', units: 128},
		{name: 'relu7', op: 'relu'},
		{name: 'drop7', op: 'dropout', ratio: 0.1},
		{name: 'fc8', op: 'fc', units: 10},
		{name: 'prob', op: 'softmax'},
	],
};

/** The built-in networks by name, the default first. */
export const networks = {original, ungrouped, torchvision, mini} as const satisfies Record<string, Network>;

export type VariantName = keyof typeof networks;
