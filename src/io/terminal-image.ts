import {PNG} from 'pngjs';
import {image2sixel} from 'sixel';

/** The three ways a terminal can show a real image: kitty's graphics protocol, iTerm2's inline images, sixel. */
export type ImageProtocol = 'kitty' | 'iterm2' | 'sixel';

/** `--images`: never (half blocks), auto (what the terminal answers it can do), always (the best guess even without an answer). */
export type ImagesMode = 'never' | 'auto' | 'always';

/** An RGB picture, 8 bits a channel, row-major. */
export type RgbPicture = {readonly width: number; readonly height: number; readonly data: Uint8Array};

/** What the terminal said it can do: each protocol, and the size of a cell in pixels if it told. */
export type TerminalGraphics = {readonly kitty: boolean; readonly iterm2: boolean; readonly sixel: boolean; readonly cell?: {readonly width: number; readonly height: number}};

const ESC = '\u001b';
const ST = `${ESC}\\`;

/**
 * The queries ink-picture sends to learn what a terminal draws: a 1×1 kitty image query, iTerm2's cell-size report,
 * the cell size in pixels, and last Device Attributes, which every terminal answers, so its reply ends the wait.
 */
export const graphicsQuery = `${ESC}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA${ST}${ESC}]1337;ReportCellSize\u0007${ESC}[16t${ESC}[c`;

/** Reads a terminal's replies to `graphicsQuery`: undefined until the Device Attributes reply (the last) has come. */
export function parseGraphicsReply(reply: string): TerminalGraphics | undefined {
	const da = new RegExp(`${ESC}\\[\\?(\\d+(?:;\\d+)*)c`).exec(reply);
	if (!da) return undefined;
	const kitty = new RegExp(`${ESC}_Gi=31;OK`).test(reply);
	const iterm2 = /ReportCellSize=[\d.]+;[\d.]+/.test(reply);
	// Attribute 4 in the Device Attributes reply is sixel graphics.
	const sixel = da[1]!.split(';').includes('4');
	const size = new RegExp(`${ESC}\\[6;(\\d+);(\\d+);?t`).exec(reply);
	const cell = size ? {height: Number(size[1]), width: Number(size[2])} : undefined;
	return {kitty, iterm2, sixel, ...(cell && cell.width > 0 && cell.height > 0 ? {cell} : {})};
}

/** iTerm2, WezTerm and Warp: terminals whose kitty support is partial, so iTerm2's protocol comes first there. */
const prefersITerm2 = (env: NodeJS.ProcessEnv) => ['iTerm.app', 'WezTerm', 'WarpTerminal'].includes(env['TERM_PROGRAM'] ?? '');

/**
 * The protocol to draw with, in ink-picture's order of preference: iTerm2 in iTerm2, WezTerm and Warp (their kitty
 * support is partial), kitty's where the terminal has it, then iTerm2's, then sixel; none when it has none.
 */
export function chooseProtocol(caps: TerminalGraphics, env: NodeJS.ProcessEnv): ImageProtocol | undefined {
	if (prefersITerm2(env) && caps.iterm2) return 'iterm2';
	if (caps.kitty) return 'kitty';
	if (caps.iterm2) return 'iterm2';
	if (caps.sixel) return 'sixel';
	return undefined;
}

/** For `--images always` when the terminal did not answer: what its environment suggests, kitty's protocol otherwise. */
export function guessProtocol(env: NodeJS.ProcessEnv): ImageProtocol {
	const program = env['TERM_PROGRAM'];
	if (prefersITerm2(env)) return 'iterm2';
	if ((env['TERM'] ?? '').includes('sixel') || program === 'mlterm' || (env['TERM'] ?? '').startsWith('foot')) return 'sixel';
	return 'kitty';
}

