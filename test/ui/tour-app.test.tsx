import {render} from 'ink-testing-library';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadTourLessons} from '../../src/lessons/load-lessons.js';
import {TourApp} from '../../src/ui/tour-app.js';
import {imagesFor} from '../../src/commands/tour.js';
import {fakeSession, keys, settle} from './fake-session.js';

const lessons = loadTourLessons();
const size = {columns: 80, rows: 24};

function start(options: {index?: number; size?: {columns: number; rows: number}; log?: string[]; onQuit?: () => void; trained?: boolean; ask?: boolean} = {}) {
	const session = options.trained ? {...fakeSession(options.log), trained: true, weights: "trained weights from alexnet.onnx: torchvision's AlexNet, layer for layer"} : fakeSession(options.log);
	return render(<TourApp lessons={lessons} openSession={async () => session} level={0} size={options.size ?? size} initialIndex={options.index ?? 0} {...(options.onQuit ? {onQuit: options.onQuit} : {})} ask={options.ask === true} />);
}

const frameLines = (frame: string | undefined) => (frame ?? '').split('\n');

test('the home screen says what this is, the backend and why, and lists lessons', async () => {
	const app = start();
	await settle();
	const frame = app.lastFrame()!;
	assert.match(frame, 'AlexNet, computed');
	assert.match(frame, 'fake (test pattern): auto passed over webgpu (no adapter)');
	assert.match(frame, '1  Why AlexNet mattered');
	app.unmount();
});

test('every frame fits 80×24: at most 23 lines, none wider than 80 columns', async () => {
	const app = start({index: 3});
	await settle();
	for (const key of [keys.enter, keys.tab, keys.tab, keys.tab, keys.right, keys.right]) {
		app.stdin.write(key);
		await settle();
		const lines = frameLines(app.lastFrame());
		assert.ok(lines.length <= 23, `${lines.length} lines`);
		for (const line of lines) assert.ok([...line].length <= 80, `too wide: ${line}`);
	}
	app.unmount();
});

test('a session that cannot open says why, on the home screen and in the panels', async () => {
	const app = render(<TourApp lessons={lessons} openSession={() => Promise.reject(new Error('webasm: no WebAssembly here'))} level={0} size={size} initialIndex={3} />);
	await settle();
	app.stdin.write(keys.tab);
	await settle();
	assert.match(app.lastFrame()!, 'Nothing can run: webasm: no WebAssembly here');
	app.stdin.write(keys.left);
	await settle();
	app.stdin.write(keys.left);
	await settle();
	app.stdin.write(keys.left);
	await settle();
	assert.match(app.lastFrame()!, 'backend  none: webasm: no WebAssembly here');
	app.unmount();
});

test('a terminal below 80×24 is told the minimum size', async () => {
	const app = start({size: {columns: 60, rows: 20}});
	await settle();
	assert.match(app.lastFrame()!, 'This terminal is 60×20; the tour needs at least 80×24.');
	app.unmount();
});

test('→ and ← move between lessons; n and p too', async () => {
	const app = start();
	await settle();
	app.stdin.write(keys.right);
	await settle();
	assert.match(app.lastFrame()!, '1. Why AlexNet mattered');
	app.stdin.write('n');
	await settle();
	assert.match(app.lastFrame()!, '2. The input, and the 224 puzzle');
	app.stdin.write(keys.left);
	await settle();
	app.stdin.write('p');
	await settle();
	assert.match(app.lastFrame()!, 'AlexNet, computed');
	app.unmount();
});

test('Enter on conv1 runs it and shows the produced shape checked against the derived one', async () => {
	const log: string[] = [];
	const app = start({index: 3, log});
	await settle();
	app.stdin.write(keys.enter);
	await settle(6);
	const frame = app.lastFrame()!;
	assert.equal(log, ['run conv1']);
	assert.match(frame, '[live tensor]');
	assert.match(frame, 'conv1 output 55×55×96 ✓ derived 55×55×96');
	assert.match(frame, '1.5 ms on fake');
	assert.match(frame, 'histogram');
	app.unmount();
});

