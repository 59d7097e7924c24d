// Writes the fast backend's Winograd transforms F(2×2, r×r) for r = 3 and 5 into gemm.wat, between its
// <winograd> marks, from the matrices of src/backends/winograd-transforms.ts (the one definition both backends use):
//   node --import tsx scripts/build-winograd-wat.ts && node scripts/build-gemm-wasm.mjs
// Each transform is unrolled straight-line SIMD code over four tiles at a time, one per lane; coefficients of ±1
// become adds and subtracts, zeros vanish, the rest are multiplies by constants.
import {readFileSync, writeFileSync} from 'node:fs';
import {winograd} from '../src/backends/winograd-transforms.js';

const wat = new URL('../src/backends/fast/wasm/gemm.wat', import.meta.url);

/** Σ coef·v over the nonzero coefficients, as a WebAssembly f32x4 expression. */
function combination(coefs: readonly number[], v: (i: number) => string): string {
	let e = '';
	coefs.forEach((c, i) => {
		if (c === 0) return;
		const term = Math.abs(c) === 1 ? v(i) : `(f32x4.mul (v128.const f32x4 ${Math.abs(c)} ${Math.abs(c)} ${Math.abs(c)} ${Math.abs(c)}) ${v(i)})`;
		if (e === '') e = c < 0 ? `(f32x4.neg ${term})` : term;
		else e = `(f32x4.${c < 0 ? 'sub' : 'add'} ${e} ${term})`;
	});
	return e === '' ? '(v128.const i32x4 0 0 0 0)' : e;
}

const get = (name: string) => `(local.get $${name})`;
const evens = '0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27';
const odds = '4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31';
const low = '0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23';
const high = '8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31';

