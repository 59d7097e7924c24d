import {createRequire} from 'node:module';

/**
 * Three fixes to gpu.js 2.24's WebAssembly code generator (`WebAssemblyFunctionNode`), applied to its prototype
 * when gpu.js loads, each written to be offered upstream as a change to the method it wraps.
 *
 * 1. Integer loop counters. `for (let k = 0; k < n; k++)` types k as Integer in gpu.js's tracer, but the first
 *    walk over the kernel caches the literal 0 as an Integer, and every later walk then sees an int-typed
 *    initializer and "decays" the declaration to f32 (the WebGL backend's rule for `let a = 1 + 2`). So every
 *    counter is a float, and every array index built from one pays a float-to-int conversion. Here a counter
 *    that starts at an integer literal, counts with `++`, and is not written in the loop's body is declared
 *    i32 in every walk: the values are the same integers (below 2^24, where f32 counts exactly), and the scalar
 *    and SIMD walks still agree.
 *
 * 2. Contiguous SIMD reads. `kernel_simd` runs 4 neighbouring x cells as the lanes of one v128. A read whose
 *    index varies from lane to lane is emitted as a gather: a vector index, clamped, then 4 scalar loads and 3
 *    lane inserts. When the index's x part is `U + this.thread.x` (or `this.thread.x` alone) with U an integer
 *    the same for all lanes, and its y and z parts are the same for all lanes too, the 4 lanes read 4
 *    consecutive floats: this fix emits lane 0's index in scalar code and one `v128.load`, and keeps the
 *    clamped gather for a quad whose 4 floats would run past the array's end (where the gather's clamp decides
 *    lane by lane). The floats read are the gather's, so results stay bit-identical to gpu.js's scalar `run()`.
 *
 * 3. Thread coordinates in locals. `kernel_simd` reads thread.x, y and z from mutable globals at every use, and
 *    V8 reloads a global at every read; with no helper functions (which set thread.x lane by lane) nothing
 *    writes them during the call, so they are read once into locals at its entry.
 *
 * Together they let a kernel whose lanes walk along a row (the WebAssembly fc kernel in `fc.ts`) stream it, and
 * every kernel with a counted loop skips a float-to-int conversion per index.
 */

type Ast = {
	readonly type: string;
	readonly operator?: string;
	readonly left?: Ast;
	readonly right?: Ast;
	readonly object?: Ast;
	readonly property?: Ast;
	readonly name?: string;
	readonly value?: unknown;
	readonly argument?: Ast;
	readonly init?: Ast;
	readonly id?: Ast;
	readonly declarations?: readonly Ast[];
	readonly test?: Ast;
	readonly update?: Ast;
	readonly body?: Ast;
};

/** The members of gpu.js's (untyped) WebAssembly function node and its emitter that the fix uses. */
type Emitter = {
	addLocal(type: 'i32'): number;
	globalGet(index: number): Emitter;
	localGet(index: number): Emitter;
	localTee(index: number): Emitter;
	localSet(index: number): Emitter;
	i32Const(value: number): Emitter;
	i32Add(): Emitter;
	i32Mul(): Emitter;
	i32Shl(): Emitter;
	i32LeU(): Emitter;
	v128Load(offset: number, align: number): Emitter;
	else_(): Emitter;
};
type Layout = {readonly offset: number; readonly dims: readonly number[]; readonly flatLength: number};
type Assembler = {
	readonly layout: Record<string, Record<string, Layout | undefined>>;
	readonly globals: {readonly threadX: number; readonly threadY?: number; readonly threadZ?: number};
	readonly helperInfo?: unknown;
	readonly module: {addFunction(name: string, signature: unknown): Emitter};
};
type FunctionNode = {
	em: Emitter;
	assembler: Assembler;
	vInfo: {exprVarying(ast: Ast): boolean};
	readsThread: boolean;
	getType(ast: Ast): string;
	emitIndex(ast: Ast): void;
	enterIf(type: 'v128'): void;
	exit(): void;
	literalTypes: Record<string, string>;
	astKey(ast: Ast): string;
	vGather: Gather;
	stmtFor: ForStatement;
	vstmtFor: ForStatement;
	emitVectorFunction(assembler: Assembler): unknown;
};
type ForStatement = ((this: FunctionNode, node: Ast) => unknown) & {integerCounter?: true};
type Gather = ((this: FunctionNode, table: string, name: string, x: Ast, y?: Ast, z?: Ast, node?: Ast) => string) & {contiguous?: true};

