/*
 * An ONNX model as plain data (io/onnx.ts decodes the protobuf into these): what the shape inference reads, with no
 * protobuf types in sight. Shapes are ONNX's, batch first (NCHW for images).
 */

/** A dimension of a declared shape: a number, the name of a dynamic one (`N`, `height`), or unknown. */
export type OnnxDim = number | string | undefined;

/** A graph input or output as declared: its name, element type and shape (undefined where the file gives none). */
export type OnnxValueInfo = {readonly name: string; readonly dtype: string; readonly dims: readonly OnnxDim[] | undefined};

/** A tensor stored in the file: an initializer, a Constant's value or an attribute. */
export type OnnxTensor = {
	readonly name: string;
	readonly dtype: string;
	readonly dims: readonly number[];
	/** Bytes per element (0.5 for 4-bit types); the tensor's size in bytes is elements × this. */
	readonly elementBytes: number;
	/** Its values as numbers, decoded on demand (for shape arithmetic and small constants). */
	values(): readonly number[];
	/** The little-endian float32 data as a view where the file stores it raw and aligned, else a copy (weights). */
	float32(): Float32Array;
};

/** An attribute's value: a number, text, lists of them, a tensor, or a subgraph (which the calculator does not enter). */
export type OnnxAttr = number | string | readonly number[] | readonly string[] | OnnxTensor | {readonly graph: string};

/** One node of the graph. */
export type OnnxNode = {
	readonly name: string;
	readonly opType: string;
	readonly domain: string;
	readonly inputs: readonly string[];
	readonly outputs: readonly string[];
	readonly attrs: Readonly<Record<string, OnnxAttr>>;
};

/** A decoded model: where it came from, its opset, its inputs (initializers left out), outputs, weights and nodes. */
export type OnnxModel = {
	readonly file: string;
	readonly irVersion: number;
	/** The opset of the default (ai.onnx) domain. */
	readonly opset: number;
	readonly producer: string;
	readonly graphName: string;
	readonly inputs: readonly OnnxValueInfo[];
	readonly outputs: readonly OnnxValueInfo[];
	readonly initializers: ReadonlyMap<string, OnnxTensor>;
	readonly nodes: readonly OnnxNode[];
};

/** True for the element types whose tensors are weights (the calculator counts their elements as parameters). */
export const isFloatType = (dtype: string): boolean => dtype.startsWith('float') || dtype === 'bfloat16';
