import {ShapeError} from '../../errors.js';
import type {LayerSpec} from '../layer-spec.js';
import type {OnnxAttr, OnnxNode} from './onnx-types.js';

/* What every op's shape function uses: the values flowing through the graph and how a node's inputs and attributes are read. */

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

export const volume = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** Constant values are folded only for small tensors: shape arithmetic, not weights. */
export const foldLimit = 4096;

export function attr(n: OnnxNode, key: string): OnnxAttr | undefined {
	return n.attrs[key];
}
export const int = (n: OnnxNode, key: string, fallback: number): number => {
	const v = attr(n, key);
	return typeof v === 'number' ? v : fallback;
};
export const ints = (n: OnnxNode, key: string): readonly number[] | undefined => {
	const v = attr(n, key);
	return Array.isArray(v) ? (v as number[]) : undefined;
};
export const str = (n: OnnxNode, key: string, fallback: string): string => {
	const v = attr(n, key);
	return typeof v === 'string' ? v : fallback;
};

export function need(c: OpInput, i: number): Value {
	const v = c.inputs[i];
	if (!v) throw new ShapeError(`${c.name}: ${c.node.opType} needs input ${i + 1}`);
	return v;
}

/** A shape that depends on values only a run would give (a reshape to a computed size): the node's outputs stay unknown. */
export class RunTimeShape extends ShapeError {
	override name = 'RunTimeShape';
}

/** Values of input i, which must be a known constant (a shape, axes, pads). */
export function constant(c: OpInput, i: number, what: string): readonly number[] {
	const v = need(c, i);
	if (!v.values) throw new RunTimeShape(`its ${what} (input ${i + 1}) is computed at run time`);
	return v.values;
}

/** An optional constant input (absent, or given): undefined when absent. */
export const optionalConstant = (c: OpInput, i: number, what: string) => (c.inputs[i] ? constant(c, i, what) : undefined);

export const axisOf = (c: OpInput, axis: number, rank: number): number => {
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
export function broadcastIndex(shape: readonly number[], out: readonly number[], i: number): number {
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
