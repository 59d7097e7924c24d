/** A seeded pseudo-random generator (mulberry32): every random thing in the program comes from one of these. */
export type Random = {
	/** Uniform in [0, 1). */
	next(): number;
	/** Standard normal (Box–Muller). */
	normal(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
};

/** The program's default seed, so a classroom sees the same numbers twice. */
export const defaultSeed = 2012;

/** A generator from a 32-bit seed. */
export function createRandom(seed: number): Random {
	let a = seed >>> 0;
	let spare: number | undefined;
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		normal() {
			if (spare !== undefined) {
				const s = spare;
				spare = undefined;
				return s;
			}
			let u = 0;
			while (u === 0) u = next();
			const v = next();
			const r = Math.sqrt(-2 * Math.log(u));
			spare = r * Math.sin(2 * Math.PI * v);
			return r * Math.cos(2 * Math.PI * v);
		},
		int(n: number) {
			return Math.floor(next() * n);
		},
	};
}
