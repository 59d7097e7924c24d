/**
 * Winograd's minimal filtering F(m×m, r×r) (Lavin & Gray 2015, "Fast Algorithms for Convolutional Neural
 * Networks"): Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A computes an m×m output tile of a stride-1 r×r correlation with
 * α² = (m + r − 1)² multiplies instead of m²r². The matrices come from the Toom–Cook construction at the
 * points 0, ±1, ½, −2, 2, −½… and ∞; the transforms run on the host in float64 as unrolled JavaScript.
 */

/** The three transform matrices of F(m, r) and the tile size α = m + r − 1. */
export type Winograd = {readonly m: number; readonly r: number; readonly alpha: number; readonly at: number[][]; readonly g: number[][]; readonly bt: number[][]};

/**
 * Finite interpolation points, in the order they are taken. Small integers and their reciprocals keep the
 * transforms well conditioned; for five points {0, ±1, ½, −2} rather than Lavin's {0, ±1, ±2} (as Barabasz
 * et al. 2020 found) cut F(4×4, 3×3)'s worst error on the real conv3 from 9.2e-4 to 2.7e-4.
 */
const points = [0, 1, -1, 0.5, -2, 2, -0.5, 3, -3, 1 / 3, -1 / 3];

/** Coefficients (lowest power first) of Π (x − p) over `roots`. */
function polyFromRoots(roots: number[]): number[] {
	let c = [1];
	for (const p of roots) {
		const next = new Array<number>(c.length + 1).fill(0);
		for (let i = 0; i < c.length; i++) {
			next[i + 1]! += c[i]!;
			next[i]! -= p * c[i]!;
		}
		c = next;
	}
	return c;
}

/**
 * The Toom–Cook matrices of F(m, r): the linear-convolution algorithm s = B[(G g) ⊙ (A u)] evaluates at
 * α − 1 points and ∞ and interpolates; its transpose is the correlation y = Aᵀ[(G g) ⊙ (Bᵀ d)].
 */
export function winograd(m: number, r: number): Winograd {
	const alpha = m + r - 1;
	const p = points.slice(0, alpha - 1);
	if (p.length < alpha - 1) throw new RangeError(`winograd: F(${m}, ${r}) needs more points than are listed`);
	const f = p.map((pj, j) => p.reduce((acc, pl, l) => (l === j ? acc : acc * (pj - pl)), 1));
	const at: number[][] = [];
	for (let i = 0; i < m; i++) at.push([...p.map((pj) => pj ** i), i === m - 1 ? 1 : 0]);
	const g: number[][] = p.map((pj, j) => Array.from({length: r}, (_, k) => pj ** k / f[j]!));
	g.push(Array.from({length: r}, (_, k) => (k === r - 1 ? 1 : 0)));
	const bt: number[][] = p.map((_, j) => [...polyFromRoots(p.filter((_, l) => l !== j)), 0]);
	bt.push(polyFromRoots(p));
	return {m, r, alpha, at, g, bt};
}

/**
 * Y = L·X·Lᵀ with X K×K read at src[off + i·rs + j·cs] and Y P×P written to dst[doff + a·drs + b·dcs].
 * A transform is about a hundred multiplies; compiling it as straight-line code with the zeros and
 * ones of L folded in is what keeps the host's share small.
 */
export type Transform2d = (src: ArrayLike<number>, off: number, rs: number, cs: number, dst: Float32Array | Float64Array, doff: number, drs: number, dcs: number) => void;

function term(coef: number, v: string): string {
	if (coef === 1) return ` + ${v}`;
	if (coef === -1) return ` - ${v}`;
	return ` + ${coef} * ${v}`;
}

/** Compiles Y = L·X·Lᵀ for the P×K matrix L. */
export function compileTransform(l: number[][]): Transform2d {
	const pN = l.length;
	const k = l[0]!.length;
	let code = '';
	for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) code += `const x${i}_${j} = src[off + ${i} * rs + ${j} * cs];\n`;
	for (let a = 0; a < pN; a++) {
		for (let j = 0; j < k; j++) {
			let e = '';
			for (let i = 0; i < k; i++) if (l[a]![i] !== 0) e += term(l[a]![i]!, `x${i}_${j}`);
			code += `const t${a}_${j} = 0${e};\n`;
		}
	}
	for (let a = 0; a < pN; a++) {
		for (let b = 0; b < pN; b++) {
			let e = '';
			for (let j = 0; j < k; j++) if (l[b]![j] !== 0) e += term(l[b]![j]!, `t${a}_${j}`);
			code += `dst[doff + ${a} * drs + ${b} * dcs] = 0${e};\n`;
		}
	}
	return new Function('src', 'off', 'rs', 'cs', 'dst', 'doff', 'drs', 'dcs', code) as Transform2d;
}
