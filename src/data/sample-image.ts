import {createRandom, defaultSeed} from '../tensor/random.js';
import type {RgbImage} from './image.js';

type Rgb = readonly [number, number, number];

/**
 * The built-in input: a `size`×`size` (pixels, default 256) landscape drawn by the program — a sky gradient, a sun
 * (a disc), a house (a square under a triangle), a checkerboard flag, grass — with seeded clouds and sensor noise,
 * so the same seed always gives the same pixels and edge, colour and texture filters all have something to find.
 */
export function sampleImage(seed = defaultSeed, size = 256): RgbImage {
	const random = createRandom(seed);
	const data = new Uint8Array(size * size * 3);
	const u = size / 256; // the drawing is laid out on a 256-pixel canvas
	const clouds = Array.from({length: 3}, () => ({x: (30 + random.next() * 150) * u, y: (20 + random.next() * 50) * u, r: (14 + random.next() * 10) * u}));
	const horizon = 170 * u;
	const pixel = (x: number, y: number): Rgb => {
		// Sun: a yellow disc in the upper right.
		if ((x - 200 * u) ** 2 + (y - 50 * u) ** 2 < (26 * u) ** 2) return [255, 214, 40];
		// House: a red square wall under a dark triangular roof, with a blue window.
		if (x >= 60 * u && x < 130 * u && y >= 120 * u && y < 190 * u) {
			const window = x >= 80 * u && x < 105 * u && y >= 135 * u && y < 160 * u;
			return window ? [60, 120, 220] : [190, 40, 30];
		}
		if (y >= 80 * u && y < 120 * u && Math.abs(x - 95 * u) < (y - 80 * u) * (45 / 40)) return [70, 40, 30];
		// Flag: a black-and-white checkerboard on a pole.
		if (x >= 170 * u && x < 230 * u && y >= 100 * u && y < 140 * u) {
			const dark = (Math.floor((x - 170 * u) / (10 * u)) + Math.floor((y - 100 * u) / (10 * u))) % 2 === 0;
			return dark ? [20, 20, 20] : [240, 240, 240];
		}
		if (x >= 166 * u && x < 170 * u && y >= 100 * u && y < 200 * u) return [120, 90, 60];
		if (y >= horizon) {
			// Grass: darker towards the viewer, with stripes so there is texture.
			const shade = 150 - ((y - horizon) / (size - horizon)) * 60 + (Math.floor(x / (6 * u)) % 2) * 12;
			return [40, shade, 35];
		}
		if (clouds.some((c) => (x - c.x) ** 2 + ((y - c.y) * 1.8) ** 2 < c.r ** 2)) return [245, 245, 250];
		// Sky: light at the horizon, deeper blue at the top.
		const t = y / horizon;
		return [90 + 110 * t, 150 + 70 * t, 235 + 15 * t];
	};
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const colour = pixel(x, y);
			for (let ch = 0; ch < 3; ch++) {
				const noise = (random.next() - 0.5) * 16;
				data[(y * size + x) * 3 + ch] = Math.min(255, Math.max(0, Math.round(colour[ch]! + noise)));
			}
		}
	}
	return {width: size, height: size, data};
}
