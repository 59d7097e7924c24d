import {BackendUnavailableError, ShapeError} from '../../errors.js';
import {checkSize, poolOutSize} from '../../model/shapes.js';
import {tensor, type Tensor} from '../../tensor/tensor.js';
import type {ConvAttrs, LrnAttrs, ParamGrads, PoolAttrs} from '../backend.js';
import * as src from './backward-sources.js';
import {convInputGradSource, convWeightsGradSource, type ConvBackwardSizes} from './conv-backward-sources.js';
import {convSizes, nchw} from '../nchw.js';
import {padPlanes, roundUp4} from './host-prep.js';
import {softmaxStatsSource} from './kernel-sources.js';
import type {KernelRunner} from './kernel-runner.js';

/** Backward kernels take weights as arguments, not constants: they change every training step. */

function sameShape(a: Tensor, b: Tensor, what: string): void {
	if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
		throw new ShapeError(`${what}: expected shape [${b.shape.join(', ')}], got [${a.shape.join(', ')}]`);
	}
}

/** ReLU's gradient. */
export async function gpujsReluBackward(r: KernelRunner, x: Tensor, dy: Tensor): Promise<Tensor> {
	sameShape(dy, x, 'relu backward: dy');
	const n = x.data.length;
	return tensor(x.shape, await r.run('reluBackward', String(n), () => ({source: src.reluBackwardSource, output: [n]}), [x.data, dy.data], n));
}

/** LRN's gradient, in two passes: the denominators D, then every input's gradient. */
export async function gpujsLrnBackward(r: KernelRunner, x: Tensor, y: Tensor, dy: Tensor, a: LrnAttrs): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, 'lrn input');
	sameShape(y, x, 'lrn backward: y');
	sameShape(dy, x, 'lrn backward: dy');
	checkSize('lrn', 'size', a.size);
	if (a.size % 2 === 0) throw new ShapeError(`lrn: size ${a.size} must be odd, so the window is centred on the channel`);
	const key = `${x.shape.join(',')}|${a.size},${a.alpha},${a.beta},${a.k}`;
	const output = [h * w, c, n];
	const base = await r.run('lrnBase', key, () => ({source: src.lrnBaseSource(c, h * w, a.size), output, constants: {k: a.k, alpha: a.alpha}}), [x.data], x.data.length);
	const spec = () => ({source: src.lrnBackwardSource(c, h * w, a.size, a.beta), output, constants: {alpha: a.alpha, beta: a.beta}});
	return tensor(x.shape, await r.run('lrnBackward', key, spec, [x.data, y.data, dy.data, base], x.data.length));
}

/** Max pooling's gradient: each window's argmax (first on a tie, as the reference), then each input gathers its windows' dy. */
export async function gpujsMaxpoolBackward(r: KernelRunner, x: Tensor, dy: Tensor, a: PoolAttrs): Promise<Tensor> {
	const [n, c, h, w] = nchw(x, 'maxpool input');
	const {kernel: k, stride: s, pad: p} = a;
	checkSize('maxpool', 'kernel', k);
	checkSize('maxpool', 'stride', s);
	checkSize('maxpool', 'pad', p, 0);
	const ho = poolOutSize(h, k, s, p, a.ceil, 'maxpool');
	const wo = poolOutSize(w, k, s, p, a.ceil, 'maxpool');
	sameShape(dy, tensor([n, c, ho, wo]), 'maxpool backward: dy');
	const wo4 = roundUp4(wo);
	const hp = (ho - 1) * s + k;
	const wp = (wo4 - 1) * s + k;
	const xp = padPlanes(x.data, n * c, h, w, hp, wp, p, -3.4e38);
	const key = `${x.shape.join(',')}|${k},${s},${p},${a.ceil}`;
	const arg = await r.run('maxpoolArgmax', key, () => ({source: src.maxpoolArgmaxSource(k, s, hp, wp), output: [wo4, ho, n * c]}), [xp], n * c * ho * wo4);
	const spec = () => ({source: src.maxpoolBackwardSource(k, s, p, ho, wo, wo4, wp), output: [w, h, n * c]});
	return tensor(x.shape, await r.run('maxpoolBackward', key, spec, [arg, dy.data], x.data.length));
}

/** Largest flat index a GL kernel addresses exactly (float32 index arithmetic). */
const glIndexLimit = 1 << 24;

