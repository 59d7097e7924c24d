// Marsaglia & Tsang's ziggurat (J. Stat. Software 5(8), 2000), 128 layers: one 32-bit draw and one compare per value
// almost always, several times faster than Box–Muller's log, sqrt and sin for AlexNet's 61 million weights.
const layers = 128;
const kn = new Float64Array(layers);
const wn = new Float64Array(layers);
const fn = new Float64Array(layers);
const edge = 3.442619855899; // where the tail starts
{
	const m1 = 2147483648;
	const vn = 9.91256303526217e-3; // the area of each layer
	let dn = edge;
	let tn = dn;
	const q = vn / Math.exp(-0.5 * dn * dn);
	kn[0] = (dn / q) * m1;
	kn[1] = 0;
	wn[0] = q / m1;
	wn[layers - 1] = dn / m1;
	fn[0] = 1;
	fn[layers - 1] = Math.exp(-0.5 * dn * dn);
	for (let i = layers - 2; i >= 1; i--) {
		dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
		kn[i + 1] = (dn / tn) * m1;
		tn = dn;
		fn[i] = Math.exp(-0.5 * dn * dn);
		wn[i] = dn / m1;
	}
}

/** Fills `out` with `std` × standard normal values, deterministically from a 32-bit `seed` (mulberry32 underneath). */
export function fillNormal(out: Float32Array, std: number, seed: number): void {
	let a = seed | 0;
	// mulberry32, inlined: a closure call per value would cost more than the ziggurat itself.
	const int32 = (): number => {
		a = (a + 0x6d2b79f5) | 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return t ^ (t >>> 14);
	};
	const uniform = (): number => ((int32() >>> 0) + 0.5) / 4294967296;
	for (let i = 0; i < out.length; i++) {
		// The fast path, with mulberry32 written out: about 99% of values end here.
		a = (a + 0x6d2b79f5) | 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		let hz = t ^ (t >>> 14);
		let iz = hz & (layers - 1);
		if (Math.abs(hz) < kn[iz]!) {
			out[i] = std * hz * wn[iz]!;
			continue;
		}
		let value: number;
		for (;;) {
			if (Math.abs(hz) < kn[iz]!) {
				value = hz * wn[iz]!;
				break;
			}
			const x = hz * wn[iz]!;
			if (iz === 0) {
				// The tail beyond `edge`, by Marsaglia's exponential rejection.
				let tx: number;
				let ty: number;
				do {
					tx = -Math.log(uniform()) / edge;
					ty = -Math.log(uniform());
				} while (ty + ty < tx * tx);
				value = hz > 0 ? edge + tx : -edge - tx;
				break;
			}
			if (fn[iz]! + uniform() * (fn[iz - 1]! - fn[iz]!) < Math.exp(-0.5 * x * x)) {
				value = x;
				break;
			}
			hz = int32();
			iz = hz & (layers - 1);
		}
		out[i] = std * value;
	}
}
