import type {Random} from '../tensor/random.js';
import type {RgbImage} from './image.js';

/** The `size`×`size` window whose top-left corner is (left, top). */
export function cropAt(image: RgbImage, left: number, top: number, size: number): RgbImage {
	const data = new Uint8Array(size * size * 3);
	for (let y = 0; y < size; y++) {
		const from = ((top + y) * image.width + left) * 3;
		data.set(image.data.subarray(from, from + size * 3), y * size * 3);
	}
	return {width: size, height: size, data};
}

/** A random `size`×`size` crop (paper §4.1: random patches of the 256×256 image), and where it was taken. */
export function randomCrop(image: RgbImage, size: number, random: Random): {image: RgbImage; left: number; top: number} {
	const left = random.int(image.width - size + 1);
	const top = random.int(image.height - size + 1);
	return {image: cropAt(image, left, top, size), left, top};
}

/** The mirror image, left to right. */
export function flipHorizontal(image: RgbImage): RgbImage {
	const {width, height} = image;
	const data = new Uint8Array(image.data.length);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const from = (y * width + (width - 1 - x)) * 3;
			data.set(image.data.subarray(from, from + 3), (y * width + x) * 3);
		}
	}
	return {width, height, data};
}

/** Principal components of an image's RGB values (0–1 scale): eigenvalues, largest first, and unit eigenvectors (columns). */
export function rgbPrincipalComponents(image: RgbImage): {values: number[]; vectors: number[][]} {
	const n = image.width * image.height;
	const mean = [0, 0, 0];
	for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) mean[c]! += image.data[i * 3 + c]! / 255 / n;
	const cov = [0, 1, 2].map(() => [0, 0, 0]);
	for (let i = 0; i < n; i++) {
		for (let a = 0; a < 3; a++) {
			for (let b = 0; b < 3; b++) cov[a]![b]! += ((image.data[i * 3 + a]! / 255 - mean[a]!) * (image.data[i * 3 + b]! / 255 - mean[b]!)) / n;
		}
	}
	return jacobiEigen(cov);
}

// Cyclic Jacobi rotations: exact enough for a symmetric 3×3 matrix in a few sweeps.
function jacobiEigen(m: number[][]): {values: number[]; vectors: number[][]} {
	const a = m.map((r) => [...r]);
	const v = [0, 1, 2].map((i) => [0, 1, 2].map((j): number => (i === j ? 1 : 0)));
	for (let sweep = 0; sweep < 50; sweep++) {
		for (const [p, q] of [
			[0, 1],
			[0, 2],
			[1, 2],
		] as const) {
			if (Math.abs(a[p]![q]!) < 1e-15) continue;
			const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
			const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
			const c = 1 / Math.sqrt(t * t + 1);
			const s = t * c;
			for (let k = 0; k < 3; k++) {
				const akp = a[k]![p]!;
				const akq = a[k]![q]!;
				a[k]![p] = c * akp - s * akq;
				a[k]![q] = s * akp + c * akq;
			}
			for (let k = 0; k < 3; k++) {
				const apk = a[p]![k]!;
				const aqk = a[q]![k]!;
				a[p]![k] = c * apk - s * aqk;
				a[q]![k] = s * apk + c * aqk;
			}
			for (let k = 0; k < 3; k++) {
				const vkp = v[k]![p]!;
				const vkq = v[k]![q]!;
				v[k]![p] = c * vkp - s * vkq;
				v[k]![q] = s * vkp + c * vkq;
			}
		}
	}
	const order = [0, 1, 2].sort((i, j) => a[j]![j]! - a[i]![i]!);
	return {values: order.map((i) => a[i]![i]!), vectors: v.map((row) => order.map((i) => row[i]!))};
}

/**
 * The paper's colour augmentation (§4.1): adds [p1 p2 p3]·[α1λ1 α2λ2 α3λ3]ᵀ to every pixel, α drawn once per image from
 * N(0, std²) (std 0.1 in the paper). Returns the image and the RGB shift added (0–1 scale).
 */
export function pcaColorShift(image: RgbImage, random: Random, std = 0.1): {image: RgbImage; shift: number[]} {
	const {values, vectors} = rgbPrincipalComponents(image);
	const alpha = values.map(() => random.normal() * std);
	const shift = [0, 1, 2].map((c) => vectors[c]!.reduce((sum, p, i) => sum + p * alpha[i]! * values[i]!, 0));
	const data = new Uint8Array(image.data.length);
	for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(image.data[i]! + shift[i % 3]! * 255)));
	return {image: {...image, data}, shift};
}
