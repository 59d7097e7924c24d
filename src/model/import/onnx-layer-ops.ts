import {ShapeError} from '../../errors.js';
import type {LayerSpec} from '../layer-spec.js';
import {windowOut} from '../shapes.js';
import {attr, broadcast, int, ints, need, optionalConstant, str, volume, type OpInput, type OpOutput, type Value} from './onnx-op-kit.js';

/* The ops that are layers: convolutions, pools, fully connected products, LRN and dropout, with their MACs and the layer spec each is. */

function windowPads(c: OpInput, n: readonly number[], k: readonly number[], s: readonly number[], d: readonly number[]): [number, number, number, number] {
	const autoPad = str(c.node, 'auto_pad', 'NOTSET');
	if (autoPad === 'VALID') return [0, 0, 0, 0];
	if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
		const total = [0, 1].map((a) => Math.max(0, (Math.ceil(n[a]! / s[a]!) - 1) * s[a]! + d[a]! * (k[a]! - 1) + 1 - n[a]!));
		const begin = total.map((t) => (autoPad === 'SAME_UPPER' ? Math.floor(t / 2) : Math.ceil(t / 2)));
		return [begin[0]!, begin[1]!, total[0]! - begin[0]!, total[1]! - begin[1]!];
	}
	const p = ints(c.node, 'pads') ?? [0, 0, 0, 0];
	if (p.length !== 4) throw new ShapeError(`${c.name}: pads [${p.join(', ')}] are not 2-D (${c.node.opType} is computed for 2-D images only)`);
	return [p[0]!, p[1]!, p[2]!, p[3]!];
}

function image(c: OpInput, x: Value): [number, number, number, number] {
	if (x.shape.length !== 4) throw new ShapeError(`${c.name}: ${c.node.opType} is computed for 2-D images [N, C, H, W] only, got [${x.shape.join(', ')}]`);
	return x.shape as unknown as [number, number, number, number];
}

const pair = (c: OpInput, key: string, fallback: number): [number, number] => {
	const v = ints(c.node, key);
	if (v && v.length !== 2) throw new ShapeError(`${c.name}: ${key} [${v.join(', ')}] is not 2-D`);
	return v ? [v[0]!, v[1]!] : [fallback, fallback];
};

export function conv(c: OpInput): OpOutput {
	const x = need(c, 0);
	const w = need(c, 1);
	const [n, cin, h, wd] = image(c, x);
	if (w.shape.length !== 4) throw new ShapeError(`${c.name}: Conv weights must be [cout, cin/groups, kh, kw], got [${w.shape.join(', ')}]`);
	const [cout, cinG, kh, kw] = w.shape as [number, number, number, number];
	const g = int(c.node, 'group', 1);
	if (cinG * g !== cin) throw new ShapeError(`${c.name}: weights take ${cinG} channels in each of ${g} groups, the input has ${cin}`);
	const k = ints(c.node, 'kernel_shape') ?? [kh, kw];
	if (k[0] !== kh || k[1] !== kw) throw new ShapeError(`${c.name}: kernel_shape [${k.join(', ')}] differs from the weights' ${kh}×${kw}`);
	const s = pair(c, 'strides', 1);
	const d = pair(c, 'dilations', 1);
	const pads = windowPads(c, [h, wd], [kh, kw], s, d);
	const spec: LayerSpec = {name: c.name, op: 'conv', filters: cout, kernel: [kh, kw], stride: s, pad: pads, dilation: d, groups: g, bias: c.inputs[2] !== undefined};
	const ho = windowOut({n: h, k: kh, s: s[0], p1: pads[0], p2: pads[2], d: d[0], ceil: false}, c.name);
	const wo = windowOut({n: wd, k: kw, s: s[1], p1: pads[1], p2: pads[3], d: d[1], ceil: false}, c.name);
	return {outputs: [{shape: [n, cout, ho, wo], dtype: x.dtype}], macs: n * cout * ho * wo * cinG * kh * kw, spec};
}

export function convTranspose(c: OpInput): OpOutput {
	const x = need(c, 0);
	const w = need(c, 1);
	const [n, cin, h, wd] = image(c, x);
	const [wcin, coutG, kh, kw] = w.shape as [number, number, number, number];
	const g = int(c.node, 'group', 1);
	if (w.shape.length !== 4 || wcin !== cin) throw new ShapeError(`${c.name}: ConvTranspose weights [${w.shape.join(', ')}] do not take ${cin} channels`);
	const s = pair(c, 'strides', 1);
	const d = pair(c, 'dilations', 1);
	const op = pair(c, 'output_padding', 0);
	const explicit = ints(c.node, 'output_shape');
	const pads = ints(c.node, 'pads') ?? [0, 0, 0, 0];
	const autoPad = str(c.node, 'auto_pad', 'NOTSET');
	const k = [kh, kw];
	const out = [h, wd].map((size, a) => {
		if (explicit) return explicit[explicit.length - 2 + a]!;
		if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return size * s[a]!;
		return s[a]! * (size - 1) + op[a]! + (d[a]! * (k[a]! - 1) + 1) - pads[a]! - pads[a + 2]!;
	});
	if (out.some((v) => v < 1)) throw new ShapeError(`${c.name}: ConvTranspose gives an empty output ${out.join('×')}`);
	const cout = coutG * g;
	return {outputs: [{shape: [n, cout, out[0]!, out[1]!], dtype: x.dtype}], macs: n * cin * h * wd * coutG * kh * kw};
}

