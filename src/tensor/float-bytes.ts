// Files store float32 little-endian. On a little-endian machine (x86, ARM as Node runs them) that is the memory
// layout already, so the bytes are copied whole: element by element, AlexNet's 244 MB took seconds.
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes float32 values into `out` at byte `offset`, little-endian. */
export function writeFloat32Le(values: Float32Array, out: Uint8Array, offset: number): void {
	if (littleEndian) {
		out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
		return;
	}
	const view = new DataView(out.buffer, out.byteOffset + offset, values.length * 4);
	for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
}

/** Reads `n` little-endian float32 values from `bytes` at byte `offset` into a new array. */
export function readFloat32Le(bytes: Uint8Array, offset: number, n: number): Float32Array {
	const out = new Float32Array(n);
	if (littleEndian) {
		new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + n * 4));
		return out;
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * 4);
	for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
	return out;
}