test('z enlarges one channel of the live tensor to the panel, ] and [ step through them, z again shows the grid', async () => {
	const app = start({index: 3, size: {columns: 100, rows: 60}});
	await settle();
	app.stdin.write(keys.enter);
	await settle(6);
	assert.match(app.lastFrame()!, '96 channels (z: one enlarged)');
	app.stdin.write('z');
	await settle();
	assert.match(app.lastFrame()!, 'channel #0 of 96, enlarged');
	app.stdin.write(']');
	await settle();
	assert.match(app.lastFrame()!, 'channel #1 of 96, enlarged');
	app.stdin.write('[[');
	await settle();
	assert.match(app.lastFrame()!, 'channel #0 of 96, enlarged', 'never below the first');
	app.stdin.write('z');
	await settle();
	assert.not.match(app.lastFrame()!, 'enlarged (z');
	assert.match(app.lastFrame()!, '96 channels (z: one enlarged)');
	app.unmount();
});

test('Tab shows the derivation, then the filters, the play panel, then the text again', async () => {
	const app = start({index: 3});
	await settle();
	app.stdin.write(keys.tab);
	await settle();
	assert.match(app.lastFrame()!, '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55');
	app.stdin.write(keys.tab);
	await settle();
	app.stdin.write(keys.tab);
	await settle();
	// Without colour the filters are drawn as the mean of their channels, and the legend says so.
	assert.match(app.lastFrame()!, 'conv1: 96 filters of 11×11×3, each drawn as the mean of its 3 input');
	app.stdin.write(keys.tab);
	await settle();
	assert.match(app.lastFrame()!, 'Play with conv1');
	app.stdin.write(keys.tab);
	await settle();
	assert.match(app.lastFrame()!, 'The first layer slides 96 filters');
	app.unmount();
});

test('↓ and PgDn scroll the lesson text; ↑ and PgUp come back', async () => {
	const app = start({index: 3});
	await settle();
	const top = app.lastFrame()!;
	assert.match(top, 'The first layer slides');
	app.stdin.write(keys.pageDown);
	await settle();
	assert.not.match(app.lastFrame()!, 'The first layer slides');
	app.stdin.write(keys.pageUp);
	await settle();
	assert.is(app.lastFrame(), top);
	app.unmount();
});

test('keys that arrive together in one chunk (fast typing, key repeat) each count', async () => {
	const app = start();
	await settle();
	app.stdin.write('nnn');
	await settle();
	assert.match(app.lastFrame()!, '3. conv1');
	app.unmount();
});

test('? shows the keys and hides them again', async () => {
	const app = start({index: 1});
	await settle();
	app.stdin.write('?');
	await settle();
	assert.match(app.lastFrame()!, 'q Ctrl-C     quit');
	app.stdin.write('?');
	await settle();
	assert.not.match(app.lastFrame()!, 'q Ctrl-C     quit');
	app.unmount();
});

test('Esc closes the help instead of quitting; a second Esc quits', async () => {
	let quit = 0;
	const app = start({index: 2, onQuit: () => quit++});
	await settle();
	app.stdin.write('?');
	await settle();
	app.stdin.write(keys.escape);
	await settle(6);
	assert.is(quit, 0);
	assert.not.match(app.lastFrame()!, 'q Ctrl-C     quit');
	assert.match(frameLines(app.lastFrame())[0]!, '2. ');
	app.stdin.write(keys.escape);
	await settle(6);
	assert.is(quit, 1);
	app.unmount();
});

test('two Tabs in one read both count, and so do two Enters', async () => {
	const app = start({index: 3, size: {columns: 100, rows: 30}});
	await settle();
	const header = () => frameLines(app.lastFrame())[0]!;
	assert.match(header(), '[lesson]');
	app.stdin.write('\t\t');
	await settle();
	assert.match(header(), '[live tensor]');
	app.unmount();
});

test('Enter on a lesson with nothing to run says so in the footer, and the footer offers no Enter there', async () => {
	const app = start({index: 1});
	await settle();
	const footer = () => frameLines(app.lastFrame()).at(-1)!;
	assert.not.match(footer(), 'Enter run');
	app.stdin.write('\r');
	await settle();
	assert.match(footer(), 'Nothing runs in this lesson');
	app.stdin.write('j');
	await settle();
	assert.not.match(footer(), 'Nothing runs');
	app.unmount();
});

