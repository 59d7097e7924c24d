import jpeg from 'jpeg-js';
import {PNG} from 'pngjs';
import {InputError} from '../errors.js';
import {readInputFile} from '../io/read-file.js';

/** An 8-bit RGB image, pixels interleaved row by row (H×W×3, as screens show shapes). */
export type RgbImage = {readonly width: number; readonly height: number; readonly data: Uint8Array};

const isPng = (b: Uint8Array) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v);
const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Drops every fourth byte of RGBA pixels (PNG's alpha is ignored, as PIL's convert('RGB') does). */
function rgbaToRgb(width: number, height: number, rgba: Uint8Array): RgbImage {
	const data = new Uint8Array(width * height * 3);
	for (let i = 0, j = 0; j < data.length; i += 4, j += 3) {
		data[j] = rgba[i]!;
		data[j + 1] = rgba[i + 1]!;
		data[j + 2] = rgba[i + 2]!;
	}
	return {width, height, data};
}

/** Decodes PNG or JPEG bytes (told apart by their first bytes); anything else, or a truncated file, is an InputError naming `source`. */
export function decodeImage(bytes: Uint8Array, source = 'image'): RgbImage {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The size a header claims is checked before a byte is decoded: a 1 MB PNG can ask for 20,000×20,000 pixels.
	const size = headerSize(buffer);
	if (size && size.width * size.height > maxImagePixels) {
		throw new InputError(`${source} is ${size.width}×${size.height} (${((size.width * size.height) / 1e6).toFixed(0)} megapixels); the largest image this program decodes is ${maxImagePixels / 1e6} megapixels`);
	}
	if (isPng(bytes)) {
		try {
			const png = PNG.sync.read(buffer);
			return rgbaToRgb(png.width, png.height, png.data);
		} catch (error) {
			throw new InputError(`${source}: truncated or corrupt PNG (${(error as Error).message})`);
		}
	}
	if (isJpeg(bytes)) {
		try {
			// Limits guard against a hostile header asking for gigabytes.
			const img = jpeg.decode(buffer, {useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: maxImagePixels / 1e6, maxMemoryUsageInMB: 1024});
			return {width: img.width, height: img.height, data: img.data};
		} catch (error) {
			throw new InputError(`${source}: truncated or corrupt JPEG (${(error as Error).message})`);
		}
	}
	throw new InputError(`${source}: not a PNG or JPEG image`);
}

/** The largest image decoded: 64 megapixels (a 48-megapixel camera photo fits; it is resized to 256 anyway). */
export const maxImagePixels = 64e6;

/** The width and height a PNG's IHDR or a JPEG's frame header declares, before decoding. */
function headerSize(b: Buffer): {width: number; height: number} | undefined {
	if (isPng(b) && b.length >= 24) return {width: b.readUInt32BE(16), height: b.readUInt32BE(20)};
	if (!isJpeg(b)) return undefined;
	for (let i = 2; i + 9 < b.length; ) {
		if (b[i] !== 0xff) return undefined;
		const marker = b[i + 1]!;
		// SOF0…SOF15 (not DHT C4, JPG C8, DAC CC) carry the frame size.
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return {height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7)};
		i += 2 + b.readUInt16BE(i + 2);
	}
	return undefined;
}

/** Reads and decodes an image file; a missing, unreadable or oversized file is an InputError. */
export function readImage(path: string): RgbImage {
	const bytes = readInputFile(path, 'image', 256 * 1024 ** 2);
	const image = decodeImage(bytes, path);
	if (image.width < 1 || image.height < 1) throw new InputError(`${path}: the image is empty (${image.width}×${image.height})`);
	return image;
}

/** Bilinear resampling to `width`×`height`, pixel centres aligned (align_corners = false), edges clamped. */
export function resizeBilinear(image: RgbImage, width: number, height: number): RgbImage {
	const {width: w0, height: h0, data: src} = image;
	const data = new Uint8Array(width * height * 3);
	const sy = h0 / height;
	const sx = w0 / width;
	for (let y = 0; y < height; y++) {
		const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h0 - 1);
		const y0 = Math.floor(fy);
		const y1 = Math.min(y0 + 1, h0 - 1);
		const ty = fy - y0;
		for (let x = 0; x < width; x++) {
			const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w0 - 1);
			const x0 = Math.floor(fx);
			const x1 = Math.min(x0 + 1, w0 - 1);
			const tx = fx - x0;
			for (let c = 0; c < 3; c++) {
				const top = src[(y0 * w0 + x0) * 3 + c]! * (1 - tx) + src[(y0 * w0 + x1) * 3 + c]! * tx;
				const bottom = src[(y1 * w0 + x0) * 3 + c]! * (1 - tx) + src[(y1 * w0 + x1) * 3 + c]! * tx;
				data[(y * width + x) * 3 + c] = Math.round(top * (1 - ty) + bottom * ty);
			}
		}
	}
	return {width, height, data};
}

/** The `width`×`height` window in the middle of the image (left/top offsets rounded down). */
export function centerCrop(image: RgbImage, width: number, height: number): RgbImage {
	if (width > image.width || height > image.height) throw new InputError(`cannot crop ${width}×${height} from a ${image.width}×${image.height} image`);
	const left = Math.floor((image.width - width) / 2);
	const top = Math.floor((image.height - height) / 2);
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const from = ((top + y) * image.width + left) * 3;
		data.set(image.data.subarray(from, from + width * 3), y * width * 3);
	}
	return {width, height, data};
}