const isThreadX = (ast: Ast | undefined): boolean =>
	ast?.type === 'MemberExpression' && ast.property?.name === 'x' && ast.object?.type === 'MemberExpression' && ast.object.property?.name === 'thread' && ast.object.object?.type === 'ThisExpression';

/** Whether gpu.js types `ast` as an integer (an i32 in its WebAssembly code). */
function integerTyped(node: FunctionNode, ast: Ast): boolean {
	const type = node.getType(ast);
	return type === 'Integer' || type === 'LiteralInteger';
}

/**
 * The lane-uniform part U of an x index `U + this.thread.x` or `this.thread.x + U`; null for a bare `this.thread.x`;
 * undefined where the index is not of that form or U is not an integer the same in every lane.
 */
function uniformPart(node: FunctionNode, x: Ast): Ast | null | undefined {
	if (isThreadX(x)) return null;
	if (x.type !== 'BinaryExpression' || x.operator !== '+' || !x.left || !x.right) return undefined;
	const u = isThreadX(x.right) ? x.left : isThreadX(x.left) ? x.right : undefined;
	return u && !node.vInfo.exprVarying(u) && integerTyped(node, u) ? u : undefined;
}

/** U as V + c, c a non-negative integer literal no greater than `most` (0 where U has none), V an integer or absent. */
function splitConstant(node: FunctionNode, u: Ast | null, most: number): {rest: Ast | null; c: number} {
	const literal = (ast: Ast | undefined): number | undefined => (ast?.type === 'Literal' && Number.isInteger(ast.value) && (ast.value as number) >= 0 && (ast.value as number) <= most ? (ast.value as number) : undefined);
	const whole = literal(u ?? undefined);
	if (whole !== undefined) return {rest: null, c: whole};
	const c = u?.type === 'BinaryExpression' && u.operator === '+' && u.left ? literal(u.right) : undefined;
	return c !== undefined && u?.left && integerTyped(node, u.left) ? {rest: u.left, c} : {rest: u, c: 0};
}

/** Whether `ast` (a loop's body) assigns to or counts the variable `name` anywhere. */
function writes(ast: unknown, name: string): boolean {
	if (!ast || typeof ast !== 'object') return false;
	if (Array.isArray(ast)) return ast.some((a) => writes(a, name));
	const node = ast as Ast;
	if (node.type === 'AssignmentExpression' && node.left?.type === 'Identifier' && node.left.name === name) return true;
	if (node.type === 'UpdateExpression' && node.argument?.type === 'Identifier' && node.argument.name === name) return true;
	for (const [key, child] of Object.entries(node)) {
		if (key !== 'loc' && key !== 'parent' && child && typeof child === 'object' && writes(child, name)) return true;
	}
	return false;
}

/** The literal that starts `for (let k = <integer>; …; k++)` when k is not written in the body; undefined otherwise. */
function counterStart(loop: Ast): Ast | undefined {
	const [declaration, more] = loop.init?.declarations ?? [];
	const name = declaration?.id?.name;
	const init = declaration?.init;
	if (!name || more || init?.type !== 'Literal' || !Number.isInteger(init.value)) return undefined;
	const update = loop.update;
	if (update?.type !== 'UpdateExpression' || update.operator !== '++' || update.argument?.name !== name) return undefined;
	return writes(loop.body, name) ? undefined : init;
}

/** The gpu.js versions whose code generator these fixes were written against and checked on. */
const fixedVersions = /^2\.24\./;

/**
 * Installs the fixes once; false where gpu.js is another version than they were written for (its internals may
 * differ, and the package range allows a newer 2.x): it then runs as it is, slower but unchanged.
 */
