import {ShapeError} from '../../errors.js';
import type {LayerSpec} from '../layer-spec.js';
import {windowOut} from '../shapes.js';
import type {OnnxAttr, OnnxNode, OnnxTensor} from './onnx-types.js';

/** A tensor flowing through the graph: its shape (batch first), its values where they are known constants, its type. */
export type Value = {readonly shape: readonly number[]; readonly dtype: string; readonly values?: readonly number[]};

/** What one node is given: its inputs (undefined for an absent optional one), its attributes, the opset. */
export type OpInput = {
	readonly node: OnnxNode;
	readonly name: string;
	readonly opset: number;
	readonly inputs: readonly (Value | undefined)[];
};

/** What a node gives: its outputs, its MACs, and the layer spec it is, where it is one the model knows. */
export type OpOutput = {readonly outputs: readonly Value[]; readonly macs?: number; readonly spec?: LayerSpec};

const volume = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** Constant values are folded only for small tensors: shape arithmetic, not weights. */
const foldLimit = 4096;

function attr(n: OnnxNode, key: string): OnnxAttr | undefined {
	return n.attrs[key];
}
const int = (n: OnnxNode, key: string, fallback: number): number => {
	const v = attr(n, key);
	return typeof v === 'number' ? v : fallback;
};
const ints = (n: OnnxNode, key: string): readonly number[] | undefined => {
	const v = attr(n, key);
	return Array.isArray(v) ? (v as number[]) : undefined;
};
const str = (n: OnnxNode, key: string, fallback: string): string => {
	const v = attr(n, key);
	return typeof v === 'string' ? v : fallback;
};

function need(c: OpInput, i: number): Value {
	const v = c.inputs[i];
	if (!v) throw new ShapeError(`${c.name}: ${c.node.opType} needs input ${i + 1}`);
	return v;
}

/** A shape that depends on values only a run would give (a reshape to a computed size): the node's outputs stay unknown. */
export class RunTimeShape extends ShapeError {
	override name = 'RunTimeShape';
}

/** Values of input i, which must be a known constant (a shape, axes, pads). */
function constant(c: OpInput, i: number, what: string): readonly number[] {
	const v = need(c, i);
	if (!v.values) throw new RunTimeShape(`its ${what} (input ${i + 1}) is computed at run time`);
	return v.values;
}

/** An optional constant input (absent, or given): undefined when absent. */
const optionalConstant = (c: OpInput, i: number, what: string) => (c.inputs[i] ? constant(c, i, what) : undefined);

const axisOf = (c: OpInput, axis: number, rank: number): number => {
	const a = axis < 0 ? axis + rank : axis;
	if (!Number.isInteger(a) || a < 0 || a >= rank) throw new ShapeError(`${c.name}: axis ${axis} is out of range for a rank-${rank} tensor`);
	return a;
};

/** NumPy broadcasting of shapes. */
export function broadcast(name: string, shapes: readonly (readonly number[])[]): number[] {
	const rank = Math.max(...shapes.map((s) => s.length));
	const out: number[] = [];
	for (let i = 0; i < rank; i++) {
		let d = 1;
		for (const s of shapes) {
			const v = s[s.length - rank + i] ?? 1;
			if (v === d || v === 1) continue;
			if (d !== 1) throw new ShapeError(`${name}: shapes [${shapes.map((x) => x.join(', ')).join('] and [')}] do not broadcast`);
			d = v;
		}
		out.push(d);
	}
	return out;
}

/** The flat index in `shape` of each element of the broadcast result, for folding small constants. */
function broadcastIndex(shape: readonly number[], out: readonly number[], i: number): number {
	let index = 0;
	let stride = 1;
	let rest = i;
	const offset = out.length - shape.length;
	const coords: number[] = [];
	for (let d = out.length - 1; d >= 0; d--) {
		coords[d] = rest % out[d]!;
		rest = Math.floor(rest / out[d]!);
	}
	for (let d = shape.length - 1; d >= 0; d--) {
		index += (shape[d] === 1 ? 0 : coords[d + offset]!) * stride;
		stride *= shape[d]!;
	}
	return index;
}

