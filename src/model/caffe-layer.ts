import type {LayerSpec, Shape} from './layer-spec.js';
import type {ProtoMessage} from './parse-proto-text.js';
import type {ProtoReader} from './proto-reader.js';

/** Old (V1) `layers { type: ENUM }` names and the V2 type strings they became. */
export const v1LayerTypes: Readonly<Record<string, string>> = {
	CONVOLUTION: 'Convolution',
	POOLING: 'Pooling',
	LRN: 'LRN',
	INNER_PRODUCT: 'InnerProduct',
	RELU: 'ReLU',
	DROPOUT: 'Dropout',
	SOFTMAX: 'Softmax',
	SOFTMAX_LOSS: 'SoftmaxWithLoss',
	CONCAT: 'Concat',
	SPLIT: 'Split',
	ACCURACY: 'Accuracy',
	SILENCE: 'Silence',
	DATA: 'Data',
	IMAGE_DATA: 'ImageData',
	MEMORY_DATA: 'MemoryData',
	WINDOW_DATA: 'WindowData',
	DUMMY_DATA: 'DummyData',
	HDF5_DATA: 'HDF5Data',
};

/** What a layer needs besides its own text: where errors point, and (for global pooling) the shape flowing in. */
export type CaffeLayerContext = {
	readonly r: ProtoReader;
	readonly name: string;
	readonly line: number;
	readonly inputShape: () => Shape;
};

type Spec<T = LayerSpec> = T extends LayerSpec ? Omit<T, 'inputs'> : never;

/**
 * One side of a square window from `key` (repeated, as in ConvolutionParameter) or `key_h`/`key_w`;
 * the model only knows square kernels, strides and pads, so a pair that differs is an error.
 */
function square(m: ProtoMessage, key: string, ctx: CaffeLayerContext, fallback?: number): number | undefined {
	const {r, name} = ctx;
	const where = `layer "${name}"`;
	const base = key.replace('_size', '');
	const [hKey, wKey] = [`${base}_h`, `${base}_w`];
	const hw = r.has(m, hKey) || r.has(m, wKey);
	const values = hw ? [r.num(m, hKey, where) ?? fallback, r.num(m, wKey, where) ?? fallback] : r.nums(m, key, where);
	const line = r.line(m, hw ? hKey : key);
	if (values.length > 2) r.fail(line, `${where}: ${values.length} values of ${key}: only 2-D layers are supported`);
	const [h = fallback, w = h] = values;
	if (h !== w) {
		const what = hw ? `${hKey} ${h} and ${wKey} ${w}` : `${key} ${h} and ${w}`;
		r.fail(line, `${where}: ${what} differ: non-square ${base}s are not supported`);
	}
	return h;
}

function required(value: number | undefined, key: string, m: ProtoMessage, ctx: CaffeLayerContext): number {
	return value ?? ctx.r.fail(m.line, `layer "${ctx.name}": ${key} is missing`);
}

function param(layer: ProtoMessage, key: string, ctx: CaffeLayerContext): ProtoMessage {
	return ctx.r.sub(layer, key) ?? {kind: 'message', line: ctx.line, fields: []};
}

function pooling(layer: ProtoMessage, ctx: CaffeLayerContext): Spec {
	const {r, name} = ctx;
	const where = `layer "${name}"`;
	const p = param(layer, 'pooling_param', ctx);
	const method = r.str(p, 'pool', where) ?? 'MAX';
	if (method !== 'MAX' && method !== 'AVE' && method !== '0' && method !== '1') {
		r.fail(r.line(p, 'pool'), `${where}: pooling method ${method} is not supported (only MAX and AVE)`);
	}
	const op = method === 'AVE' || method === '1' ? 'avgpool' : 'maxpool';
	if (r.bool(p, 'global_pooling', where)) {
		const shape = ctx.inputShape();
		if (shape.length !== 3 || shape[0] !== shape[1]) {
			r.fail(r.line(p, 'global_pooling'), `${where}: global pooling needs a square feature map, got ${shape.join('×')}`);
		}
		return {name, op, kernel: shape[0], stride: 1};
	}
	const kernel = required(square(p, 'kernel_size', ctx), 'kernel_size', p, ctx);
	// Caffe rounds pooling sizes up unless told otherwise (round_mode appeared in later versions).
	const ceil = (r.str(p, 'round_mode', where) ?? 'CEIL') !== 'FLOOR';
	return {name, op, kernel, stride: square(p, 'stride', ctx, 1)!, pad: square(p, 'pad', ctx, 0)!, ceil};
}

