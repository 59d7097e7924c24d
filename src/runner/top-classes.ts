import imagenetClasses from '../data/imagenet-classes.json' with {type: 'json'};
import type {Tensor} from '../tensor/tensor.js';

/** One of the most probable classes: its index, a label and its probability. */
export type ClassScore = {readonly class: number; readonly label: string; readonly probability: number};

/** A digit network's class names: class 7 is the digit 7. */
export const digitLabels: readonly string[] = Array.from({length: 10}, (_, d) => `digit ${d}`);

/**
 * The k most probable classes of the first row of a [N, classes] probability tensor, most probable first, named by
 * `labels` when given. A 1000-class output is ImageNet's (ILSVRC-2012 order, as torchvision and Caffe share it) and is
 * labelled by name.
 */
export function topClasses(probs: Tensor, k = 5, labels?: readonly string[]): ClassScore[] {
	const classes = probs.shape[probs.shape.length - 1]!;
	const row = probs.data.subarray(0, classes);
	const order = Array.from(row.keys()).sort((a, b) => row[b]! - row[a]! || a - b);
	return order.slice(0, k).map((c) => ({class: c, label: labels?.[c] ?? (classes === 1000 ? imagenetClasses.classes[c]! : `class ${c}`), probability: row[c]!}));
}
