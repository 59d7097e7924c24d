import {type AxisWindow, windowOut} from './shapes.js';

/** The widest row a picture draws (pixels plus padding plus overhang); wider rows are for the formula, not a picture. */
export const maxPictureCells = 40;

/**
 * A 1-D picture of a window sliding along one row of pixels, one text line per window: which pixels each window reads,
 * the padding, the pixels no window reaches (what the floor drops) and, when the size is rounded up, the cells the last
 * window hangs past the edge. The count of windows is the model's (`windowOut`), so the picture and the formula agree.
 *
 *   pixel     · 0 1 2 3 4 5 6 ·
 *   window 1  ■ ■ ■
 *   window 2      ■ ■ ■
 *
 * Given `fit` (cells), a row wider than that draws its last `fit` cells only (the header names the first pixel drawn).
 */
export function windowRow(a: AxisWindow, layer = 'row', fit?: number): string[] {
	const out = windowOut(a, layer);
	const span = a.d * (a.k - 1) + 1;
	const end = Math.max(a.n + a.p2, (out - 1) * a.s + span - a.p1); // one past the last cell drawn, in input coordinates
	const cells = end + a.p1;
	const limit = Math.max(4, fit ?? maxPictureCells);
	if (cells > limit && fit === undefined) throw new RangeError(`a row of ${cells} cells is too wide to draw (at most ${maxPictureCells})`);
	// Given `fit`, a row wider than that shows its last cells: where the stride, the padding and the rounding meet the edge.
	const first = cells > limit ? end - limit : -a.p1;
	const read = new Set<number>();
	const label = (text: string) => text.padEnd(11);
	const kind = (x: number) => (x < 0 || (x >= a.n && x < a.n + a.p2) ? 'pad' : x >= a.n ? 'over' : 'pixel');
	const rows: string[] = [];
	for (let w = 0; w < out; w++) {
		const start = w * a.s - a.p1;
		if (start + span <= first) {
			// A window before the drawn cells still reads its pixels (so none of them counts as dropped).
			for (let x = start; x < start + span; x += a.d) read.add(x);
			continue;
		}
		let line = '';
		for (let x = first; x < end; x++) {
			const inside = x >= start && x < start + span && (x - start) % a.d === 0;
			if (inside) read.add(x);
			line += inside ? '■ ' : '  ';
		}
		rows.push(label(`window ${w + 1}`) + line.trimEnd());
	}
	let header = '';
	let dropped = '';
	const seen = new Set<string>();
	for (let x = first; x < end; x++) {
		const k = kind(x);
		header += k === 'pad' ? '· ' : k === 'over' ? '○ ' : `${x % 10} `;
		const lost = k === 'pixel' && !read.has(x);
		dropped += lost ? '× ' : '  ';
		seen.add(lost ? 'lost' : k);
	}
	const legend = ['■ read', seen.has('pad') ? '· padding (zeros)' : '', seen.has('lost') ? '× never read' : '', seen.has('over') ? '○ past the edge (read as zeros)' : ''].filter(Boolean);
	const shown = first > -a.p1 ? `pixel ${first}…` : 'pixel';
	return [label(shown) + header.trimEnd(), ...rows, ...(seen.has('lost') ? [label('dropped') + dropped.trimEnd()] : []), label('') + legend.join('   ')].map((l) => l.trimEnd());
}
