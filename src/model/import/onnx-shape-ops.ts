import {ShapeError} from '../../errors.js';
import type {LayerSpec} from '../layer-spec.js';
import {attr, axisOf, broadcast, constant, foldLimit, int, ints, need, optionalConstant, volume, type OpInput, type OpOutput, type Value} from './onnx-op-kit.js';
import type {OnnxTensor} from './onnx-types.js';

/* The ops that move, reshape or make tensors, evaluating small constants (the shape arithmetic exporters write). */

export function reshape(c: OpInput): OpOutput {
	const x = need(c, 0);
	const target = constant(c, 1, 'target shape');
	const allowZero = int(c.node, 'allowzero', 0) === 1;
	const shape = target.map((d, i) => (d === 0 && !allowZero ? x.shape[i]! : d));
	const known = shape.filter((d) => d !== -1);
	if (shape.filter((d) => d === -1).length > 1) throw new ShapeError(`${c.name}: Reshape to [${target.join(', ')}] has more than one -1`);
	const total = volume(x.shape);
	if (shape.includes(-1)) shape[shape.indexOf(-1)] = total / volume(known);
	if (volume(shape) !== total || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
		throw new ShapeError(`${c.name}: cannot reshape [${x.shape.join(', ')}] (${total} values) to [${target.join(', ')}]`);
	}
	return {outputs: [{shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

export function flatten(c: OpInput): OpOutput {
	const x = need(c, 0);
	const axis = int(c.node, 'axis', 1);
	const a = axis < 0 ? axis + x.shape.length : axis;
	return {outputs: [{shape: [volume(x.shape.slice(0, a)), volume(x.shape.slice(a))], dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

export function transpose(c: OpInput): OpOutput {
	const x = need(c, 0);
	const perm = ints(c.node, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
	if (perm.length !== x.shape.length) throw new ShapeError(`${c.name}: perm [${perm.join(', ')}] does not fit a rank-${x.shape.length} tensor`);
	return {outputs: [{shape: perm.map((p) => x.shape[p]!), dtype: x.dtype}]};
}

/** Axes from the attribute (older opsets) or the second input (opset 13 on). */
const axesOf = (c: OpInput, input: number) => ints(c.node, 'axes') ?? optionalConstant(c, input, 'axes');

export function squeeze(c: OpInput): OpOutput {
	const x = need(c, 0);
	const axes = axesOf(c, 1)?.map((a) => axisOf(c, a, x.shape.length));
	const shape = x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
	return {outputs: [{shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

export function unsqueeze(c: OpInput): OpOutput {
	const x = need(c, 0);
	const raw = axesOf(c, 1);
	if (!raw) throw new ShapeError(`${c.name}: Unsqueeze has no axes`);
	const rank = x.shape.length + raw.length;
	const axes = raw.map((a) => axisOf(c, a, rank));
	const shape: number[] = [];
	let from = 0;
	for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[from++]!);
	return {outputs: [{shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

export function concat(c: OpInput): OpOutput {
	const xs = c.inputs.filter((v): v is Value => v !== undefined);
	const first = xs[0]!;
	const axis = axisOf(c, int(c.node, 'axis', 1), first.shape.length);
	for (const x of xs) {
		if (x.shape.length !== first.shape.length || x.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
			throw new ShapeError(`${c.name}: cannot join [${first.shape.join(', ')}] and [${x.shape.join(', ')}] along axis ${axis}`);
		}
	}
	const shape = first.shape.map((d, i) => (i === axis ? xs.reduce((a, x) => a + x.shape[i]!, 0) : d));
	const values = xs.every((x) => x.values) && first.shape.length === 1 ? xs.flatMap((x) => [...x.values!]) : undefined;
	const spec: LayerSpec | undefined = axis === 1 && shape.length === 4 ? {name: c.name, op: 'concat'} : undefined;
	return {outputs: [{shape, dtype: first.dtype, ...(values ? {values} : {})}], ...(spec ? {spec} : {})};
}

export function split(c: OpInput): OpOutput {
	const x = need(c, 0);
	const axis = axisOf(c, int(c.node, 'axis', 0), x.shape.length);
	const count = c.node.outputs.length;
	const sizes = ints(c.node, 'split') ?? optionalConstant(c, 1, 'split sizes') ?? splitEvenly(x.shape[axis]!, int(c.node, 'num_outputs', count));
	if (sizes.reduce((a, b) => a + b, 0) !== x.shape[axis]) throw new ShapeError(`${c.name}: split sizes [${sizes.join(', ')}] do not add up to ${x.shape[axis]}`);
	return {outputs: sizes.map((size) => ({shape: x.shape.map((d, i) => (i === axis ? size : d)), dtype: x.dtype}))};
}

function splitEvenly(n: number, parts: number): number[] {
	const size = Math.ceil(n / parts);
	return Array.from({length: parts}, (_, i) => Math.max(0, Math.min(size, n - i * size)));
}

export function slice(c: OpInput): OpOutput {
	const x = need(c, 0);
	const old = c.opset < 10;
	const starts = old ? (ints(c.node, 'starts') ?? []) : constant(c, 1, 'starts');
	const ends = old ? (ints(c.node, 'ends') ?? []) : constant(c, 2, 'ends');
	const axes = (old ? ints(c.node, 'axes') : optionalConstant(c, 3, 'axes')) ?? starts.map((_, i) => i);
	const steps = (old ? undefined : optionalConstant(c, 4, 'steps')) ?? starts.map(() => 1);
	const shape = [...x.shape];
	const ranges = x.shape.map((d) => ({start: 0, step: 1, count: d}));
	axes.forEach((raw, j) => {
		const a = axisOf(c, raw, x.shape.length);
		const dim = x.shape[a]!;
		const step = steps[j]!;
		if (step === 0) throw new ShapeError(`${c.name}: a Slice step of 0`);
		const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + dim : v));
		const start = step > 0 ? clamp(starts[j]!, 0, dim) : clamp(starts[j]!, -1, dim - 1);
		const end = step > 0 ? clamp(ends[j]!, 0, dim) : clamp(ends[j]!, -1, dim - 1);
		const count = Math.max(0, Math.ceil((end - start) / step));
		shape[a] = count;
		ranges[a] = {start, step, count};
	});
	const values = x.values && x.shape.length === 1 ? Array.from({length: ranges[0]!.count}, (_, i) => x.values![ranges[0]!.start + i * ranges[0]!.step]!) : undefined;
	return {outputs: [{shape, dtype: x.dtype, ...(values ? {values} : {})}]};
}

export function pad(c: OpInput): OpOutput {
	const x = need(c, 0);
	const pads = ints(c.node, 'pads') ?? constant(c, 1, 'pads');
	const rank = x.shape.length;
	const axes = optionalConstant(c, 3, 'axes')?.map((a) => axisOf(c, a, rank)) ?? x.shape.map((_, i) => i);
	const shape = [...x.shape];
	axes.forEach((a, j) => {
		shape[a] = x.shape[a]! + pads[j]! + pads[j + axes.length]!;
	});
	if (shape.some((d) => d < 0)) throw new ShapeError(`${c.name}: pads [${pads.join(', ')}] leave a negative size`);
	return {outputs: [{shape, dtype: x.dtype}]};
}

export function resize(c: OpInput): OpOutput {
	const x = need(c, 0);
	const rank = x.shape.length;
	if (c.node.opType === 'Upsample' || c.opset < 11) {
		const scales = (attr(c.node, 'scales') as number[] | undefined) ?? constant(c, 1, 'scales');
		return {outputs: [{shape: x.shape.map((d, i) => Math.floor(d * scales[i]!)), dtype: x.dtype}]};
	}
	const sizes = optionalConstant(c, 3, 'sizes');
	const scales = optionalConstant(c, 2, 'scales');
	if (sizes && sizes.length > 0) return {outputs: [{shape: sizes.length === rank ? [...sizes] : [...x.shape.slice(0, rank - sizes.length), ...sizes], dtype: x.dtype}]};
	if (!scales || scales.length === 0) throw new ShapeError(`${c.name}: Resize has neither scales nor sizes`);
	return {outputs: [{shape: x.shape.map((d, i) => Math.floor(d * scales[i]!)), dtype: x.dtype}]};
}

export function reduce(c: OpInput): OpOutput {
	const x = need(c, 0);
	const keep = int(c.node, 'keepdims', 1) === 1;
	const raw = ints(c.node, 'axes') ?? (c.opset >= 18 ? optionalConstant(c, 1, 'axes') : undefined);
	const axes = raw && raw.length > 0 ? raw.map((a) => axisOf(c, a, x.shape.length)) : int(c.node, 'noop_with_empty_axes', 0) ? [] : x.shape.map((_, i) => i);
	const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
	return {outputs: [{shape, dtype: x.dtype}]};
}

export function shapeOp(c: OpInput): OpOutput {
	const x = need(c, 0);
	const rank = x.shape.length;
	const clampAxis = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
	const start = clampAxis(int(c.node, 'start', 0));
	const end = clampAxis(int(c.node, 'end', rank));
	const values = x.shape.slice(start, end);
	return {outputs: [{shape: [values.length], dtype: 'int64', values}]};
}

export function gather(c: OpInput): OpOutput {
	const x = need(c, 0);
	const idx = need(c, 1);
	const axis = axisOf(c, int(c.node, 'axis', 0), x.shape.length);
	const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
	let values: number[] | undefined;
	if (x.values && idx.values && x.shape.length === 1) values = idx.values.map((i) => x.values![i < 0 ? i + x.shape[0]! : i]!);
	return {outputs: [{shape, dtype: x.dtype, ...(values ? {values} : {})}]};
}

/** A Constant node's tensor (or value_float, value_ints…), with its values where it is small. */
export function constantOp(c: OpInput): OpOutput {
	const a = c.node.attrs;
	const t = a['value'];
	if (t && typeof t === 'object' && 'dims' in t) return {outputs: [tensorValue(t as OnnxTensor)]};
	for (const [key, dtype] of [
		['value_float', 'float32'],
		['value_int', 'int64'],
	] as const) {
		if (typeof a[key] === 'number') return {outputs: [{shape: [], dtype, values: [a[key] as number]}]};
	}
	for (const [key, dtype] of [
		['value_floats', 'float32'],
		['value_ints', 'int64'],
	] as const) {
		if (Array.isArray(a[key])) return {outputs: [{shape: [(a[key] as number[]).length], dtype, values: a[key] as number[]}]};
	}
	throw new ShapeError(`${c.name}: a Constant without a value`);
}

/** A stored tensor as a Value: its values are read only when it is small enough to be shape arithmetic. */
export function tensorValue(t: OnnxTensor): Value {
	const small = volume(t.dims) <= foldLimit && t.dtype !== 'string';
	return {shape: t.dims, dtype: t.dtype, ...(small ? {values: t.values()} : {})};
}

export function constantOfShape(c: OpInput): OpOutput {
	const shape = constant(c, 0, 'shape');
	const t = c.node.attrs['value'] as OnnxTensor | undefined;
	const fill = t && typeof t === 'object' && 'dims' in t ? (t.values()[0] ?? 0) : 0;
	const dtype = t && typeof t === 'object' && 'dims' in t ? t.dtype : 'float32';
	return {outputs: [{shape, dtype, ...(volume(shape) <= foldLimit ? {values: new Array(volume(shape)).fill(fill)} : {})}]};
}

export function expand(c: OpInput): OpOutput {
	const x = need(c, 0);
	return {outputs: [{shape: broadcast(c.name, [x.shape, constant(c, 1, 'shape')]), dtype: x.dtype}]};
}

export function range(c: OpInput): OpOutput {
	const [start, limit, delta] = [0, 1, 2].map((i) => constant(c, i, ['start', 'limit', 'delta'][i]!)[0]!);
	const n = Math.max(0, Math.ceil((limit! - start!) / delta!));
	return {outputs: [{shape: [n], dtype: need(c, 0).dtype, ...(n <= foldLimit ? {values: Array.from({length: n}, (_, i) => start! + i * delta!)} : {})}]};
}
