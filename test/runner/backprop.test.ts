import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {createReferenceBackend} from '../../src/backends/reference/reference-backend.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {mini} from '../../src/model/networks.js';
import {backwardTape, checkTrainable, forwardTape} from '../../src/runner/backprop.js';
import {createRandom} from '../../src/tensor/random.js';
import type {tensor} from '../../src/tensor/tensor.js';
import {initWeights} from '../../src/runner/weights.js';
import {assertClose} from '../helpers/assert-close.js';
import {caseData} from '../backends/case-data.js';

const backend = createReferenceBackend();
const summary = analyzeNetwork(mini);

/** The loss of the whole mini network on a fixed batch, dropout masks drawn afresh from the same seed every call. */
async function lossOf(weights: ReturnType<typeof initWeights>, x: ReturnType<typeof tensor>, labels: Int32Array) {
	const tape = await forwardTape(backend, summary, weights, x, createRandom(7));
	return {tape, ...(await backend.softmaxCrossEntropy(tape.logits, labels))};
}

test('every gradient of the mini AlexNet matches central finite differences (batch 2, dropout masks fixed)', async () => {
	const weights = initWeights(summary, {seed: 3});
	const d = caseData('mini gradient check');
	const x = d.uniform([2, 1, 28, 28], 0, 1);
	const labels = Int32Array.from([3, 8]);
	const {tape, dlogits, loss} = await lossOf(weights, x, labels);
	const grads = await backwardTape(backend, weights, tape, dlogits);
	assert.equal([...grads.keys()].sort(), ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8']);
	const pick = createRandom(11);
	let checked = 0;
	let kinks = 0;
	for (const [name, g] of grads) {
		for (const kind of ['w', 'b'] as const) {
			const param = weights.get(name)![kind];
			// Six entries per tensor, chosen by a seeded generator: the check is about the chain rule, not every index.
			const indices: number[] = [];
			const numeric: number[] = [];
			for (let k = 0; k < 6; k++) {
				const i = pick.int(param.data.length);
				const keep = param.data[i]!;
				const a = g[kind].data[i]!;
				indices.push(i);
				// A ReLU or max-pool switch within ±eps bends the loss: the analytic gradient must then equal the slope on
				// the side where every switch stays as it is, or, with switches on both sides, the quotient at a smaller eps.
				let best = Number.NaN;
				for (const eps of [1e-3, 2e-4]) {
					param.data[i] = keep + eps;
					const up = (await lossOf(weights, x, labels)).loss;
					param.data[i] = keep - eps;
					const down = (await lossOf(weights, x, labels)).loss;
					param.data[i] = keep;
					const close = (v: number) => Math.abs(a - v) <= 2e-3 + 3e-2 * Math.abs(v);
					const central = (up - down) / (2 * eps);
					const side = [(up - loss) / eps, (loss - down) / eps].find(close);
					best = close(central) ? central : (side ?? central);
					if (close(best)) {
						if (best !== central || eps !== 1e-3) kinks++;
						break;
					}
				}
				numeric.push(best);
			}
			checked += indices.length;
			// float32 activations make a one-sided quotient noisy at the 1e-3 level.
			assertClose(
				indices.map((i) => g[kind].data[i]!),
				numeric,
				{abs: 2e-3, rel: 3e-2},
				`${name}.${kind} at [${indices.join(', ')}]`,
			);
		}
	}
	// Most entries must pass the central test itself; kinks are the exception.
	assert.ok(kinks <= checked / 4, `${kinks} of ${checked} entries matched only a one-sided slope`);
});

test('checkTrainable refuses layers training does not know, naming the layer', () => {
	const withAvg = {...mini, layers: mini.layers.map((l) => (l.name === 'pool5' ? {name: 'pool5', op: 'avgpool' as const, kernel: 3, stride: 2} : l))};
	assert.throws(() => checkTrainable(analyzeNetwork(withAvg)), /pool5: training knows conv, relu, lrn, maxpool, fc and dropout/);
	assert.not.throws(() => checkTrainable(summary));
});

test.run();