/** Nearest-neighbour scaling, so each weight or pixel stays a sharp square at full resolution. */
function scaled(p: RgbPicture, width: number, height: number): RgbPicture {
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const sy = Math.min(p.height - 1, Math.floor((y * p.height) / height));
		for (let x = 0; x < width; x++) {
			const sx = Math.min(p.width - 1, Math.floor((x * p.width) / width));
			data.set(p.data.subarray((sy * p.width + sx) * 3, (sy * p.width + sx) * 3 + 3), (y * width + x) * 3);
		}
	}
	return {width, height, data};
}

function rgba(p: RgbPicture): Uint8Array {
	const out = new Uint8Array(p.width * p.height * 4);
	for (let i = 0; i < p.width * p.height; i++) {
		out.set(p.data.subarray(i * 3, i * 3 + 3), i * 4);
		out[i * 4 + 3] = 255;
	}
	return out;
}

/** A picture as PNG bytes (pngjs), the payload of kitty's and iTerm2's protocols. */
export function pngBytes(p: RgbPicture, scale = 1): Uint8Array {
	const big = scale > 1 ? scaled(p, p.width * scale, p.height * scale) : p;
	const png = new PNG({width: big.width, height: big.height});
	png.data.set(rgba(big));
	return PNG.sync.write(png);
}

/**
 * The escape sequence that draws `picture` over `cols`×`rows` cells at the cursor, leaving the cursor where it was:
 * kitty's as PNG in 4096-byte base64 chunks (a=T, C=1, quiet), iTerm2's OSC 1337 inline file, or sixel (through the
 * `sixel` library) at the cell size the terminal reported (10×20 pixels if it did not).
 */
export function imageSequence(protocol: ImageProtocol, picture: RgbPicture, cols: number, rows: number, cell = {width: 10, height: 20}): string {
	// Small pictures (a 28×28 digit, a 13×13 map) are enlarged first, so the terminal's own smoothing does not blur them.
	const scale = Math.max(1, Math.floor(Math.min((cols * cell.width) / picture.width, (rows * cell.height) / picture.height)));
	if (protocol === 'sixel') {
		const p = scaled(picture, Math.max(1, cols * cell.width), Math.max(1, rows * cell.height));
		return `${ESC}7${image2sixel(rgba(p), p.width, p.height, 256)}${ESC}8`;
	}
	const payload = Buffer.from(pngBytes(picture, Math.min(scale, 8))).toString('base64');
	if (protocol === 'iterm2') return `${ESC}]1337;File=inline=1;size=${Math.ceil((payload.length * 3) / 4)};width=${cols};height=${rows};preserveAspectRatio=0;doNotMoveCursor=1:${payload}\u0007`;
	const chunks = payload.match(/.{1,4096}/g) ?? [''];
	return chunks.map((chunk, i) => `${ESC}_G${i === 0 ? `a=T,f=100,c=${cols},r=${rows},C=1,q=2,` : ''}m=${i < chunks.length - 1 ? 1 : 0};${chunk}${ST}`).join('');
}

/** Removes every kitty image placement (before drawing the next frame's); other protocols' images go with the text. */
export const kittyClear = `${ESC}_Ga=d,d=A,q=2${ST}`;

/**
 * Asks the terminal what it draws and waits for the answer (at most `timeoutMs`): `undefined` when it does not answer
 * in time (a pipe, a terminal that ignores the queries). The replies are read in raw mode and never reach the app.
 */
export function queryGraphics(input: NodeJS.ReadStream, output: NodeJS.WriteStream, timeoutMs = 400): Promise<TerminalGraphics | undefined> {
	return new Promise((resolve) => {
		let reply = '';
		const wasRaw = input.isRaw;
		const done = (result: TerminalGraphics | undefined) => {
			clearTimeout(timer);
			input.off('data', onData);
			input.setRawMode?.(wasRaw ?? false);
			input.pause();
			resolve(result);
		};
		const onData = (data: Buffer) => {
			reply += data.toString('latin1');
			const parsed = parseGraphicsReply(reply);
			if (parsed) done(parsed);
		};
		const timer = setTimeout(() => done(undefined), timeoutMs);
		input.setRawMode?.(true);
		input.on('data', onData);
		input.resume();
		output.write(graphicsQuery);
	});
}
