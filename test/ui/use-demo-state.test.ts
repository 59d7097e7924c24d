import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadTourLessons} from '../../src/lessons/load-lessons.js';
import {demoReducer, demoScript, initialDemoState, type DemoAction, type DemoState} from '../../src/ui/use-demo-state.js';

const lessons = loadTourLessons();
const conv1 = lessons.findIndex((l) => l.id === 'conv1') + 1;
const script = demoScript(lessons, 1, () => 2, 20);
const run = (reducer: ReturnType<typeof demoReducer>, ...actions: DemoAction[]): DemoState => actions.reduce(reducer, initialDemoState);

test('the script visits every lesson in order', () => {
	const visited = script.filter((s) => s.command.type === 'goto').map((s) => s.lesson);
	assert.equal(
		visited,
		lessons.map((_, i) => i + 1),
	);
});

test('a layer lesson: text, a second page, its derivation, its run, and conv1 its filters', () => {
	assert.equal(
		script.filter((s) => s.lesson === conv1).map((s) => (s.command.type === 'panel' ? `panel ${s.command.panel}` : s.command.type)),
		['goto', 'scroll', 'panel derivation', 'run', 'panel filters'],
	);
});

test('a lesson with predictions gets a step to think and a step that reveals, per question, before its text', () => {
	const withQuestions = demoScript(
		lessons,
		conv1,
		() => 1,
		20,
		(l) => (l.id === 'conv1' ? 2 : 0),
	);
	assert.equal(
		withQuestions.filter((s) => s.lesson === conv1).map((s) => s.command.type),
		['goto', 'run', 'run', 'run', 'run', 'panel', 'run', 'panel'],
	);
});

test('--from starts the script at that lesson', () => {
	assert.equal(demoScript(lessons, conv1, () => 1, 20)[0], {lesson: conv1, command: {type: 'goto', index: conv1}});
});

test('ticks advance; the end finishes, or with loop starts again', () => {
	const short = demoScript(lessons.slice(0, 2), 1, () => 1, 20);
	// why-alexnet: its text; input: its text, conv1's derivation and the input picture.
	assert.is(short.length, 4);
	const ticks = (n: number) => Array.from({length: n}, () => ({type: 'tick'}) as const);
	assert.equal(run(demoReducer(short, false), ...ticks(3)), {step: 3, paused: false, done: false, loops: 0});
	assert.equal(run(demoReducer(short, false), ...ticks(4)), {step: 3, paused: false, done: true, loops: 0});
	assert.equal(run(demoReducer(short, true), ...ticks(4)), {step: 0, paused: false, done: false, loops: 1});
});

test('space pauses: ticks do nothing until it is pressed again', () => {
	const reducer = demoReducer(script, false);
	assert.is(run(reducer, {type: 'pause'}, {type: 'tick'}, {type: 'tick'}).step, 0);
	assert.is(run(reducer, {type: 'pause'}, {type: 'tick'}, {type: 'pause'}, {type: 'tick'}).step, 1);
});

test('→ skips the rest of the lesson', () => {
	const reducer = demoReducer(script, false);
	const at = script.findIndex((s) => s.lesson === conv1);
	let state: DemoState = {...initialDemoState, step: at};
	state = reducer(state, {type: 'skip'});
	assert.equal(script[state.step], {lesson: conv1 + 1, command: {type: 'goto', index: conv1 + 1}});
});

test('← goes back to the start of this lesson, and from there to the previous lesson', () => {
	const reducer = demoReducer(script, false);
	const start = script.findIndex((s) => s.lesson === conv1);
	let state: DemoState = {...initialDemoState, step: start + 2}; // conv1's derivation
	state = reducer(state, {type: 'back'});
	assert.is(state.step, start, "conv1's first step");
	state = reducer(state, {type: 'back'});
	assert.equal(script[state.step], {lesson: conv1 - 1, command: {type: 'goto', index: conv1 - 1}});
	assert.is(reducer(initialDemoState, {type: 'back'}).step, 0, 'the first step stays');
});

test.run();
