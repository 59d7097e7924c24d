import type {ImageSlot} from './panels/picture-lines.js';
import type {Picture} from './tour-session.js';

/**
 * How the tour draws real images, handed in by the command (which knows the protocol the terminal speaks): the
 * sequence that draws a picture over cols×rows cells at the cursor, the one that removes earlier images (empty when
 * they go with the text), and where sequences are written.
 */
export type TerminalImages = {
	readonly encode: (picture: Picture, cols: number, rows: number) => string;
	readonly clear: string;
	readonly write: (sequence: string) => void;
};

/** A slot at its place on screen (1-based row and column). */
export type PlacedSlot = ImageSlot & {readonly row: number};

const ESC = '\u001b';
const cache = new WeakMap<object, Map<string, string>>();

/** One sequence drawing every placed image (earlier ones removed first), the cursor saved and restored around each. */
export function placedImages(images: TerminalImages, placed: readonly PlacedSlot[]): string {
	let out = images.clear;
	for (const slot of placed) {
		// Encoding a picture is the costly part: each is encoded once per size.
		const key = `${slot.cols}x${slot.rows}`;
		const byPicture = cache.get(slot.picture) ?? new Map<string, string>();
		cache.set(slot.picture, byPicture);
		const sequence = byPicture.get(key) ?? images.encode(slot.picture, slot.cols, slot.rows);
		byPicture.set(key, sequence);
		out += `${ESC}7${ESC}[${slot.row};${slot.column}H${sequence}${ESC}8`;
	}
	return out;
}
