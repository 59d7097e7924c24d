import {render} from 'ink';
import {UsageError} from '../errors.js';
import {createBackend} from '../backends/select.js';
import type {BackendName} from '../backends/backend.js';
import type {Canvas} from '../data/digit-canvas.js';
import {loadMnist} from '../data/mnist.js';
import {digitBatch} from '../runner/evaluate.js';
import {forwardTo} from '../runner/forward.js';
import {createRandom} from '../tensor/random.js';
import {applyColorLevel, colorLevel} from '../ui/color-level.js';
import {DrawApp} from '../ui/draw/draw-app.js';
import {enterFullScreen} from './full-screen.js';
import {prepareForward} from './forward-setup.js';
import {shippedWeightsName} from '../io/shipped-weights.js';

/** `draw`'s flags: the weights (the shipped trained ones by default), the backend, colour. */
export type DrawOptions = {readonly weights?: string; readonly backend?: 'auto' | BackendName; readonly color?: boolean; readonly seed?: number};

// SGR mouse reports (1006) of presses and drags (1002), so a stroke arrives as it is drawn.
const mouseOn = '\u001b[?1000h\u001b[?1002h\u001b[?1006h';
const mouseOff = '\u001b[?1006l\u001b[?1002l\u001b[?1000l';

/** `alexnet-tour draw`: a drawing pad for one digit, classified live by the trained mini AlexNet. */
export async function run(options: DrawOptions): Promise<void> {
	if (!process.stdout.isTTY || !process.stdin.isTTY) throw new UsageError('draw needs a terminal to draw in (a mouse, or the arrow keys); to classify a picture use: alexnet-tour forward --variant mini --weights shipped --image FILE');
	const setup = prepareForward({variant: 'mini', weights: options.weights ?? shippedWeightsName});
	const backend = await createBackend(options.backend ?? 'fast', {threads: 1});
	const test = loadMnist({train: 1, test: 10000}).test;
	const random = createRandom(options.seed ?? Date.now() % 2 ** 32);
	const pixels = test.size * test.size;
	const sample = (): Canvas => {
		const i = random.int(test.count);
		return test.images.slice(i * pixels, (i + 1) * pixels);
	};
	// The drawing goes in as a one-digit batch, through the same preparation as training's digits.
	const classify = async (digit: Canvas): Promise<readonly number[]> => {
		const input = digitBatch({count: 1, size: test.size, images: digit, labels: new Uint8Array(1)}, [0]);
		return [...(await forwardTo(setup.summary, setup.weights, backend, input)).data];
	};
	const level = applyColorLevel(colorLevel({env: process.env, isTTY: true, noColorFlag: options.color === false}));
	const restore = enterFullScreen();
	const mouse = () => process.stdout.write(mouseOff);
	process.stdout.write(mouseOn);
	process.once('exit', mouse);
	try {
		const app = render(<DrawApp classify={classify} sample={sample} weights={setup.weightsNote} level={level} />, {exitOnCtrlC: false});
		await app.waitUntilExit();
	} finally {
		mouse();
		process.off('exit', mouse);
		restore();
		backend.dispose();
	}
}
