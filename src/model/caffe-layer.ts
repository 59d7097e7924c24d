import type {LayerSpec, Shape, Size2} from './layer-spec.js';
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
 * A window size from `key` (repeated, as in ConvolutionParameter: one value for both axes, or height then width) or
 * `key_h`/`key_w` (either alone takes the other's default): a number where both axes agree, else [height, width].
 */
function size2(m: ProtoMessage, key: string, ctx: CaffeLayerContext, fallback?: number): Size2 | undefined {
	const {r, name} = ctx;
	const where = `layer "${name}"`;
	const base = key.replace('_size', '');
	const [hKey, wKey] = [`${base}_h`, `${base}_w`];
	const hw = r.has(m, hKey) || r.has(m, wKey);
	if (hw && r.has(m, key)) r.fail(r.line(m, key), `${where}: give ${key} or ${hKey}/${wKey}, not both`);
	if (hw) {
		const [h, w] = [r.num(m, hKey, where) ?? fallback, r.num(m, wKey, where) ?? fallback];
		if (h === undefined || w === undefined) {
			r.fail(r.line(m, h === undefined ? wKey : hKey), `${where}: ${h === undefined ? hKey : wKey} is missing (give both ${hKey} and ${wKey})`);
		}
		return h === w ? h : [h!, w!];
	}
	const values = r.nums(m, key, where);
	if (values.length > 2) r.fail(r.line(m, key), `${where}: ${values.length} values of ${key}: only 2-D layers are supported`);
	const [vh = fallback, vw = vh] = values;
	if (vh === undefined || vw === undefined) return undefined;
	return vh === vw ? vh : [vh, vw];
}

function required<T>(value: T | undefined, key: string, m: ProtoMessage, ctx: CaffeLayerContext): T {
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
		if (shape.length !== 3) r.fail(r.line(p, 'global_pooling'), `${where}: global pooling needs a feature map, got a vector of ${shape[0]}`);
		return {name, op, kernel: shape[0] === shape[1] ? shape[0] : [shape[0], shape[1]!], stride: 1};
	}
	const kernel = required(size2(p, 'kernel_size', ctx), 'kernel_size', p, ctx);
	// Caffe rounds pooling sizes up unless told otherwise (round_mode appeared in later versions).
	const ceil = (r.str(p, 'round_mode', where) ?? 'CEIL') !== 'FLOOR';
	return {name, op, kernel, stride: size2(p, 'stride', ctx, 1)!, pad: size2(p, 'pad', ctx, 0)!, ceil};
}

/** The LayerSpec (without `inputs`) for one compute layer of a known Caffe type, or undefined for a type the model does not know. */
export function caffeLayer(layer: ProtoMessage, type: string, ctx: CaffeLayerContext): Spec | undefined {
	const {r, name} = ctx;
	const where = `layer "${name}"`;
	switch (type) {
		case 'Convolution': {
			const p = param(layer, 'convolution_param', ctx);
			const filters = required(r.num(p, 'num_output', where), 'num_output', p, ctx);
			const kernel = required(size2(p, 'kernel_size', ctx), 'kernel_size', p, ctx);
			const [stride, pad, dilation] = [size2(p, 'stride', ctx, 1)!, size2(p, 'pad', ctx, 0)!, size2(p, 'dilation', ctx, 1)!];
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
