import {brush, type Canvas, canvasSide, emptyCanvas} from '../../data/digit-canvas.js';

/** The drawing pad: the canvas, the key cursor (a pixel), and what the pen does when the cursor moves. */
export type DrawState = {
	readonly canvas: Canvas;
	readonly cursor: {readonly x: number; readonly y: number};
	/** up: moving draws nothing; ink: moving draws; erase: moving clears. */
	readonly pen: 'up' | 'ink' | 'erase';
	readonly quit: boolean;
};

/** What changes the pad: keys (move, pen, clear), the mouse (a point inked or erased), a loaded digit, quitting. */
export type DrawAction =
	| {readonly type: 'move'; readonly dx: number; readonly dy: number}
	| {readonly type: 'pen'; readonly pen: DrawState['pen']}
	| {readonly type: 'point'; readonly x: number; readonly y: number; readonly erase: boolean}
	| {readonly type: 'clear'}
	| {readonly type: 'load'; readonly canvas: Canvas}
	/** Asks for a real test digit (the app has them; the reducer does not). */
	| {readonly type: 'sample'}
	| {readonly type: 'quit'};

export const initialDrawState: DrawState = {canvas: emptyCanvas(), cursor: {x: 14, y: 14}, pen: 'up', quit: false};

const clamp = (v: number) => Math.max(0, Math.min(canvasSide - 1, v));

/** The pad's reducer: pure, so keys and mouse are tested without a terminal. */
export function drawReducer(state: DrawState, action: DrawAction): DrawState {
	switch (action.type) {
		case 'move': {
			const cursor = {x: clamp(state.cursor.x + action.dx), y: clamp(state.cursor.y + action.dy)};
			const canvas = state.pen === 'up' ? state.canvas : brush(state.canvas, cursor.x, cursor.y, state.pen === 'erase');
			return {...state, cursor, canvas};
		}
		case 'pen': {
			const pen = state.pen === action.pen ? 'up' : action.pen;
			// Putting the pen down marks where it is.
			const canvas = pen === 'up' ? state.canvas : brush(state.canvas, state.cursor.x, state.cursor.y, pen === 'erase');
			return {...state, pen, canvas};
		}
		case 'point':
			if (action.x < 0 || action.y < 0 || action.x >= canvasSide || action.y >= canvasSide) return state;
			return {...state, cursor: {x: action.x, y: action.y}, canvas: brush(state.canvas, action.x, action.y, action.erase)};
		case 'clear':
			return {...state, canvas: emptyCanvas(), pen: 'up'};
		case 'load':
			return {...state, canvas: new Float32Array(action.canvas), pen: 'up'};
		case 'sample':
			return state;
		case 'quit':
			return {...state, quit: true};
	}
}

/** The escape character, which starts mouse reports and arrow keys. */
const esc = '\u001b';

/** Where the canvas sits on screen: its first row (1-based, below the title) and column; each pixel is 2 columns wide and half a row tall. */
export const canvasOrigin = {row: 2, column: 3} as const;

/**
 * Everything one read from the terminal holds, as pad actions: SGR mouse reports (left button inks, right erases, a
 * drag keeps going; each terminal cell is two pixel rows, both inked), arrows or h j k l to move, space the pen, e the
 * eraser, c clear, t a real test digit, q Esc Ctrl-C quit.
 */
export function drawInput(data: string): DrawAction[] {
	const actions: DrawAction[] = [];
	const re = new RegExp(`${esc}\\[<(\\d+);(\\d+);(\\d+)([Mm])|${esc}\\[([ABCD])|${esc}|[^${esc}]`, 'g');
	for (const m of data.matchAll(re)) {
		if (m[1] !== undefined) {
			const button = Number(m[1]);
			if (m[4] === 'm' || button >= 64) continue; // releases and the wheel draw nothing
			const base = button & 3;
			if (base !== 0 && base !== 2) continue;
			const x = Math.floor((Number(m[2]) - canvasOrigin.column) / 2);
			const row = Number(m[3]) - canvasOrigin.row;
			if (row < 0 || Number(m[2]) < canvasOrigin.column) continue;
			for (const y of [2 * row, 2 * row + 1]) actions.push({type: 'point', x, y, erase: base === 2});
			continue;
		}
		if (m[5] !== undefined) {
			const [dx, dy] = {A: [0, -1], B: [0, 1], C: [1, 0], D: [-1, 0]}[m[5] as 'A' | 'B' | 'C' | 'D']!;
			actions.push({type: 'move', dx: dx!, dy: dy!});
			continue;
		}
		const ch = m[0];
		if (ch === 'q' || ch === '\u0003' || ch === '\u001b') actions.push({type: 'quit'});
		else if (ch === ' ') actions.push({type: 'pen', pen: 'ink'});
		else if (ch === 'e') actions.push({type: 'pen', pen: 'erase'});
		else if (ch === 'c') actions.push({type: 'clear'});
		else if (ch === 'h') actions.push({type: 'move', dx: -1, dy: 0});
		else if (ch === 'l') actions.push({type: 'move', dx: 1, dy: 0});
		else if (ch === 'k') actions.push({type: 'move', dx: 0, dy: -1});
		else if (ch === 'j') actions.push({type: 'move', dx: 0, dy: 1});
		else if (ch === 't') actions.push({type: 'sample'});
	}
	return actions;
}
