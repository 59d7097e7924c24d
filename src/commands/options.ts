import {UsageError} from '../errors.js';

/** Parses a flag's number, naming the flag when it is not one (sizes are checked by the model, which names the layer). */
export function numberFlag(flag: string): (value: string) => number {
	return (value) => {
		const n = Number(value);
		if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} "${value}" is not a number`);
		return n;
	};
}

/** Parses a window size: "7" for both axes, or "1x7" as height × width (`pad` also takes "top,left,bottom,right"). */
export function sizeFlag(flag: string, pad = false): (value: string) => number | [number, number] | [number, number, number, number] {
	return (value) => {
		const parts = value.split(pad && value.includes(',') ? ',' : /[x×]/i).map((p) => p.trim());
		const dims = parts.map(Number);
		const counts = pad ? [1, 2, 4] : [1, 2];
		if (!counts.includes(dims.length) || parts.some((p) => p === '') || dims.some((d) => !Number.isFinite(d)) || (dims.length === 4 && !value.includes(','))) {
			const forms = pad ? 'a number, HxW such as 0x3, or top,left,bottom,right such as 0,1,1,2' : 'a number, or HxW such as 1x7';
			throw new UsageError(`${flag} "${value}": expected ${forms}`);
		}
		return dims.length === 1 ? dims[0]! : (dims as [number, number] | [number, number, number, number]);
	};
}

/** Parses "227x227x3" (or 227×227×3, 227,227,3) as [H, W, C], or "9216" as [9216]. */
export function parseShapeFlag(flag: string, value: string): [number, number, number] | [number] {
	const parts = value.split(/[x×*,]/i).map((p) => p.trim());
	const dims = parts.map(Number);
	if ((dims.length !== 3 && dims.length !== 1) || parts.some((p) => p === '') || dims.some((d) => !Number.isInteger(d) || d < 1)) {
		throw new UsageError(`${flag} "${value}": expected H×W×C of positive integers, such as 227x227x3`);
	}
	return dims as [number, number, number] | [number];
}

/** Parses `--input` for a model file's dynamic dimensions: "HxW" (224x224) or "HxWxC" (224x224x3). */
export function parseImageSize(flag: string, value: string): {h: number; w: number; c?: number} {
	const parts = value.split(/[x×*,]/i).map((p) => p.trim());
	const dims = parts.map(Number);
	if ((dims.length !== 2 && dims.length !== 3) || parts.some((p) => p === '') || dims.some((d) => !Number.isSafeInteger(d) || d < 1)) {
		throw new UsageError(`${flag} "${value}": expected HxW or HxWxC of positive integers, such as 224x224 or 224x224x3`);
	}
	return dims.length === 3 ? {h: dims[0]!, w: dims[1]!, c: dims[2]!} : {h: dims[0]!, w: dims[1]!};
}
