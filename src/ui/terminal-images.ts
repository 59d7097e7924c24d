import {imageSequence, kittyClear, type ImageProtocol} from '../io/terminal-image.js';
import type {ImageSlot} from './panels/picture-lines.js';

/** How the tour draws real images: the protocol the terminal speaks, its cell size if it said, and where sequences go. */
export type TerminalImages = {
	readonly protocol: ImageProtocol;
	readonly cell?: {readonly width: number; readonly height: number};
	readonly write: (sequence: string) => void;
};

/** A slot at its place on screen (1-based row and column). */
export type PlacedSlot = ImageSlot & {readonly row: number};

const ESC = '\u001b';
const cache = new WeakMap<object, Map<string, string>>();

/** One sequence drawing every placed image (kitty's earlier ones removed first), the cursor saved and restored around it. */
export function placedImages(images: TerminalImages, placed: readonly PlacedSlot[]): string {
	let out = images.protocol === 'kitty' ? kittyClear : '';
	for (const slot of placed) {
		// Encoding a picture is the costly part: each is encoded once per size.
		const key = `${images.protocol}:${slot.cols}x${slot.rows}`;
		const byPicture = cache.get(slot.picture) ?? new Map<string, string>();
		cache.set(slot.picture, byPicture);
		const sequence = byPicture.get(key) ?? imageSequence(images.protocol, slot.picture, slot.cols, slot.rows, images.cell);
		byPicture.set(key, sequence);
		out += `${ESC}7${ESC}[${slot.row};${slot.column}H${sequence}${ESC}8`;
	}
	return out;
}