function elementwise(fn: ((...xs: number[]) => number) | undefined, outType?: string) {
	return (c: OpInput): OpOutput => {
		const xs = c.inputs.filter((v): v is Value => v !== undefined);
		if (xs.length === 0) throw new ShapeError(`${c.name}: ${c.node.opType} has no inputs`);
		const shape = broadcast(
			c.name,
			xs.map((x) => x.shape),
		);
		const dtype = outType ?? xs[0]!.dtype;
		if (fn && xs.every((x) => x.values) && volume(shape) <= foldLimit) {
			const values = Array.from({length: volume(shape)}, (_, i) => fn(...xs.map((x) => x.values![broadcastIndex(x.shape, shape, i)]!)));
			return {outputs: [{shape, dtype, values}]};
		}
		return {outputs: [{shape, dtype}]};
	};
}

/** The same shape as the first input (activations, normalisations). */
const same =
	(spec?: (c: OpInput) => LayerSpec | undefined) =>
	(c: OpInput): OpOutput => {
		const x = need(c, 0);
		const s = spec?.(c);
		return {outputs: [{shape: x.shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}], ...(s ? {spec: s} : {})};
	};

/** Pads [x1_begin, x2_begin, x1_end, x2_end] for a 2-D window, from `pads` or `auto_pad`. */
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

