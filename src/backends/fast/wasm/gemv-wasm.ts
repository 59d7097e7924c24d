/**
 * Fully connected layers at batch 1 in WebAssembly SIMD (gemv.wat beside this file). A batch-1 product reads each
 * weight once for one multiply, so its speed is memory's: the weights are packed once into a kernel's memory of
 * their own (rows and columns padded to 4) and stay there while they are fixed, instead of being copied and
 * transposed on every call. The bytes are gemv.wat assembled by wabt (scripts/build-gemm-wasm.mjs).
 */
const bytes =
	'AGFzbQEAAAABFANgAXsBfWAFf39/f38AYAJ/fwF9AwQDAAECBQMBAAEHFwMGbWVtb3J5AgAEZ2VtdgABA3N1bQACCtkEAxkAIAD9HwAgAP0fAZIgAP0fAiAA/R8DkpIL0AICCX8FeyAEQQJ0IQcgACEIIAIhDSADIQUCQANAIAVFDQEgCCAHaiEJIAkgB2ohCiAKIAdqIQv9DAAAAAAAAAAAAAAAAAAAAAAhD/0MAAAAAAAAAAAAAAAAAAAAACEQ/QwAAAAAAAAAAAAAAAAAAAAAIRH9DAAAAAAAAAAAAAAAAAAAAAAhEiABIQwgBCEGAkADQCAGRQ0BIAz9AAQAIQ4gDyAI/QAEACAO/eYB/eQBIQ8gECAJ/QAEACAO/eYB/eQBIRAgESAK/QAEACAO/eYB/eQBIREgEiAL/QAEACAO/eYB/eQBIRIgCEEQaiEIIAlBEGohCSAKQRBqIQogC0EQaiELIAxBEGohDCAGQQRrIQYMAAsLIA0gDxAAOAIAIA0gEBAAOAIEIA0gERAAOAIIIA0gEhAAOAIMIAshCCANQRBqIQ0gBUEEayEFDAALCwvqAQIDfwh7IAFBAnYhASAAIAFBAnRqIQIgAiABQQJ0aiEDIAMgAUECdGohBAJAA0AgAUUNASAFIAD9AAQA/eQBIQUgBiAA/QAEEP3kASEGIAcgAv0ABAD95AEhByAIIAL9AAQQ/eQBIQggCSAD/QAEAP3kASEJIAogA/0ABBD95AEhCiALIAT9AAQA/eQBIQsgDCAE/QAEEP3kASEMIABBIGohACACQSBqIQIgA0EgaiEDIARBIGohBCABQQhrIQEMAAsLIAUgBv3kASAHIAj95AH95AEgCSAK/eQBIAsgDP3kAf3kAf3kARAACw==';

type Kernel = {
	readonly memory: WebAssembly.Memory;
	readonly gemv: (w: number, x: number, y: number, rows: number, k: number) => void;
	readonly sum: (p: number, n: number) => number;
};

let module: WebAssembly.Module | null | undefined;

function compiled(): WebAssembly.Module | null {
	if (module === undefined) {
		try {
			module = new WebAssembly.Module(Buffer.from(bytes, 'base64'));
		} catch {
			module = null;
		}
	}
	return module;
}

const up = (n: number, to: number) => Math.ceil(n / to) * to;

/** A weight matrix [rows × k] held in a kernel's memory: products with it read it in place. */
export type ResidentMatrix = {
	readonly rows: number;
	readonly k: number;
	/** y[m × rows] = x[m × k]·Wᵀ, one pass over W per row of x; into `out` (m·rows floats) if given. */
	product(x: Float32Array, m: number, out?: Float32Array): Float32Array;
	/** Reads every weight once (a SIMD sum) and returns the seconds it took: the memory-speed floor of `product`. */
	timeRead(): number;
};

const resident = new WeakMap<Float32Array, ResidentMatrix>();

/**
 * The matrix `w` ([rows × k], row-major) packed into its own kernel's memory, on first use; later calls with the same
 * array return the same copy. Only for weights that do not change (a change would not be seen). Null where
 * WebAssembly SIMD is missing, or the matrix would not fit in one 32-bit memory.
 */
export function residentMatrix(w: Float32Array, rows: number, k: number): ResidentMatrix | null {
	const cached = resident.get(w);
	if (cached && cached.rows === rows && cached.k === k) return cached;
	const mod = compiled();
	const k4 = up(k, 4);
	const rows4 = up(rows, 4);
	const weights = up(rows4 * k4, 32); // floats, padded so `sum` reads whole 32-float steps
	const bytesNeeded = (weights + k4 + rows4) * 4;
	if (!mod || bytesNeeded > 2 ** 31) return null;
	const kernel = new WebAssembly.Instance(mod).exports as unknown as Kernel;
	kernel.memory.grow(Math.ceil(bytesNeeded / 65536));
	const heap = new Float32Array(kernel.memory.buffer);
	if (k4 === k) heap.set(w.subarray(0, rows * k), 0);
	else for (let r = 0; r < rows; r++) heap.set(w.subarray(r * k, (r + 1) * k), r * k4);
	const x = weights;
	const y = weights + k4;
	const matrix: ResidentMatrix = {
		rows,
		k,
		product(input, m, into) {
			const out = into ?? new Float32Array(m * rows);
			for (let i = 0; i < m; i++) {
				heap.set(input.subarray(i * k, (i + 1) * k), x);
				kernel.gemv(0, x * 4, y * 4, rows4, k4);
				out.set(heap.subarray(y, y + rows), i * rows);
			}
			return out;
		},
		timeRead() {
			const t0 = performance.now();
			kernel.sum(0, weights);
			return (performance.now() - t0) / 1000;
		},
	};
	resident.set(w, matrix);
	return matrix;
}