test('End jumps to the last lesson and Home back to the first screen', async () => {
	const app = start({index: 2});
	await settle();
	app.stdin.write('\u001b[F');
	await settle();
	assert.match(frameLines(app.lastFrame())[0]!, `${lessons.length}. `);
	app.stdin.write('\u001b[H');
	await settle();
	assert.match(frameLines(app.lastFrame())[0]!, 'AlexNet tour');
	app.unmount();
});

test('the forward-pass lesson runs every layer and ends with the top 5 and the weights warning', async () => {
	const log: string[] = [];
	const index = lessons.findIndex((l) => l.id === 'forward-pass') + 1;
	const app = start({index, log, size: {columns: 100, rows: 60}});
	await settle();
	app.stdin.write(keys.enter);
	await settle(8);
	const frame = app.lastFrame()!;
	assert.equal(log, ['run all']);
	assert.match(frame, /prob\s+1000\s+✓ 1000\s+1\.5/);
	assert.match(frame, /conv1\s+55×55×96\s+✓ 55×55×96\s+1\.5/);
	assert.match(frame, 'top 5');
	assert.match(frame, 'not a trained ImageNet model');
	app.unmount();
});

test('the dropout lesson runs with training masks and describes the mask', async () => {
	const log: string[] = [];
	const index = lessons.findIndex((l) => l.id === 'dropout') + 1;
	const app = start({index, log});
	await settle();
	app.stdin.write(keys.enter);
	await settle(8);
	assert.equal(log, ['run drop6 train']);
	assert.match(app.lastFrame()!, /4096 units: \d+ active after ReLU, \d+ of them dropped/);
	app.unmount();
});

test('the training lesson trains on Enter and draws the loss curve and the test accuracy', async () => {
	const log: string[] = [];
	const index = lessons.findIndex((l) => l.id === 'training') + 1;
	const app = start({index, log, size: {columns: 100, rows: 40}});
	await settle();
	app.stdin.write(keys.enter);
	await settle(8);
	const frame = app.lastFrame()!;
	assert.equal(log, ['train']);
	// The same screen state and lines as the train command's live screen.
	assert.match(frame, 'Training the mini AlexNet on 300 MNIST digits');
	assert.match(frame, 'training loss (cross-entropy, mean of each run of batches)');
	assert.match(frame, /\n\s+1\s+\d\.\d{3}\s+90\.00%\s+87\.50%/);
	assert.match(frame, 'done in 3.0 s: 87.5% of the test digits right');
	app.unmount();
});

test('the ReLU lesson plots relu, tanh and sigmoid and their gradients in the live panel', async () => {
	const index = lessons.findIndex((l) => l.id === 'relu') + 1;
	const app = start({index, size: {columns: 100, rows: 40}});
	await settle();
	app.stdin.write(keys.tab);
	await settle();
	app.stdin.write(keys.tab);
	await settle();
	const frame = app.lastFrame()!;
	assert.match(frame, 'f(x) for x from −4 to 4');
	assert.match(frame, 'at x = 4: tanh′ = 0.0013, sigmoid′ = 0.0177, relu′ = 1');
	app.unmount();
});

test("the augmentation lesson shows the session's pictures with their labels", async () => {
	const index = lessons.findIndex((l) => l.id === 'augmentation') + 1;
	const app = start({index});
	await settle();
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, /^ tiny/m);
	app.unmount();
});

test('from 130 columns the text and a panel sit side by side', async () => {
	const app = start({index: 3, size: {columns: 140, rows: 40}});
	await settle();
	const lines = frameLines(app.lastFrame());
	// The lesson's heading and the derivation's first line share a row: two columns.
	assert.ok(
		lines.some((l) => /conv1: the first filters look at the pixels\s+conv1 \(conv\)/.test(l)),
		lines.slice(0, 4).join('\n'),
	);
	for (const line of lines) assert.ok([...line].length <= 140, `too wide: ${line.length}`);
	app.unmount();
});

for (const [name, key] of [
	['q', 'q'],
	['Esc on a plain screen', keys.escape],
	['Ctrl-C', keys.ctrlC],
] as const) {
	test(`${name} quits`, async () => {
		let quit = 0;
		const app = start({index: 2, onQuit: () => quit++});
		await settle();
		app.stdin.write(key);
		await settle(6);
		assert.is(quit, 1);
		app.unmount();
	});
}

