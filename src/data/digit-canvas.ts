/** A drawn digit: 28×28 ink values in [0, 1], row-major, light ink on dark as MNIST stores its digits. */
export type Canvas = Float32Array;

/** MNIST's side. */
export const canvasSide = 28;

/** An empty canvas. */
export function emptyCanvas(): Canvas {
	return new Float32Array(canvasSide * canvasSide);
}

/**
 * Ink at pixel (x, y) and, softer, around it (a pen about three pixels wide, as MNIST's strokes are), or, erasing,
 * the same area cleared. Returns a new canvas; off-canvas points change nothing.
 */
export function brush(canvas: Canvas, x: number, y: number, erase = false): Canvas {
	const out = new Float32Array(canvas);
	for (let dy = -1; dy <= 1; dy++) {
		for (let dx = -1; dx <= 1; dx++) {
			const px = x + dx;
			const py = y + dy;
			if (px < 0 || py < 0 || px >= canvasSide || py >= canvasSide) continue;
			const i = py * canvasSide + px;
			const strength = dx === 0 && dy === 0 ? 1 : dx === 0 || dy === 0 ? 0.6 : 0.25;
			out[i] = erase ? Math.min(out[i]!, 1 - strength) : Math.max(out[i]!, strength);
		}
	}
	return out;
}

/**
 * The drawing as MNIST prepared its digits (LeCun et al.): the ink's bounding box scaled, keeping its aspect, to fit a
 * 20×20 box (area-averaged), then placed so its centre of mass is the centre of the 28×28 field. An empty canvas
 * stays empty.
 */
export function centerDigit(canvas: Canvas): Canvas {
	let [x0, y0, x1, y1] = [canvasSide, canvasSide, -1, -1];
	for (let y = 0; y < canvasSide; y++) {
		for (let x = 0; x < canvasSide; x++) {
			if (canvas[y * canvasSide + x]! <= 0.05) continue;
			x0 = Math.min(x0, x);
			y0 = Math.min(y0, y);
			x1 = Math.max(x1, x);
			y1 = Math.max(y1, y);
		}
	}
	const out = emptyCanvas();
	if (x1 < 0) return out;
	const w = x1 - x0 + 1;
	const h = y1 - y0 + 1;
	const scale = 20 / Math.max(w, h);
	const sw = Math.max(1, Math.round(w * scale));
	const sh = Math.max(1, Math.round(h * scale));
	// Area-average (or nearest-sample, when enlarging) the box into sw×sh.
	const box = new Float32Array(sw * sh);
	for (let r = 0; r < sh; r++) {
		const ya = y0 + (r * h) / sh;
		const yb = y0 + ((r + 1) * h) / sh;
		for (let c = 0; c < sw; c++) {
			const xa = x0 + (c * w) / sw;
			const xb = x0 + ((c + 1) * w) / sw;
			let sum = 0;
			let n = 0;
			for (let y = Math.floor(ya); y < Math.max(Math.floor(ya) + 1, Math.ceil(yb)); y++) {
				for (let x = Math.floor(xa); x < Math.max(Math.floor(xa) + 1, Math.ceil(xb)); x++) {
					sum += canvas[y * canvasSide + x]!;
					n++;
				}
			}
			box[r * sw + c] = sum / n;
		}
	}
	let mass = 0;
	let mx = 0;
	let my = 0;
	for (let r = 0; r < sh; r++) {
		for (let c = 0; c < sw; c++) {
			const v = box[r * sw + c]!;
			mass += v;
			mx += v * c;
			my += v * r;
		}
	}
	const left = Math.round(canvasSide / 2 - (mass > 0 ? mx / mass : sw / 2) - 0.5);
	const top = Math.round(canvasSide / 2 - (mass > 0 ? my / mass : sh / 2) - 0.5);
	for (let r = 0; r < sh; r++) {
		for (let c = 0; c < sw; c++) {
			const x = left + c;
			const y = top + r;
			if (x >= 0 && y >= 0 && x < canvasSide && y < canvasSide) out[y * canvasSide + x] = box[r * sw + c]!;
		}
	}
	return out;
}
