import {UsageError} from '../errors.js';

/** Parses a flag's number, naming the flag when it is not one (sizes are checked by the model, which names the layer). */
export function numberFlag(flag: string): (value: string) => number {
	return (value) => {
		const n = Number(value);
		if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag} "${value}" is not a number`);
		return n;
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
