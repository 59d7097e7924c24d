import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {PNG} from 'pngjs';
import {chooseProtocol, guessProtocol, imageSequence, kittyClear, parseGraphicsReply} from '../../src/io/terminal-image.js';
import {placedImages} from '../../src/ui/terminal-images.js';
import {imagesFor} from '../../src/commands/tour.js';

const ESC = '\u001b';
// A 2×2 picture: red, green / blue, white.
const picture = {width: 2, height: 2, data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])};

test("the terminal's replies: nothing until Device Attributes; kitty's OK, iTerm2's cell size, sixel as attribute 4, the cell in pixels", () => {
	assert.is(parseGraphicsReply(`${ESC}_Gi=31;OK${ESC}\\`), undefined);
	assert.equal(parseGraphicsReply(`${ESC}_Gi=31;OK${ESC}\\${ESC}[6;20;10t${ESC}[?62;4;22c`), {kitty: true, iterm2: false, sixel: true, cell: {width: 10, height: 20}});
	assert.equal(parseGraphicsReply(`${ESC}]1337;ReportCellSize=17.0;8.0;2.0\u0007${ESC}[?1;2c`), {kitty: false, iterm2: true, sixel: false});
	assert.equal(parseGraphicsReply(`${ESC}[?1;2c`), {kitty: false, iterm2: false, sixel: false});
});

test("the protocol chosen in ink-picture's order, and the guess for --images always", () => {
	const all = {kitty: true, iterm2: true, sixel: true};
	assert.is(chooseProtocol(all, {TERM_PROGRAM: 'iTerm.app'}), 'iterm2');
	assert.is(chooseProtocol(all, {}), 'kitty');
	assert.is(chooseProtocol({kitty: false, iterm2: false, sixel: true}, {}), 'sixel');
	assert.is(chooseProtocol({kitty: false, iterm2: false, sixel: false}, {}), undefined);
	assert.is(guessProtocol({TERM: 'xterm-kitty'}), 'kitty');
	assert.is(guessProtocol({TERM_PROGRAM: 'WezTerm'}), 'iterm2');
	assert.is(guessProtocol({TERM: 'foot'}), 'sixel');
});

const pngOf = (base64: string) => PNG.sync.read(Buffer.from(base64, 'base64'));

test("kitty's sequence: a=T with the cells, PNG in base64 chunks of at most 4096, the picture's pixels enlarged as squares", () => {
	const s = imageSequence('kitty', picture, 4, 2, {width: 10, height: 20});
	const chunks = [...s.matchAll(new RegExp(`${ESC}_G([^;]*);([^${ESC}]*)${ESC}\\\\`, 'g'))];
	assert.ok(chunks.length >= 1);
	assert.match(chunks[0]![1]!, /^a=T,f=100,c=4,r=2,C=1,q=2,m=[01]$/);
	assert.match(chunks.at(-1)![1]!, /m=0$/);
	for (const c of chunks) assert.ok(c[2]!.length <= 4096);
	const png = pngOf(chunks.map((c) => c[2]).join(''));
	// 4 cells of 10 px over 2 px: enlarged 8× (at most), nearest-neighbour.
	assert.is(png.width, 16);
	assert.equal([...png.data.subarray(0, 4)], [255, 0, 0, 255]);
	assert.equal([...png.data.subarray((15 * 16 + 15) * 4, (15 * 16 + 15) * 4 + 4)], [255, 255, 255, 255]);
	const big = imageSequence('kitty', {width: 100, height: 100, data: Uint8Array.from({length: 30000}, (_, i) => (i * 7919) % 256)}, 40, 20);
	assert.ok(big.split(`${ESC}_G`).length > 3, 'a large picture goes in several chunks');
});

test("iTerm2's sequence: an inline file of the cells' size, not moving the cursor, whose payload is the PNG", () => {
	const s = imageSequence('iterm2', picture, 4, 2);
	const m = new RegExp(`^${ESC}\\]1337;File=inline=1;size=(\\d+);width=4;height=2;preserveAspectRatio=0;doNotMoveCursor=1:([A-Za-z0-9+/=]+)\u0007$`).exec(s);
	assert.ok(m, JSON.stringify(s.slice(0, 80)));
	assert.is(pngOf(m![2]!).height, 16);
});

test('the sixel sequence (the sixel library): raster attributes of the cells in pixels, and the colours drawn in its palette', () => {
	const s = imageSequence('sixel', picture, 2, 1, {width: 4, height: 8});
	assert.ok(s.startsWith(`${ESC}7${ESC}P`) && s.endsWith(`${ESC}\\${ESC}8`));
	assert.match(s, '"1;1;8;8', '2 cells of 4 px by 1 cell of 8 px');
	const red = {width: 8, height: 8, data: Uint8Array.from({length: 192}, (_, i) => (i % 3 === 0 ? 255 : 0))};
	assert.match(imageSequence('sixel', red, 1, 1, {width: 8, height: 8}), /#0;2;100;0;0/, 'red, in percent, as sixel colours are');
});

test('placed images: kitty clears its earlier ones, each picture goes to its row and column with the cursor saved around it', () => {
	const out = placedImages(
		imagesFor('kitty', undefined, () => {}),
		[{line: 0, row: 5, column: 9, cols: 4, rows: 2, picture}],
	);
	assert.ok(out.startsWith(kittyClear));
	assert.match(out, `${ESC}7${ESC}[5;9H${ESC}_Ga=T`);
	assert.ok(out.endsWith(`${ESC}8`));
	assert.is(
		placedImages(
			imagesFor('iterm2', undefined, () => {}),
			[],
		),
		'',
		'iTerm2 images go with the text: nothing to clear',
	);
});

test.run();
