import type {ProtoMessage} from './parse-proto-text.js';
import type {ProtoReader} from './proto-reader.js';

/** An input blob and its per-image shape [H, W, C] (the batch size divided out), with the line that declared it. */
export type CaffeInput = {readonly blob: string; readonly shape: readonly [number, number, number]; readonly line: number};

/** Layer types that feed images into a net rather than compute on them. */
export const dataLayerTypes: ReadonlySet<string> = new Set(['Input', 'Data', 'ImageData', 'MemoryData', 'WindowData', 'DummyData', 'HDF5Data']);

/** Caffe's blob shape [N, C, H, W] as a per-image [H, W, C]: every figure is per image, so N is dropped. */
function perImage(dims: readonly number[], line: number, where: string, r: ProtoReader): readonly [number, number, number] {
	if (dims.length !== 4) r.fail(line, `${where}: the input needs 4 dims (N, C, H, W), got ${dims.length}`);
	if (!dims.every((d) => Number.isInteger(d) && d > 0)) r.fail(line, `${where}: input dims must be positive integers, got ${dims.join(', ')}`);
	const [, c, h, w] = dims as [number, number, number, number];
	return [h, w, c];
}

/** The input declared at the top of a deploy file (`input:` with `input_dim:` ×4 or `input_shape { dim }`), if any. */
export function caffeInput(root: ProtoMessage, r: ProtoReader): CaffeInput | undefined {
	const blobs = r.strs(root, 'input', 'input');
	if (blobs.length === 0) return undefined;
	const line = r.line(root, 'input');
	if (blobs.length > 1) r.fail(line, `only one network input is supported, got ${blobs.map((b) => `"${b}"`).join(', ')}`);
	const shapes = r.subs(root, 'input_shape');
	const dims = shapes[0] ? r.nums(shapes[0], 'dim', 'input_shape') : r.nums(root, 'input_dim', 'input_dim');
	if (dims.length === 0) r.fail(line, `input "${blobs[0]}" has no input_dim or input_shape`);
	return {blob: blobs[0]!, shape: perImage(dims, shapes[0]?.line ?? r.line(root, 'input_dim'), 'input', r), line};
}

/**
 * The per-image image shape a data layer produces on its first top.
 * Data layers read images from a database whose size the prototxt does not give: the crop size fixes H and W,
 * and the channels are taken as 3 (colour images, as every ImageNet model here) unless the layer says otherwise.
 */
export function dataLayerShape(layer: ProtoMessage, type: string, where: string, r: ProtoReader): readonly [number, number, number] {
	const line = r.line(layer, 'type');
	if (type === 'Input' || type === 'DummyData') {
		const param = r.sub(layer, type === 'Input' ? 'input_param' : 'dummy_data_param');
		const shape = param && r.subs(param, 'shape')[0];
		if (!shape) r.fail(line, `${where}: no ${type === 'Input' ? 'input_param' : 'dummy_data_param'} { shape { dim … } }`);
		return perImage(r.nums(shape!, 'dim', where), shape!.line, where, r);
	}
	// V1 files put crop_size in the data parameters; V2 in transform_param.
	const params = ['transform_param', 'data_param', 'image_data_param', 'window_data_param', 'memory_data_param'];
	const sources = params.map((p) => r.sub(layer, p)).filter((m) => m !== undefined);
	const crop = sources.map((m) => r.num(m, 'crop_size', where)).find((v) => v !== undefined && v > 0);
	let h = crop;
	let w = crop;
	let c = 3;
	const memory = r.sub(layer, 'memory_data_param');
	if (type === 'MemoryData' && memory) {
		c = r.num(memory, 'channels', where) ?? c;
		h ??= r.num(memory, 'height', where);
		w ??= r.num(memory, 'width', where);
	}
	const image = r.sub(layer, 'image_data_param');
	if (type === 'ImageData' && image) {
		if (r.bool(image, 'is_color', where) === false) c = 1;
		h ??= r.num(image, 'new_height', where) || undefined;
		w ??= r.num(image, 'new_width', where) || undefined;
	}
	if (h === undefined || w === undefined) {
		return r.fail(line, `${where}: a ${type} layer does not say its image size (no crop_size); declare the input with input_param { shape { dim: 1 dim: 3 dim: H dim: W } }`);
	}
	return perImage([1, c, h, w], line, where, r);
}
