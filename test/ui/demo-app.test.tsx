import {render} from 'ink-testing-library';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadTourLessons} from '../../src/lessons/load-lessons.js';
import {DemoApp} from '../../src/ui/demo-app.js';
import {fakeSession, keys, settle} from './fake-session.js';

const lessons = loadTourLessons();

test('the demo plays from --from to the end on its own: every lesson shown, layers run, no key pressed', async () => {
	const log: string[] = [];
	const session = fakeSession(log);
	const steps: number[] = [];
	const titles = new Set<string>();
	const from = lessons.findIndex((l) => l.id === 'fc7') + 1;
	// Each step "waits" only until the next macrotask, so the whole demo runs fast and deterministically.
	const app = render(
		<DemoApp
			lessons={lessons}
			openSession={async () => session}
			level={0}
			stepSeconds={5}
			loop={false}
			from={from}
			keyboard={false}
			size={{columns: 80, rows: 24}}
			wait={() => new Promise((resolve) => setTimeout(resolve, 1))}
			onStep={(s) => steps.push(s)}
		/>,
	);
	const penultimate = `${lessons.at(-2)!.order}. `;
	const reached = () => app.frames.some((f) => f.startsWith(penultimate));
	for (let i = 0; i < 600 && !(log.includes('run all') && reached()); i++) await settle(1);
	for (const frame of app.frames) titles.add(frame.split('\n')[0] ?? '');
	const shown = lessons.slice(from - 1).map((l) => l.order);
	for (const order of shown.slice(0, -1))
		assert.ok(
			[...titles].some((t) => t.startsWith(`${order}. `)),
			`lesson ${order} never shown in ${[...titles].join(' | ')}`,
		);
	assert.ok(log.includes('run fc7'), log.join(', '));
	assert.ok(steps.length > 15, `${steps.length} steps`);
	assert.ok(log.includes('run all'), 'the forward pass ran');
	assert.equal(
		steps,
		[...steps].sort((a, b) => a - b),
		'steps in order',
	);
	app.unmount();
});

test('the status bar counts down to the next step, and ← → and Tab move the demo from the keyboard', async () => {
	const session = fakeSession([]);
	const conv1 = lessons.findIndex((l) => l.id === 'conv1') + 1;
	const steps: number[] = [];
	const app = render(
		<DemoApp lessons={lessons} openSession={async () => session} level={0} stepSeconds={7} loop={false} from={conv1} keyboard={true} size={{columns: 100, rows: 30}} wait={() => new Promise(() => {})} onStep={(s) => steps.push(s)} />,
	);
	await settle(10);
	assert.match(app.lastFrame()!, 'next in 7 s');
	assert.match(app.lastFrame()!, '← → lesson · Tab panel');
	app.stdin.write(keys.right);
	await settle(10);
	assert.match(app.lastFrame()!.split('\n')[0]!, `${conv1 + 1}. `, '→: the next lesson');
	app.stdin.write(keys.left);
	await settle(10);
	assert.match(app.lastFrame()!.split('\n')[0]!, `${conv1}. `, '←: back to conv1');
	app.stdin.write(keys.tab);
	await settle(10);
	assert.match(app.lastFrame()!.split('\n')[0]!, '[derivation]', 'Tab: the next panel');
	app.unmount();
});

test.run();