test('driving the app with → through every lesson shows each title in turn, then q quits', async () => {
	let quit = 0;
	const app = start({onQuit: () => quit++});
	await settle();
	for (const lesson of lessons) {
		app.stdin.write(keys.right);
		await settle();
		const header = frameLines(app.lastFrame())[0]!;
		assert.ok(header.startsWith(`${lesson.order}. ${lesson.title}`.slice(0, 20)), `header "${header}" for ${lesson.id}`);
		if (lesson.run !== 'none') {
			app.stdin.write(keys.enter);
			await settle(6);
		}
	}
	app.stdin.write(keys.right);
	await settle();
	assert.match(frameLines(app.lastFrame())[0]!, `${lessons.length}/${lessons.length}`);
	app.stdin.write('q');
	await settle(6);
	assert.is(quit, 1);
	app.unmount();
});

test('with a trained model the lessons and panels drop their random-weights notes and say the weights are trained', async () => {
	const index = lessons.findIndex((l) => l.id === 'conv1') + 1;
	const app = start({index, trained: true, size: {columns: 100, rows: 80}});
	await settle();
	assert.match(app.lastFrame()!, 'These are the trained filters of');
	assert.not.match(app.lastFrame()!, 'The weights in this tour are random');
	for (let i = 0; i < 3; i++) {
		app.stdin.write(keys.tab); // derivation, live tensor, filters
		await settle();
	}
	assert.match(app.lastFrame()!, "trained: trained weights from alexnet.onnx: torchvision's AlexNet");
	app.unmount();
	const random = start({index, size: {columns: 100, rows: 80}});
	await settle();
	assert.match(random.lastFrame()!, 'The weights in this tour are random');
	random.unmount();
});

test('conv1 opens on its predictions: a wrong answer shows the derivation, a right one scores, then the text and the run', async () => {
	const app = start({index: 3, ask: true, size: {columns: 100, rows: 40}});
	await settle(6);
	assert.match(app.lastFrame()!, 'Predict before it runs (question 1 of 3)');
	assert.match(app.lastFrame()!, 'input 227×227×3, 96 filters of 11×11, stride 4, padding 0. What is its output width');
	app.stdin.write('56');
	await settle();
	assert.match(app.lastFrame()!, 'your answer: 56');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, '✗ you said 56; the model says 55');
	assert.match(app.lastFrame()!, '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55');
	assert.match(frameLines(app.lastFrame())[0]!, '0/1 right');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, 'question 2 of 3');
	app.stdin.write('34,944');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, '✓ right: the model says 34,944');
	assert.match(frameLines(app.lastFrame())[0]!, '1/2 right');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, 'With a grey image');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, 'the answer: 11,712', 'Enter with nothing typed reveals, unscored');
	assert.match(frameLines(app.lastFrame())[0]!, '1/2 right');
	app.stdin.write(keys.enter);
	await settle();
	assert.not.match(app.lastFrame()!, 'Predict before it runs');
	assert.match(app.lastFrame()!, 'conv1: the first filters');
	app.stdin.write(keys.enter);
	await settle(6);
	assert.match(app.lastFrame()!, 'conv1 output 55×55×96');
	app.unmount();
});

test("relu1's prediction is checked against the live tensor's share of zeros", async () => {
	const app = start({index: 4, ask: true, size: {columns: 100, rows: 40}});
	await settle(6);
	assert.match(app.lastFrame()!, 'What share of its 290,400 outputs');
	app.stdin.write('10');
	app.stdin.write(keys.enter);
	await settle(8);
	// The fake pattern sin(0.37·i)·((i mod 7) − 3) is zero where i mod 7 = 3 or sin is 0, and ReLU's fake output is the same pattern.
	assert.match(app.lastFrame()!, /✗ you said 10; the live tensor holds 14\.3%|✓ right: the live tensor holds 14\.3%/);
	app.unmount();
});

