// The mini AlexNet's training throughput in tfjs-wasm, for issue 14's comparison with `alexnet-tour train`: the same
// layers as src/model/networks.ts's mini (grouped convolutions as split + convolutions + concat, LRN, overlapping
// max pooling, dropout), the same batch and SGD with the paper's momentum, timed step by step on one fixed batch.
// tfjs is not a dependency of this project: point the script at an installed copy of ../shared/peer-bench.
//   node --import tsx scripts/bench-train-tfjs.ts /tmp/peer [steps=40] [batch=16]
// Prints one JSON line: images/s and MACs/s (3 × the forward MACs per image: forward, dx and dW).
// biome-ignore-all lint/suspicious/noExplicitAny: tfjs comes from the peer folder, untyped here
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {analyzeNetwork} from '../src/model/analyze.js';
import {mini} from '../src/model/networks.js';

const [peer, stepsArg = '40', batchArg = '16'] = process.argv.slice(2);
if (!peer) throw new Error('usage: bench-train-tfjs.ts PEER_BENCH_DIR [steps] [batch]');
const steps = Number(stepsArg);
const batch = Number(batchArg);
const require = createRequire(join(peer, 'package.json'));
const tf: any = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
await tf.setBackend('wasm');
await tf.ready();

// tfjs-wasm has no kernel for a convolution's filter gradient (Conv2DBackpropFilter): it is computed as a convolution
// of transposed tensors (the peer bench's own workaround), dx by conv2dTranspose.
const conv = (pad: number) =>
	tf.customGrad((x: any, f: any, save: any) => {
		save([x, f]);
		const pads = [
			[0, 0],
			[pad, pad],
			[pad, pad],
			[0, 0],
		];
		const value = tf.conv2d(x, f, 1, pads);
		const gradFunc = (dy: any, [xs, fs]: any[]) => {
			const dx = tf.conv2dTranspose(dy, fs, xs.shape, 1, pads);
			const dw = tf.transpose(tf.conv2d(tf.transpose(xs, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, pads), [1, 2, 0, 3]);
			return [dx, dw];
		};
		return {value, gradFunc};
	});

const summary = analyzeNetwork(mini);
const vars: any[] = [];
const layers: ((h: any) => any)[] = [];
let channels = mini.input[2];
let features = 0;
for (const l of mini.layers) {
	if (l.op === 'conv') {
		const groups = l.groups ?? 1;
		const filters = Array.from({length: groups}, () => tf.variable(tf.randomNormal([l.kernel, l.kernel, channels / groups, l.filters / groups], 0, 0.1)));
		const bias = tf.variable(tf.zeros([l.filters]));
		vars.push(...filters, bias);
		if (typeof (l.pad ?? 0) !== 'number') throw new Error(`${l.name}: uneven padding is not built here`);
		const c = conv((l.pad ?? 0) as number);
		layers.push((h) =>
			tf.add(
				groups === 1
					? c(h, filters[0])
					: tf.concat(
							tf.split(h, groups, 3).map((part: any, g: number) => c(part, filters[g])),
							3,
						),
				bias,
			),
		);
		channels = l.filters;
	} else if (l.op === 'relu') layers.push((h) => tf.relu(h));
	else if (l.op === 'lrn') layers.push((h) => tf.localResponseNormalization(h, (l.size - 1) / 2, l.k, l.alpha, l.beta));
	else if (l.op === 'maxpool') layers.push((h) => tf.maxPool(h, l.kernel, l.stride, 'valid'));
	else if (l.op === 'dropout') layers.push((h) => tf.dropout(h, l.ratio));
	else if (l.op === 'fc') {
		const first = features === 0;
		let w: any;
		const b = tf.variable(tf.zeros([l.units]));
		layers.push((h) => {
			const flat = first ? tf.reshape(h, [h.shape[0], -1]) : h;
			w ??= tf.variable(tf.randomNormal([flat.shape[1], l.units], 0, 0.05));
			if (!vars.includes(w)) vars.push(w);
			return tf.add(tf.matMul(flat, w), b);
		});
		vars.push(b);
		features = l.units;
	}
}
const model = (x: any) => layers.reduce((h, f) => f(h), x);
const xs = tf.randomUniform([batch, 28, 28, 1]);
const ys = tf.oneHot(
	tf.tensor1d(
		Array.from({length: batch}, (_, i) => i % 10),
		'int32',
	),
	10,
);
tf.tidy(() => model(xs)); // creates the fc variables
const optimizer = tf.train.momentum(0.0125, 0.9);
const step = async () => {
	const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model(xs)), true, vars);
	await loss.data();
	loss.dispose();
};
for (let i = 0; i < 5; i++) await step();
const times: number[] = [];
for (let i = 0; i < steps; i++) {
	const t0 = performance.now();
	await step();
	times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[times.length >> 1]!;
const imagesPerSecond = (batch * 1000) / median;
const macsPerImage = summary.totals.macs;
console.log(
	JSON.stringify({
		engine: `@tensorflow/tfjs backend=${tf.getBackend()} (${require('@tensorflow/tfjs-backend-wasm/package.json').version})`,
		network: 'mini',
		batch,
		steps,
		medianStepMs: +median.toFixed(2),
		imagesPerSecond: +imagesPerSecond.toFixed(1),
		macsPerImage,
		trainingMacsPerSecond: Math.round(3 * macsPerImage * imagesPerSecond),
	}),
);