function conv(c: OpInput): OpOutput {
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

function convTranspose(c: OpInput): OpOutput {
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

function pool(kind: 'maxpool' | 'avgpool') {
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

function globalPool(kind: 'avg' | 'max') {
	return (c: OpInput): OpOutput => {
		const x = need(c, 0);
		if (x.shape.length < 3) throw new ShapeError(`${c.name}: a global pooling needs [N, C, …], got [${x.shape.join(', ')}]`);
		const spec: LayerSpec | undefined = kind === 'avg' && x.shape.length === 4 ? {name: c.name, op: 'adaptiveavgpool', size: 1} : undefined;
		return {outputs: [{shape: [...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)], dtype: x.dtype}], ...(spec ? {spec} : {})};
	};
}

function gemm(c: OpInput): OpOutput {
	const a = need(c, 0);
	const b = need(c, 1);
	if (a.shape.length !== 2 || b.shape.length !== 2) throw new ShapeError(`${c.name}: Gemm takes 2-D A and B, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
	const [m, k] = int(c.node, 'transA', 0) ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
	const [kb, nn] = int(c.node, 'transB', 0) ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
	if (k !== kb) throw new ShapeError(`${c.name}: Gemm multiplies ${m}×${k} by ${kb}×${nn}: the inner sizes differ`);
	if (c.inputs[2]) broadcast(c.name, [c.inputs[2].shape, [m, nn]]);
	return {outputs: [{shape: [m, nn], dtype: a.dtype}], macs: m * k * nn, spec: {name: c.name, op: 'fc', units: nn, bias: c.inputs[2] !== undefined}};
}

function matmul(c: OpInput): OpOutput {
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

function reshape(c: OpInput): OpOutput {
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

function flatten(c: OpInput): OpOutput {
	const x = need(c, 0);
	const axis = int(c.node, 'axis', 1);
	const a = axis < 0 ? axis + x.shape.length : axis;
	return {outputs: [{shape: [volume(x.shape.slice(0, a)), volume(x.shape.slice(a))], dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

function transpose(c: OpInput): OpOutput {
	const x = need(c, 0);
	const perm = ints(c.node, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
	if (perm.length !== x.shape.length) throw new ShapeError(`${c.name}: perm [${perm.join(', ')}] does not fit a rank-${x.shape.length} tensor`);
	return {outputs: [{shape: perm.map((p) => x.shape[p]!), dtype: x.dtype}]};
}

/** Axes from the attribute (older opsets) or the second input (opset 13 on). */
const axesOf = (c: OpInput, input: number) => ints(c.node, 'axes') ?? optionalConstant(c, input, 'axes');

function squeeze(c: OpInput): OpOutput {
	const x = need(c, 0);
	const axes = axesOf(c, 1)?.map((a) => axisOf(c, a, x.shape.length));
	const shape = x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1));
	return {outputs: [{shape, dtype: x.dtype, ...(x.values ? {values: x.values} : {})}]};
}

function unsqueeze(c: OpInput): OpOutput {
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

function concat(c: OpInput): OpOutput {
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

function split(c: OpInput): OpOutput {
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

function slice(c: OpInput): OpOutput {
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

function pad(c: OpInput): OpOutput {
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

function resize(c: OpInput): OpOutput {
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

function reduce(c: OpInput): OpOutput {
	const x = need(c, 0);
	const keep = int(c.node, 'keepdims', 1) === 1;
	const raw = ints(c.node, 'axes') ?? (c.opset >= 18 ? optionalConstant(c, 1, 'axes') : undefined);
	const axes = raw && raw.length > 0 ? raw.map((a) => axisOf(c, a, x.shape.length)) : int(c.node, 'noop_with_empty_axes', 0) ? [] : x.shape.map((_, i) => i);
	const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (keep ? [1] : []) : [d]));
	return {outputs: [{shape, dtype: x.dtype}]};
}

function shapeOp(c: OpInput): OpOutput {
	const x = need(c, 0);
	const rank = x.shape.length;
	const clampAxis = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
	const start = clampAxis(int(c.node, 'start', 0));
	const end = clampAxis(int(c.node, 'end', rank));
	const values = x.shape.slice(start, end);
	return {outputs: [{shape: [values.length], dtype: 'int64', values}]};
}

function gather(c: OpInput): OpOutput {
	const x = need(c, 0);
	const idx = need(c, 1);
	const axis = axisOf(c, int(c.node, 'axis', 0), x.shape.length);
	const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
	let values: number[] | undefined;
	if (x.values && idx.values && x.shape.length === 1) values = idx.values.map((i) => x.values![i < 0 ? i + x.shape[0]! : i]!);
	return {outputs: [{shape, dtype: x.dtype, ...(values ? {values} : {})}]};
}

/** A Constant node's tensor (or value_float, value_ints…), with its values where it is small. */
function constantOp(c: OpInput): OpOutput {
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

function constantOfShape(c: OpInput): OpOutput {
	const shape = constant(c, 0, 'shape');
	const t = c.node.attrs['value'] as OnnxTensor | undefined;
	const fill = t && typeof t === 'object' && 'dims' in t ? (t.values()[0] ?? 0) : 0;
	const dtype = t && typeof t === 'object' && 'dims' in t ? t.dtype : 'float32';
	return {outputs: [{shape, dtype, ...(volume(shape) <= foldLimit ? {values: new Array(volume(shape)).fill(fill)} : {})}]};
}

function expand(c: OpInput): OpOutput {
	const x = need(c, 0);
	return {outputs: [{shape: broadcast(c.name, [x.shape, constant(c, 1, 'shape')]), dtype: x.dtype}]};
}

function range(c: OpInput): OpOutput {
	const [start, limit, delta] = [0, 1, 2].map((i) => constant(c, i, ['start', 'limit', 'delta'][i]!)[0]!);
	const n = Math.max(0, Math.ceil((limit! - start!) / delta!));
	return {outputs: [{shape: [n], dtype: need(c, 0).dtype, ...(n <= foldLimit ? {values: Array.from({length: n}, (_, i) => start! + i * delta!)} : {})}]};
}

function dropout(c: OpInput): OpOutput {
	const x = need(c, 0);
	const ratio = typeof c.node.attrs['ratio'] === 'number' ? (c.node.attrs['ratio'] as number) : (optionalConstant(c, 1, 'ratio')?.[0] ?? 0.5);
	return {outputs: [x, {shape: x.shape, dtype: 'bool'}], spec: {name: c.name, op: 'dropout', ratio}};
}

function lrn(c: OpInput): OpOutput {
	const x = need(c, 0);
	// ONNX's LRN divides α by the window size, as Caffe's does.
	const spec: LayerSpec = {name: c.name, op: 'lrn', size: int(c.node, 'size', 5), alpha: (attr(c.node, 'alpha') as number) ?? 1e-4, beta: (attr(c.node, 'beta') as number) ?? 0.75, k: (attr(c.node, 'bias') as number) ?? 1, alphaOverN: true};
	return {outputs: [x], spec};
}

const arithmetic = {
	Add: (a: number, b: number) => a + b,
	Sub: (a: number, b: number) => a - b,
	Mul: (a: number, b: number) => a * b,
	Div: (a: number, b: number) => (Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b),
	Pow: (a: number, b: number) => a ** b,
	Max: Math.max,
	Min: Math.min,
};

/**
 * The ops the calculator knows, each its output shapes (and the values of small constants, for shape arithmetic
 * exporters compute with Shape → Gather → Concat → Reshape), its MACs, and the layer spec it is where there is one.
 */
export const onnxOps: Readonly<Record<string, (c: OpInput) => OpOutput>> = {
	Conv: conv,
	ConvTranspose: convTranspose,
	MaxPool: pool('maxpool'),
	AveragePool: pool('avgpool'),
	GlobalAveragePool: globalPool('avg'),
	GlobalMaxPool: globalPool('max'),
	LRN: lrn,
	BatchNormalization: same(),
	InstanceNormalization: same(),
	LayerNormalization: same(),
	Relu: same((c) => ({name: c.name, op: 'relu'})),
	LeakyRelu: same(),
	PRelu: elementwise(undefined),
	Elu: same(),
	Selu: same(),
	Clip: same(),
	Sigmoid: same(),
	HardSigmoid: same(),
	HardSwish: same(),
	Tanh: same(),
	Softplus: same(),
	Mish: same(),
	Gelu: same(),
	Erf: same(),
	Exp: same(),
	Log: same(),
	Softmax: same((c) => ({name: c.name, op: 'softmax'})),
	LogSoftmax: same(),
	Sqrt: elementwise(Math.sqrt),
	Neg: elementwise((a) => -a),
	Abs: elementwise(Math.abs),
	Floor: elementwise(Math.floor),
	Ceil: elementwise(Math.ceil),
	Reciprocal: elementwise((a) => 1 / a),
	...Object.fromEntries(Object.entries(arithmetic).map(([op, fn]) => [op, elementwise(fn)])),
	Equal: elementwise((a, b) => Number(a === b), 'bool'),
	Less: elementwise((a, b) => Number(a < b), 'bool'),
	Greater: elementwise((a, b) => Number(a > b), 'bool'),
	Where: elementwise((cond, a, b) => (cond ? a : b)),
	Gemm: gemm,
	MatMul: matmul,
	Flatten: flatten,
	Reshape: reshape,
	Transpose: transpose,
	Squeeze: squeeze,
	Unsqueeze: unsqueeze,
	Concat: concat,
	Split: split,
	Slice: slice,
	Pad: pad,
	Resize: resize,
	Upsample: resize,
	ReduceMean: reduce,
	ReduceSum: reduce,
	ReduceMax: reduce,
	ReduceMin: reduce,
	Dropout: dropout,
	Identity: same(),
	Cast: (c) => {
		const x = need(c, 0);
		const to = int(c.node, 'to', 1);
		const dtype = to === 7 || to === 6 ? 'int64' : to === 9 ? 'bool' : 'float32';
		return {outputs: [{shape: x.shape, dtype, ...(x.values ? {values: x.values.map((v) => (dtype === 'float32' ? v : Math.trunc(v)))} : {})}]};
	},
	Shape: shapeOp,
	Size: (c) => ({outputs: [{shape: [], dtype: 'int64', values: [volume(need(c, 0).shape)]}]}),
	Gather: gather,
	Constant: constantOp,
	ConstantOfShape: constantOfShape,
	Expand: expand,
	Range: range,
};
