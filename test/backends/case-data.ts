import type {ConvAttrs, PoolAttrs} from '../../src/backends/backend.js';
import {createRandom} from '../../src/tensor/random.js';
import {sizeOf, tensor, type Tensor} from '../../src/tensor/tensor.js';

/** A 32-bit seed from a case name, so adding a case never changes another case's data. */
export function seedOf(name: string): number {
	let h = 2166136261;
	for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
	return h >>> 0;
}

/** Seeded tensor data for one case: uniform values in [lo, hi), 0/1 masks and integer labels. */
export function caseData(name: string) {
	const random = createRandom(seedOf(name));
	return {
		uniform(shape: readonly number[], lo = -1, hi = 1): Tensor {
			const data = new Float32Array(sizeOf(shape));
			for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * random.next();
			return tensor(shape, data);
		},
		/** A 0/1 dropout mask that keeps each unit with probability 1 − ratio. */
		mask(shape: readonly number[], ratio: number): Tensor {
			const data = new Float32Array(sizeOf(shape));
			for (let i = 0; i < data.length; i++) data[i] = random.next() < ratio ? 0 : 1;
			return tensor(shape, data);
		},
		labels(n: number, classes: number): Int32Array {
			const labels = new Int32Array(n);
			for (let i = 0; i < n; i++) labels[i] = random.int(classes);
			return labels;
		},
	};
}

/** A shape written as in case names: [1,3,7,5]. */
export function dims(shape: readonly number[]): string {
	return `[${shape.join(',')}]`;
}

/** The name suffix for conv attributes, leaving out the defaults (s=1 p=0 d=1 g=1). */
export function convAttrText(a: ConvAttrs): string {
	const parts = [a.stride !== 1 && `s=${a.stride}`, a.pad !== 0 && `p=${a.pad}`, a.dilation !== 1 && `d=${a.dilation}`, a.groups !== 1 && `g=${a.groups}`];
	return parts
		.filter(Boolean)
		.map((p) => ` ${p}`)
		.join('');
}

/** The name suffix for pooling attributes. */
export function poolAttrText(a: PoolAttrs): string {
	return ` k=${a.kernel} s=${a.stride}${a.pad ? ` p=${a.pad}` : ''}${a.ceil ? ' ceil' : ''}`;
}