/** The LayerSpec (without `inputs`) for one compute layer of a known Caffe type, or undefined for a type the model does not know. */
export function caffeLayer(layer: ProtoMessage, type: string, ctx: CaffeLayerContext): Spec | undefined {
	const {r, name} = ctx;
	const where = `layer "${name}"`;
	switch (type) {
		case 'Convolution': {
			const p = param(layer, 'convolution_param', ctx);
			const filters = required(r.num(p, 'num_output', where), 'num_output', p, ctx);
			const kernel = required(square(p, 'kernel_size', ctx), 'kernel_size', p, ctx);
			const [stride, pad, dilation] = [square(p, 'stride', ctx, 1)!, square(p, 'pad', ctx, 0)!, square(p, 'dilation', ctx, 1)!];
			const groups = r.num(p, 'group', where) ?? 1;
			return {name, op: 'conv', filters, kernel, stride, pad, dilation, groups, bias: r.bool(p, 'bias_term', where) ?? true};
		}
		case 'Pooling':
			return pooling(layer, ctx);
		case 'LRN': {
			const p = param(layer, 'lrn_param', ctx);
			const region = r.str(p, 'norm_region', where) ?? 'ACROSS_CHANNELS';
			if (region !== 'ACROSS_CHANNELS' && region !== '0') r.fail(r.line(p, 'norm_region'), `${where}: LRN ${region} is not supported (only ACROSS_CHANNELS)`);
			// Caffe's defaults; it divides alpha by the window size n (the paper does not, §3.3).
			const [size, alpha, beta, k] = [r.num(p, 'local_size', where) ?? 5, r.num(p, 'alpha', where) ?? 1, r.num(p, 'beta', where) ?? 0.75, r.num(p, 'k', where) ?? 1];
			return {name, op: 'lrn', size, alpha, beta, k, alphaOverN: true};
		}
		case 'InnerProduct': {
			const p = param(layer, 'inner_product_param', ctx);
			const axis = r.num(p, 'axis', where) ?? 1;
			if (axis !== 1) r.fail(r.line(p, 'axis'), `${where}: inner product over axis ${axis} is not supported (only axis 1)`);
			const units = required(r.num(p, 'num_output', where), 'num_output', p, ctx);
			return {name, op: 'fc', units, bias: r.bool(p, 'bias_term', where) ?? true};
		}
		case 'ReLU': {
			const slope = r.num(param(layer, 'relu_param', ctx), 'negative_slope', where) ?? 0;
			if (slope !== 0) r.fail(ctx.line, `${where}: leaky ReLU (negative_slope ${slope}) is not supported`);
			return {name, op: 'relu'};
		}
		case 'Dropout':
			return {name, op: 'dropout', ratio: r.num(param(layer, 'dropout_param', ctx), 'dropout_ratio', where) ?? 0.5};
		// SoftmaxWithLoss computes the softmax of its first bottom; the loss against the label exists only in training.
		case 'Softmax':
		case 'SoftmaxWithLoss':
			return {name, op: 'softmax'};
		case 'Concat': {
			const p = param(layer, 'concat_param', ctx);
			const axis = r.num(p, 'axis', where) ?? r.num(p, 'concat_dim', where) ?? 1;
			if (axis !== 1) r.fail(r.line(p, r.has(p, 'axis') ? 'axis' : 'concat_dim'), `${where}: concat along axis ${axis} is not supported (only channels, axis 1)`);
			return {name, op: 'concat'};
		}
		default:
			return undefined;
	}
}
