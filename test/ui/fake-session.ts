import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {tensor, type Tensor} from '../../src/tensor/tensor.js';
import {applyColorLevel} from '../../src/ui/color-level.js';
import type {LayerResult, TourSession} from '../../src/ui/tour-session.js';

// uvu's runner sets FORCE_COLOR=1; these tests read plain frames, as the app draws them at colour level 0.
applyColorLevel(0);

/** A session that "runs" layers by filling tensors of the derived shapes with a fixed pattern: plain data for UI tests. */
export function fakeSession(log: string[] = []): TourSession {
	const summary = analyzeNetwork(networks.original);
	const outputOf = (shape: readonly number[]): Tensor => {
		const nchw = shape.length === 3 ? [1, shape[2]!, shape[0]!, shape[1]!] : [1, shape[0]!];
		const t = tensor(nchw);
		for (let i = 0; i < t.data.length; i++) t.data[i] = Math.sin(i * 0.37) * ((i % 7) - 3);
		return t;
	};
	return {
		summary,
		backend: {backend: 'fake', device: 'test pattern', skipped: [{name: 'webgpu', reason: 'no adapter'}]},
		weights: 'random weights (test), not a trained ImageNet model',
		async *run(until, options) {
			log.push(`run ${until ?? 'all'}${options?.train ? ' train' : ''}`);
			for (const facts of summary.layers) {
				const result: LayerResult = {name: facts.spec.name, facts, output: outputOf(facts.output), ms: 1.5};
				yield result;
				if (facts.spec.name === until) return;
			}
		},
		layerWeights: (layer) => {
			const facts = summary.layers.find((l) => l.spec.name === layer);
			if (facts?.layer.op !== 'conv') return undefined;
			const [, , cin] = facts.inputs[0] as [number, number, number];
			const w = tensor([facts.layer.filters, cin / facts.layer.groups, ...facts.layer.kernel]);
			for (let i = 0; i < w.data.length; i++) w.data[i] = Math.cos(i * 0.11);
			return w;
		},
		top5: () => [0.3, 0.2, 0.1, 0.05, 0.01].map((probability, i) => ({label: `class ${i}`, probability})),
		async *train() {
			log.push('train');
			yield {type: 'start', trainCount: 300, testCount: 100, batchesPerEpoch: 5, epochs: 1, params: 12345, device: 'fake'};
			for (let b = 1; b <= 5; b++) yield {type: 'batch', epoch: 1, batch: b, batches: 5, loss: 2.3 / b, lr: 0.05, imagesPerSecond: 100, etaSeconds: 5 - b};
			yield {type: 'epoch', epoch: 1, epochs: 1, loss: 0.5, accuracy: 0.9, testAccuracy: 0.875, seconds: 3, imagesPerSecond: 100};
			const test = {accuracy: 0.875, predictions: new Uint8Array(0), confusion: []};
			yield {type: 'done', reason: 'finished', epoch: 1, batch: 5, seconds: 3, imagesPerSecond: 100, weights: new Map(), bestEpoch: 1, test};
		},
		augmentations: () => [{label: 'tiny', picture: {width: 2, height: 2, data: new Uint8Array(12).fill(128)}}],
	};
}

/** Lets Ink process input and React commit (no timing is asserted). */
export async function settle(times = 3): Promise<void> {
	for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Key sequences as a terminal sends them. */
export const keys = {
	right: '\u001b[C',
	left: '\u001b[D',
	up: '\u001b[A',
	down: '\u001b[B',
	pageDown: '\u001b[6~',
	pageUp: '\u001b[5~',
	enter: '\r',
	tab: '\t',
	escape: '\u001b',
	ctrlC: '\u0003',
} as const;