export function pool(kind: 'maxpool' | 'avgpool') {
	return (c: OpInput): OpOutput => {
		const x = need(c, 0);
		const [n, ch, h, w] = image(c, x);
		const k = pair(c, 'kernel_shape', 0);
		if (k[0] < 1 || k[1] < 1) throw new ShapeError(`${c.name}: kernel_shape is missing`);
		const s = pair(c, 'strides', 1);
		const d = pair(c, 'dilations', 1);
		const ceil = int(c.node, 'ceil_mode', 0) === 1;
		const pads = windowPads(c, [h, w], k, s, d);
		const ho = windowOut({n: h, k: k[0], s: s[0], p1: pads[0], p2: pads[2], d: d[0], ceil}, c.name, true);
		const wo = windowOut({n: w, k: k[1], s: s[1], p1: pads[1], p2: pads[3], d: d[1], ceil}, c.name, true);
		const spec: LayerSpec | undefined = d[0] === 1 && d[1] === 1 ? {name: c.name, op: kind, kernel: k, stride: s, pad: pads, ceil} : undefined;
		return {outputs: [{shape: [n, ch, ho, wo], dtype: x.dtype}], ...(spec ? {spec} : {})};
	};
}

export function globalPool(kind: 'avg' | 'max') {
	return (c: OpInput): OpOutput => {
		const x = need(c, 0);
		if (x.shape.length < 3) throw new ShapeError(`${c.name}: a global pooling needs [N, C, …], got [${x.shape.join(', ')}]`);
		const spec: LayerSpec | undefined = kind === 'avg' && x.shape.length === 4 ? {name: c.name, op: 'adaptiveavgpool', size: 1} : undefined;
		return {outputs: [{shape: [...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], dtype: x.dtype}], ...(spec ? {spec} : {})};
	};
}

export function gemm(c: OpInput): OpOutput {
	const a = need(c, 0);
	const b = need(c, 1);
	if (a.shape.length !== 2 || b.shape.length !== 2) throw new ShapeError(`${c.name}: Gemm takes 2-D A and B, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
	const [m, k] = int(c.node, 'transA', 0) ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
	const [kb, nn] = int(c.node, 'transB', 0) ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
	if (k !== kb) throw new ShapeError(`${c.name}: Gemm multiplies ${m}×${k} by ${kb}×${nn}: the inner sizes differ`);
	if (c.inputs[2]) broadcast(c.name, [c.inputs[2].shape, [m, nn]]);
	return {outputs: [{shape: [m, nn], dtype: a.dtype}], macs: m * k * nn, spec: {name: c.name, op: 'fc', units: nn, bias: c.inputs[2] !== undefined}};
}

export function matmul(c: OpInput): OpOutput {
	const a = need(c, 0);
	const b = need(c, 1);
	const as = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
	const bs = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
	const [m, k] = as.slice(-2) as [number, number];
	const [kb, nn] = bs.slice(-2) as [number, number];
	if (k !== kb) throw new ShapeError(`${c.name}: MatMul multiplies [${a.shape.join(', ')}] by [${b.shape.join(', ')}]: the inner sizes ${k} and ${kb} differ`);
	const batch = broadcast(c.name, [as.slice(0, -2), bs.slice(0, -2)]);
	const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [nn])];
	return {outputs: [{shape, dtype: a.dtype}], macs: volume(batch) * m * k * nn};
}

export function dropout(c: OpInput): OpOutput {
	const x = need(c, 0);
	const ratio = typeof c.node.attrs['ratio'] === 'number' ? (c.node.attrs['ratio'] as number) : (optionalConstant(c, 1, 'ratio')?.[0] ?? 0.5);
	return {outputs: [x, {shape: x.shape, dtype: 'bool'}], spec: {name: c.name, op: 'dropout', ratio}};
}

export function lrn(c: OpInput): OpOutput {
	const x = need(c, 0);
	// ONNX's LRN divides α by the window size, as Caffe's does.
	const spec: LayerSpec = {name: c.name, op: 'lrn', size: int(c.node, 'size', 5), alpha: (attr(c.node, 'alpha') as number) ?? 1e-4, beta: (attr(c.node, 'beta') as number) ?? 0.75, k: (attr(c.node, 'bias') as number) ?? 1, alphaOverN: true};
	return {outputs: [x], spec};
}