export function fixWasmCodegen(): boolean {
	let proto: FunctionNode | undefined;
	try {
		const require = createRequire(import.meta.url);
		const {version} = require('gpu.js/package.json') as {version: string};
		if (!fixedVersions.test(version)) return false;
		proto = (require('gpu.js/src/backend/web-assembly/function-node.js') as {WebAssemblyFunctionNode?: {prototype: FunctionNode}}).WebAssemblyFunctionNode?.prototype;
	} catch {
		return false;
	}
	if (!proto || typeof proto.vGather !== 'function') return false;
	if (proto.vGather.contiguous) return true;
	const gather = proto.vGather;
	const contiguous: Gather = function (this: FunctionNode, table, name, x, y, z, node) {
		const layout = this.assembler.layout[table]?.[name];
		const u = layout && layout.flatLength >= 4 ? uniformPart(this, x) : undefined;
		if (!layout || u === undefined || (y && this.vInfo.exprVarying(y)) || (z && this.vInfo.exprVarying(z))) return gather.call(this, table, name, x, y, z, node);
		const em = this.em;
		const [d0 = 1, d1 = 1] = layout.dims;
		// U = V + c with c a literal: c goes into the load's offset, so reads at V + 0, V + 4, … share one index
		const {rest, c} = splitConstant(this, u, layout.flatLength - 4);
		this.readsThread = true;
		// lane 0's flat index less c, x + d0·(y + d1·z) - c, as the scalar walk computes it
		if (rest) this.emitIndex(rest);
		em.globalGet(this.assembler.globals.threadX);
		if (rest) em.i32Add();
		if (y) {
			this.emitIndex(y);
			em.i32Const(d0).i32Mul().i32Add();
		}
		if (z) {
			this.emitIndex(z);
			em.i32Const(d0 * d1)
				.i32Mul()
				.i32Add();
		}
		const first = em.addLocal('i32');
		// unsigned: a negative index fails too and goes to the clamped gather
		em.localTee(first)
			.i32Const(layout.flatLength - 4 - c)
			.i32LeU();
		this.enterIf('v128');
		em.localGet(first)
			.i32Const(2)
			.i32Shl()
			.v128Load(layout.offset + 4 * c, 2);
		em.else_();
		gather.call(this, table, name, x, y, z, node);
		this.exit();
		return 'vf32';
	};
	contiguous.contiguous = true;
	proto.vGather = contiguous;

	const emitVector = proto.emitVectorFunction;
	if (typeof emitVector === 'function') {
		proto.emitVectorFunction = function (this: FunctionNode, assembler: Assembler) {
			const {module, globals} = assembler;
			const threads = [globals.threadX, globals.threadY, globals.threadZ];
			// with no helper calls (which set thread.x lane by lane), nothing writes the thread globals in kernel_simd
			if (assembler.helperInfo || threads.some((g) => g === undefined)) return emitVector.call(this, assembler);
			const addFunction = module.addFunction;
			module.addFunction = function (this: unknown, name: string, signature: unknown) {
				const em = addFunction.call(this, name, signature);
				if (name !== 'kernel_simd') return em;
				const cached = new Map(threads.map((g) => [g as number, em.addLocal('i32')]));
				for (const [g, local] of cached) em.globalGet(g).localSet(local);
				const globalGet = em.globalGet;
				em.globalGet = (g: number) => {
					const local = cached.get(g);
					return local === undefined ? globalGet.call(em, g) : em.localGet(local);
				};
				return em;
			};
			try {
				return emitVector.call(this, assembler);
			} finally {
				module.addFunction = addFunction;
			}
		};
	}

	for (const method of ['stmtFor', 'vstmtFor'] as const) {
		const walk = proto[method];
		if (typeof walk !== 'function' || walk.integerCounter) continue;
		const integerCounter: ForStatement = function (this: FunctionNode, loop) {
			// forget the first walk's cached type of the start literal, so the counter is declared Integer again
			const start = counterStart(loop);
			if (start) delete this.literalTypes[this.astKey(start)];
			return walk.call(this, loop);
		};
		integerCounter.integerCounter = true;
		proto[method] = integerCounter;
	}
	return true;
}
