/**
 * The fixes to gpu.js's WebAssembly code generator (integer loop counters, contiguous SIMD reads, thread
 * coordinates in locals, which every SIMD kernel here goes through): kernels at
 * the edges of each fix give what gpu.js's WebAssembly semantics give (an index clamped into the array, lane by
 * lane, floats truncated to indices), computed here in plain JavaScript, and the fast path is emitted where it
 * applies and only there.
 */
import {createRequire} from 'node:module';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadGpujs} from '../../../src/backends/gpujs/gpujs-module.js';
import {fixWasmCodegen} from '../../../src/backends/gpujs/wasm-codegen-fixes.js';

const gpujs = await loadGpujs();
const gpu = new gpujs.GPU({mode: 'webasm'});
const require = createRequire(import.meta.url);
const emitter = (require('gpu.js/src/backend/web-assembly/wasm-builder.js') as {WasmFunctionEmitter: {prototype: Record<string, (...args: unknown[]) => unknown>}}).WasmFunctionEmitter.prototype;

/** Runs `source` on webasm over `a` (sized [width, rows]) and counts the contiguous vector loads its build emitted. */
function run(source: string, a: Float32Array, size: [number, number], output: number[]): {values: number[]; loads: number} {
	const load = emitter.v128Load!;
	let loads = 0;
	emitter.v128Load = function (this: unknown, ...args: unknown[]) {
		loads++;
		return load.apply(this, args);
	};
	try {
		const kernel = gpu.createKernel(source as unknown as () => number, {output, strictIntegers: true});
		const result = kernel(gpujs.input(a, size)) as Float32Array | Float32Array[];
		const values = Array.isArray(result) ? result.flatMap((row) => Array.from(row)) : Array.from(result);
		kernel.destroy();
		return {values, loads};
	} finally {
		emitter.v128Load = load;
	}
}

const ramp = (n: number) => Float32Array.from({length: n}, (_, i) => i * 3 + 1);
/** gpu.js's WebAssembly read: the flat index clamped into the array. */
const at = (a: Float32Array, i: number) => a[Math.min(Math.max(Math.trunc(i), 0), a.length - 1)]!;

test('the fixes install on this gpu.js', () => {
	assert.is(fixWasmCodegen(), true);
});

test('a row read at U + thread.x is one vector load; the last quad past the end still reads clamped lanes', () => {
	const a = ramp(10);
	const {values, loads} = run('function (a) { return a[0][this.thread.x]; }', a, [10, 1], [12]);
	assert.equal(
		values,
		Array.from({length: 12}, (_, x) => at(a, x)),
	);
	assert.ok(loads > 0, 'no contiguous load was emitted');
});

test('a loop counter in the index: rows spill into the next as the flat index does, a negative start is clamped', () => {
	const a = ramp(48);
	const source = `function (a) {
  let s = 0.0;
  for (let k = 0; k < 4; k++) {
    s += a[this.thread.y][k * 4 - 2 + this.thread.x] * (k + 1);
    s += a[this.thread.y][k * 4 + 1 + this.thread.x];
  }
  return s;
}`;
	const {values, loads} = run(source, a, [16, 3], [4, 3]);
	const expected: number[] = [];
	for (let y = 0; y < 3; y++) {
		for (let x = 0; x < 4; x++) {
			let s = 0;
			for (let k = 0; k < 4; k++) s = Math.fround(Math.fround(s + Math.fround(at(a, y * 16 + k * 4 - 2 + x) * (k + 1))) + at(a, y * 16 + k * 4 + 1 + x));
			expected.push(s);
		}
	}
	assert.equal(values, expected);
	assert.ok(loads > 0, 'no contiguous load was emitted');
});

test('a fractional lane-uniform part keeps the gather (truncation is per lane)', () => {
	const a = ramp(16);
	const {values, loads} = run('function (a) { return a[0][this.thread.x + 0.5 * this.thread.y]; }', a, [16, 1], [4, 3]);
	const expected: number[] = [];
	for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) expected.push(at(a, Math.fround(x + 0.5 * y)));
	assert.equal(values, expected);
	assert.is(loads, 0, 'a contiguous load was emitted for a fractional index');
});

test('a counter the body writes stays as gpu.js has it; an integer counter in float arithmetic gives the same floats', () => {
	const a = ramp(16);
	const written = run('function (a) { let s = 0.0; for (let k = 0; k < 6; k++) { s += a[0][k + this.thread.x]; k += 1; } return s; }', a, [16, 1], [4]);
	assert.equal(
		written.values,
		[0, 1, 2, 3].map((x) => at(a, x) + at(a, x + 2) + at(a, x + 4)),
	);
	const mixed = run('function (a) { let s = 0.0; for (let k = 0; k < 7; k++) { s += k * 0.5 + k / 3 + k % 4 + a[0][k]; } return s; }', a, [16, 1], [4]);
	let s = 0;
	for (let k = 0; k < 7; k++) s = Math.fround(s + Math.fround(Math.fround(Math.fround(k * 0.5) + Math.fround(k / 3)) + (k % 4)) + at(a, k));
	assert.equal(mixed.values, [s, s, s, s]);
});

test('a width that is no multiple of 4 runs gpu.js scalar code and agrees', () => {
	const a = ramp(21);
	// (gpu.js's scalar code does not clamp, so every read here stays inside the array)
	const {values} = run('function (a) { let s = 0.0; for (let k = 0; k < 2; k++) { s += a[this.thread.y][k * 2 + this.thread.x]; } return s; }', a, [7, 3], [5, 3]);
	const expected: number[] = [];
	for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) expected.push(a[y * 7 + x]! + a[y * 7 + 2 + x]!);
	assert.equal(values, expected);
});

test.after(() => {
	gpu.destroy();
});

test.run();
