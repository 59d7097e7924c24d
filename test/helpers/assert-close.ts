import * as assert from 'uvu/assert';

/** Tolerances: an element passes when |a − e| ≤ abs + rel·|e|. */
export type Tolerance = {readonly abs: number; readonly rel?: number};

/** Asserts two arrays agree element-wise within a tolerance; on failure names the worst element, its index and both values. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, label = 'values'): void {
	assert.is(actual.length, expected.length, `${label}: length ${actual.length} ≠ ${expected.length}`);
	let worst = -1;
	let worstExcess = 0;
	for (let i = 0; i < expected.length; i++) {
		const a = actual[i]!;
		const e = expected[i]!;
		const allowed = tol.abs + (tol.rel ?? 0) * Math.abs(e);
		const excess = Number.isNaN(a) || Number.isNaN(e) ? Infinity : Math.abs(a - e) - allowed;
		if (excess > worstExcess) {
			worstExcess = excess;
			worst = i;
		}
	}
	if (worst >= 0) {
		assert.unreachable(`${label}: worst element [${worst}] is ${actual[worst]}, expected ${expected[worst]} ` + `(|Δ| = ${Math.abs(actual[worst]! - expected[worst]!)}, tolerance abs ${tol.abs}, rel ${tol.rel ?? 0})`);
	}
}