test('a question takes no letters, Backspace erases, a non-number is refused with a notice, and Esc skips to the text', async () => {
	const app = start({index: 3, ask: true, size: {columns: 100, rows: 40}});
	await settle(6);
	app.stdin.write('5');
	app.stdin.write('x');
	app.stdin.write('5');
	await settle();
	assert.match(app.lastFrame()!, 'your answer: 55');
	app.stdin.write('\u007f');
	await settle();
	assert.match(app.lastFrame()!, /your answer: 5\s*$/m);
	app.stdin.write('..');
	app.stdin.write(keys.enter);
	await settle();
	assert.match(app.lastFrame()!, 'is not a number');
	app.stdin.write(keys.escape);
	await settle();
	assert.not.match(app.lastFrame()!, 'Predict before it runs');
	app.stdin.write(keys.left);
	await settle();
	app.stdin.write(keys.right);
	await settle(6);
	assert.not.match(app.lastFrame()!, 'Predict before it runs', 'skipped questions stay skipped');
	app.unmount();
});

test('the play panel: + and − change the selected hyperparameter, , and . choose another, the shape and windows follow, r restores', async () => {
	const app = start({index: 3, size: {columns: 100, rows: 60}});
	await settle();
	for (let i = 0; i < 4; i++) app.stdin.write(keys.tab);
	await settle();
	assert.match(frameLines(app.lastFrame())[0]!, '[play]');
	assert.match(app.lastFrame()!, '→ output 55×55×96, 34,944 parameters');
	app.stdin.write('-');
	await settle();
	assert.match(app.lastFrame()!, '→ output 54×54×96');
	assert.match(app.lastFrame()!, 'was 227');
	assert.match(app.lastFrame()!, '× never read');
	app.stdin.write('.');
	app.stdin.write('+');
	await settle();
	assert.match(app.lastFrame()!, /kernel k\s+12/);
	assert.match(app.lastFrame()!, '41,568 parameters');
	app.stdin.write('r');
	await settle();
	assert.match(app.lastFrame()!, '→ output 55×55×96, 34,944 parameters');
	for (let i = 0; i < 4; i++) app.stdin.write('.');
	app.stdin.write('+');
	await settle();
	assert.match(app.lastFrame()!, /groups g\s+3/, 'groups step to the next count dividing 3 and 96, skipping 2');
	assert.match(app.lastFrame()!, '11,712 parameters');
	app.stdin.write('+');
	await settle();
	assert.match(app.lastFrame()!, /groups g\s+3/, 'and no further than the input channels');
	app.unmount();
});

test('with a terminal that draws images, the input picture is drawn as a real image over its half blocks, and z draws the enlarged channel', async () => {
	const written: string[] = [];
	const session = {...fakeSession(), picture: {label: 'the sample', picture: {width: 4, height: 4, data: new Uint8Array(48).fill(200)}}};
	const app = render(<TourApp lessons={lessons} openSession={async () => session} level={0} size={{columns: 100, rows: 40}} initialIndex={2} ask={false} images={imagesFor('kitty', undefined, (s) => written.push(s))} />);
	await settle();
	app.stdin.write(keys.tab);
	app.stdin.write(keys.tab);
	await new Promise((resolve) => setTimeout(resolve, 300));
	const frame = frameLines(app.lastFrame());
	// The image goes on the first row of the half blocks (1-based), from the panel's first column.
	const row = frame.findIndex((l) => l.trim().startsWith('#####')) + 1;
	assert.ok(row > 1);
	assert.match(written.at(-1)!, `\u001b[${row};2H\u001b_Ga=T,f=100,c=56,r=28,C=1`);
	app.stdin.write(keys.right);
	await settle();
	app.stdin.write(keys.enter);
	await settle(6);
	app.stdin.write('z');
	await settle();
	await new Promise((resolve) => setTimeout(resolve, 300));
	// 55×55 across 97 columns is taller than the 37 rows left: drawn whole, smaller, in the rows there are.
	const zoomed = /\[(\d+);2H.?_Ga=T,f=100,c=(\d+),r=(\d+),C=1/.exec(written.at(-1)!);
	assert.ok(zoomed, 'the enlarged channel is drawn');
	assert.ok(Number(zoomed![1]) + Number(zoomed![3]) - 1 <= 38, 'within the body');
	assert.ok(Number(zoomed![2]) < 97);
	app.unmount();
});

test.run();