function kernels(r: number): string {
	const {alpha: a, bt, at} = winograd(2, r);
	const idx = Array.from({length: a}, (_, i) => i);
	const locals = (prefix: string, rows: number) => idx.flatMap((j) => Array.from({length: rows}, (_, i) => `(local $${prefix}${i}_${j} v128)`)).join(' ');
	const lines: string[] = [];
	lines.push(`  ;; winogradIn${a}: V[ξ][c][t] = (Bᵀ d B)[ξ] of F(2×2, ${r}×${r}) for the ${a}×${a} patch d at (2·ty, 2·tx) of each of
  ;; $planes padded planes ($hp × $wp floats at $x), tiles t = ty·$tx4 + tx ($tx4 a multiple of 4), four a step;
  ;; V's rows $vRow floats apart, its ξ blocks $vXi apart. Each lane's patch columns (stride 2 between lanes) are
  ;; the even or odd lanes of two loads.
  (func (export "winogradIn${a}") (param $x i32) (param $v i32) (param $planes i32) (param $hp i32) (param $wp i32) (param $ty i32) (param $tx4 i32) (param $vRow i32) (param $vXi i32)
    (local $c i32) (local $tyi i32) (local $txi i32) (local $base i32) (local $row i32) (local $dst i32) (local $rowBytes i32) (local $xiBytes i32)
    (local $p v128) (local $q v128)
    ${locals('x', a)}
    ${locals('t', a)}
    (local.set $rowBytes (i32.shl (local.get $wp) (i32.const 2)))
    (local.set $xiBytes (i32.shl (local.get $vXi) (i32.const 2)))
    (block $c_end (loop $cl
      (br_if $c_end (i32.ge_u (local.get $c) (local.get $planes)))
      (local.set $tyi (i32.const 0))
      (block $y_end (loop $yl
        (br_if $y_end (i32.ge_u (local.get $tyi) (local.get $ty)))
        (local.set $txi (i32.const 0))
        (block $x_end (loop $xl
          (br_if $x_end (i32.ge_u (local.get $txi) (local.get $tx4)))
          (local.set $base (i32.add (local.get $x) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $c) (local.get $hp)) (i32.shl (local.get $tyi) (i32.const 1))) (local.get $wp)) (i32.shl (local.get $txi) (i32.const 1))) (i32.const 2))))`);
	for (const i of idx) {
		lines.push(`          (local.set $row (i32.add (local.get $base) (i32.mul (i32.const ${i}) (local.get $rowBytes))))`);
		for (let j = 0; j < a; j += 2) {
			lines.push(`          (local.set $p (v128.load offset=${j * 4} (local.get $row))) (local.set $q (v128.load offset=${j * 4 + 16} (local.get $row)))`);
			lines.push(`          (local.set $x${i}_${j} (i8x16.shuffle ${evens} ${get('p')} ${get('q')})) (local.set $x${i}_${j + 1} (i8x16.shuffle ${odds} ${get('p')} ${get('q')}))`);
		}
	}
	// t = Bᵀ·x (down the patch's columns), then V = t·B (along its rows)
	for (const r0 of idx) for (const j of idx) lines.push(`          (local.set $t${r0}_${j} ${combination(bt[r0]!, (i) => get(`x${i}_${j}`))})`);
	lines.push(`          (local.set $dst (i32.add (local.get $v) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $vRow)) (i32.add (i32.mul (local.get $tyi) (local.get $tx4)) (local.get $txi))) (i32.const 2))))`);
	for (const r0 of idx) {
		for (const c0 of idx) lines.push(`          (v128.store (i32.add (local.get $dst) (i32.mul (i32.const ${r0 * a + c0}) (local.get $xiBytes))) ${combination(bt[c0]!, (j) => get(`t${r0}_${j}`))})`);
	}
	lines.push(`          (local.set $txi (i32.add (local.get $txi) (i32.const 4)))
          (br $xl)))
        (local.set $tyi (i32.add (local.get $tyi) (i32.const 1)))
        (br $yl)))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $cl))))`);
	lines.push(`  ;; winogradOut${a}: for each of $rows filters, each tile's 2×2 outputs Aᵀ M A from M[ξ][row][t] (rows $mRow floats
  ;; apart, ξ blocks $mXi apart), four tiles a step, into planes of 2·$ty rows of 2·$tx4 floats at $o (no bias, no crop:
  ;; planes does both).
  (func (export "winogradOut${a}") (param $m i32) (param $o i32) (param $rows i32) (param $ty i32) (param $tx4 i32) (param $mRow i32) (param $mXi i32)
    (local $r i32) (local $tyi i32) (local $txi i32) (local $src i32) (local $dst i32) (local $xiBytes i32) (local $wBytes i32) (local $plane i32)
    (local $y0_0 v128) (local $y0_1 v128) (local $y1_0 v128) (local $y1_1 v128)
    ${locals('m', a)}
    ${locals('s', 2)}
    (local.set $xiBytes (i32.shl (local.get $mXi) (i32.const 2)))
    (local.set $wBytes (i32.shl (local.get $tx4) (i32.const 3)))
    (local.set $plane (i32.mul (i32.shl (local.get $ty) (i32.const 1)) (local.get $wBytes)))
    (block $r_end (loop $rl
      (br_if $r_end (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $tyi (i32.const 0))
      (block $y_end (loop $yl
        (br_if $y_end (i32.ge_u (local.get $tyi) (local.get $ty)))
        (local.set $txi (i32.const 0))
        (block $x_end (loop $xl
          (br_if $x_end (i32.ge_u (local.get $txi) (local.get $tx4)))
          (local.set $src (i32.add (local.get $m) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $mRow)) (i32.add (i32.mul (local.get $tyi) (local.get $tx4)) (local.get $txi))) (i32.const 2))))`);
	for (const i of idx) for (const j of idx) lines.push(`          (local.set $m${i}_${j} (v128.load (i32.add (local.get $src) (i32.mul (i32.const ${i * a + j}) (local.get $xiBytes)))))`);
	for (const r0 of [0, 1]) for (const j of idx) lines.push(`          (local.set $s${r0}_${j} ${combination(at[r0]!, (i) => get(`m${i}_${j}`))})`);
	for (const r0 of [0, 1]) for (const c0 of [0, 1]) lines.push(`          (local.set $y${r0}_${c0} ${combination(at[c0]!, (j) => get(`s${r0}_${j}`))})`);
	lines.push(`          (local.set $dst (i32.add (local.get $o) (i32.add (i32.mul (local.get $r) (local.get $plane)) (i32.add (i32.mul (i32.shl (local.get $tyi) (i32.const 1)) (local.get $wBytes)) (i32.shl (local.get $txi) (i32.const 3))))))
          (v128.store (local.get $dst) (i8x16.shuffle ${low} ${get('y0_0')} ${get('y0_1')}))
          (v128.store offset=16 (local.get $dst) (i8x16.shuffle ${high} ${get('y0_0')} ${get('y0_1')}))
          (local.set $dst (i32.add (local.get $dst) (local.get $wBytes)))
          (v128.store (local.get $dst) (i8x16.shuffle ${low} ${get('y1_0')} ${get('y1_1')}))
          (v128.store offset=16 (local.get $dst) (i8x16.shuffle ${high} ${get('y1_0')} ${get('y1_1')}))
          (local.set $txi (i32.add (local.get $txi) (i32.const 4)))
          (br $xl)))
        (local.set $tyi (i32.add (local.get $tyi) (i32.const 1)))
        (br $yl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rl))))`);
	return lines.join('\n');
}

const source = readFileSync(wat, 'utf8');
const start = source.indexOf(';; <winograd>');
const end = source.indexOf('  ;; </winograd>');
if (start < 0 || end < start) throw new Error('gemm.wat has no <winograd> marks');
const head = source.slice(0, source.indexOf('\n', start) + 1);
writeFileSync(wat, `${head}${[3, 5].map(kernels).join('\n')}\n${source.slice(end)}`);
console.log('gemm.wat: Winograd F(2×2, 3×3) and F(2×2, 5×5) transforms written');
