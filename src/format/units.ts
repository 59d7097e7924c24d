/** 1234567 → "1,234,567". */
export function int(x: number): string {
	return Math.round(x).toLocaleString('en-US');
}

/** A count with an SI prefix: 724406816 → "724.4 M", 60965224 → "61.0 M", 1.45e9 → "1.45 G". */
export function si(x: number, digits = 3): string {
	const prefixes = ['', 'k', 'M', 'G', 'T'];
	let i = 0;
	let v = x;
	while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
		v /= 1000;
		i++;
	}
	const text = i === 0 ? String(Math.round(v)) : v.toPrecision(digits);
	return i === 0 ? text : `${text} ${prefixes[i]}`;
}

/** Bytes in binary units: 243860896 → "232.6 MiB". */
export function bytes(x: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB'];
	let i = 0;
	let v = x;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/** A share as a percentage with one decimal: 0.6193 → "61.9%". */
export function percent(part: number, whole: number): string {
	return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A shape as screens show it: [55, 55, 96] → "55×55×96", [4096] → "4096". */
export function shape(s: readonly number[]): string {
	return s.join('×');
}
