/**
 * onnxruntime-node as the oracle no one here wrote: it runs an ONNX file and reports every tensor's shape (each node
 * output made a graph output) and values. Absent (an install without dev dependencies), the tests say so and skip.
 */
import {withEveryOutput} from './onnx-writer.js';

type Ort = typeof import('onnxruntime-node');
let ort: Ort | undefined;
try {
	const m = (await import('onnxruntime-node')) as Ort & {default?: Ort};
	ort = m.default ?? m;
} catch (error) {
	console.log(`skipping the onnxruntime checks: onnxruntime-node does not load here (${(error as Error).message.split('\n')[0]})`);
}

/** Whether onnxruntime-node loaded. */
export const haveOrt = ort !== undefined;

/** Runs the model on `inputs` (name → [shape, data]) and gives every node output by name: its dims and data. */
export async function ortRun(bytes: Uint8Array, inputs: Readonly<Record<string, readonly [readonly number[], Float32Array]>>, every = true): Promise<Map<string, {dims: number[]; data: Float32Array}>> {
	const session = await ort!.InferenceSession.create(every ? withEveryOutput(bytes) : bytes, {intraOpNumThreads: 1, graphOptimizationLevel: 'disabled'});
	const feeds = Object.fromEntries(Object.entries(inputs).map(([name, [dims, data]]) => [name, new ort!.Tensor('float32', data, [...dims])]));
	const result = await session.run(feeds);
	const out = new Map<string, {dims: number[]; data: Float32Array}>();
	for (const [name, t] of Object.entries(result)) out.set(name, {dims: [...t.dims], data: t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number | bigint>, Number)});
	await session.release();
	return out;
}