/** fc's gradients: dx = dy·W, dW = dyᵀ·x, db = Σ_batch dy. */
export async function gpujsFcBackward(r: KernelRunner, x: Tensor, w: Tensor, dy: Tensor): Promise<ParamGrads> {
	const n = x.shape[0] ?? 0;
	const nin = n === 0 ? 0 : x.data.length / n;
	const [nout, win] = w.shape;
	if (w.shape.length !== 2 || nout === undefined || win !== nin) throw new ShapeError(`fc backward: weights [${w.shape.join(', ')}] do not take ${nin} features`);
	sameShape(dy, tensor([n, nout]), 'fc backward: dy');
	if (r.mode === 'headlessgl' && w.data.length > glIndexLimit) {
		throw new BackendUnavailableError(r.mode, `fc backward with ${w.data.length} weights: GL kernels address at most 2^24 values exactly`);
	}
	const key = `${n},${nin},${nout}`;
	const dyRows = r.gpujs.input(dy.data, [nout, n]);
	const dx = await r.run('fcBackwardInput', key, () => ({source: src.fcBackwardInputSource(nout), output: [nin, n], threaded: true}), [dyRows, r.gpujs.input(w.data, [nin, nout])], n * nin);
	const dw = await r.run('fcBackwardWeights', key, () => ({source: src.fcBackwardWeightsSource(n), output: [nin, nout], threaded: true}), [dyRows, r.gpujs.input(x.data, [nin, n])], nout * nin);
	const db = await r.run('fcBackwardBias', key, () => ({source: src.biasGradSource(n, nout, 1), output: [nout]}), [r.gpujs.input(dy.data, [1, n * nout])], nout);
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([nout], db)};
}

/** Convolution's gradients: dW and dx each gathered per element, db summed per filter. */
export async function gpujsConvBackward(r: KernelRunner, x: Tensor, w: Tensor, dy: Tensor, a: ConvAttrs): Promise<ParamGrads> {
	const {n, cin, h, w: wd, cout, cinG, kh, kw, ho, wo} = convSizes(x, w, a);
	const {stride: s, pad: p, dilation: d, groups: g} = a;
	sameShape(dy, tensor([n, cout, ho, wo]), 'conv backward: dy');
	const hp = (ho - 1) * s + (kh - 1) * d + 1;
	const wp = (wo - 1) * s + (kw - 1) * d + 1;
	const z: ConvBackwardSizes = {n, cin, cinG, h, w: wd, hp, wp, cout, coutG: cout / g, ho, wo, kh, kw, s, p, d};
	const key = `${x.shape.join(',')}|${w.shape.join(',')}|${s},${p},${d},${g}`;
	const dyRows = r.gpujs.input(dy.data, [wo, n * cout * ho]);
	const xRows = r.gpujs.input(padPlanes(x.data, n * cin, h, wd, hp, wp, p, 0), [wp, n * cin * hp]);
	const dw = await r.run('convBackwardWeights', key, () => ({source: convWeightsGradSource(z), output: [kw, kh, cout * cinG], threaded: true}), [xRows, dyRows], w.data.length);
	const wRows = r.gpujs.input(w.data, [kw, cout * cinG * kh]);
	const dx = await r.run('convBackwardInput', key, () => ({source: convInputGradSource(z), output: [wd, h, n * cin], threaded: true}), [dyRows, wRows], x.data.length);
	const db = await r.run('convBackwardBias', key, () => ({source: src.biasGradSource(n, cout, ho * wo), output: [cout]}), [r.gpujs.input(dy.data, [ho * wo, n * cout])], cout);
	return {dx: tensor(x.shape, dx), dw: tensor(w.shape, dw), db: tensor([cout], db)};
}

/** Mean softmax cross-entropy and its gradient; the loss is summed from each row's max and Σ exp on the host. */
export async function gpujsSoftmaxCrossEntropy(r: KernelRunner, logits: Tensor, labels: Int32Array): Promise<{loss: number; dlogits: Tensor}> {
	const n = logits.shape[0];
	if (logits.shape.length < 2 || n === undefined || n === 0) throw new ShapeError(`softmax cross-entropy: expected [N, units], got [${logits.shape.join(', ')}]`);
	if (labels.length !== n) throw new ShapeError(`softmax cross-entropy: ${n} rows of logits but ${labels.length} labels`);
	const units = logits.data.length / n;
	for (const label of labels) {
		if (label < 0 || label >= units) throw new RangeError(`softmax cross-entropy: label ${label} is not a class in 0…${units - 1}`);
	}
	const stats = await r.run('softmaxStats', `${n},${units}`, () => ({source: softmaxStatsSource(units), output: [n], vec4: true}), [logits.data], n * 4);
	let loss = 0;
	for (let b = 0; b < n; b++) loss += stats[b * 4]! + Math.log(stats[b * 4 + 1]!) - logits.data[b * units + labels[b]!]!;
	const spec = () => ({source: src.softmaxCrossEntropyGradSource(units, n), output: [units, n]});
	const dlogits = await r.run('softmaxCrossEntropyGrad', `${n},${units}`, spec, [logits.data, stats, Float32Array.from(labels)], logits.data.length);
	return {loss: loss / n, dlogits: tensor(logits.shape, dlogits)};
}
