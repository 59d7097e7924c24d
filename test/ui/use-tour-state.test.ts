import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {initialTourState, panelsOf, tourReducer, type Panel, type TourAction, type TourState} from '../../src/ui/use-tour-state.js';
import type {LayerResult} from '../../src/ui/tour-session.js';

const screens: Panel[][] = [['lesson'], ['lesson'], ['lesson', 'derivation', 'live', 'filters'], ['lesson', 'live']];
const apply = (state: TourState, ...actions: TourAction[]) => actions.reduce(tourReducer, state);

test('next and prev move one screen and stop at the ends', () => {
	const s = initialTourState(screens);
	assert.is(apply(s, {type: 'prev'}).index, 0);
	assert.is(apply(s, {type: 'next'}, {type: 'next'}).index, 2);
	assert.is(apply(s, {type: 'next'}, {type: 'next'}, {type: 'next'}, {type: 'next'}, {type: 'next'}).index, 3);
});

test('moving resets the panel, the scroll and the help', () => {
	const s = apply(initialTourState(screens, 2), {type: 'panel'}, {type: 'scroll', delta: 5, max: 10}, {type: 'help'}, {type: 'next'});
	assert.equal([s.index, s.panel, s.scroll, s.help], [3, 'lesson', 0, false]);
});

test("Tab cycles through the screen's own panels and back", () => {
	let s = initialTourState(screens, 2);
	const seen: Panel[] = [];
	for (let i = 0; i < 5; i++) {
		s = tourReducer(s, {type: 'panel'});
		seen.push(s.panel);
	}
	assert.equal(seen, ['derivation', 'live', 'filters', 'lesson', 'derivation']);
	assert.equal(panelsOf(initialTourState(screens, 3)), ['lesson', 'live']);
});

test('a panel the screen does not have is refused', () => {
	const s = initialTourState(screens, 3);
	assert.is(tourReducer(s, {type: 'panel', panel: 'filters'}), s);
});

test('Esc closes the help, then the enlarged channel, then quits; during a run it says how to quit instead', () => {
	const s = apply(initialTourState(screens, 1), {type: 'zoom'}, {type: 'help'});
	const closedHelp = tourReducer(s, {type: 'escape'});
	assert.is(closedHelp.help, false);
	assert.is(closedHelp.zoom, 0);
	const closedZoom = tourReducer(closedHelp, {type: 'escape'});
	assert.is(closedZoom.zoom, undefined);
	assert.is(closedZoom.quit, false);
	const running = tourReducer(closedZoom, {type: 'escape', running: true});
	assert.is(running.quit, false);
	assert.match(running.notice!, 'q quits');
	assert.is(tourReducer(running, {type: 'scroll', delta: 1, max: 5}).notice, undefined, 'the next key clears the notice');
	assert.is(tourReducer(running, {type: 'run-start', id: 'x'}).notice, running.notice, 'the runner does not');
	assert.is(tourReducer(closedZoom, {type: 'escape'}).quit, true);
});

test('a prediction: typed, checked against the expected answer within its tolerance, scored, then the next or closed', () => {
	const expected = {answer: 6.907, tolerance: 0.01};
	let s = apply(initialTourState(screens, 1), {type: 'ask', lesson: 'softmax', at: 0}, {type: 'type', text: '6'}, {type: 'type', text: '.'}, {type: 'type', text: '9'}, {type: 'type', text: '1'});
	assert.is(s.asking!.typed, '6.91');
	s = tourReducer(s, {type: 'answer', expected});
	assert.is(s.asking!.result, 'right');
	assert.equal(s.score, {right: 1, asked: 1});
	assert.is(tourReducer(s, {type: 'type', text: '7'}), s, 'a checked answer takes no more typing');
	s = tourReducer(s, {type: 'next-question', count: 2});
	assert.equal(s.asking, {lesson: 'softmax', at: 1, typed: ''});
	s = apply(s, {type: 'type', text: '7'}, {type: 'answer', expected});
	assert.is(s.asking!.result, 'wrong');
	assert.equal(s.score, {right: 1, asked: 2});
	s = tourReducer(s, {type: 'next-question', count: 2});
	assert.is(s.asking, undefined);
	assert.is(s.asked['softmax'], 2);
	const skipped = apply(initialTourState(screens, 1), {type: 'ask', lesson: 'conv1', at: 1}, {type: 'escape'});
	assert.is(skipped.asking, undefined, 'Esc skips the questions');
	assert.is(skipped.quit, false, 'and does not quit');
	assert.ok(skipped.asked['conv1']! >= 3, 'every question of the lesson counts as behind the learner');
	const moved = tourReducer(tourReducer(initialTourState(screens, 1), {type: 'ask', lesson: 'x', at: 0}), {type: 'next'});
	assert.is(moved.asking, undefined, 'leaving the lesson closes the question');
});

test('scroll stays between 0 and max', () => {
	const s = initialTourState(screens, 1);
	assert.is(apply(s, {type: 'scroll', delta: -3, max: 10}).scroll, 0);
	assert.is(apply(s, {type: 'scroll', delta: 7, max: 10}, {type: 'scroll', delta: 7, max: 10}).scroll, 10);
	assert.is(apply(s, {type: 'scroll', delta: 7, max: 10}, {type: 'scroll', delta: -2, max: 10}).scroll, 5);
});

test('goto clamps to the screens there are', () => {
	assert.is(apply(initialTourState(screens), {type: 'goto', index: 99}).index, 3);
	assert.is(apply(initialTourState(screens), {type: 'goto', index: -4}).index, 0);
});

test('a run collects layers in order, then finishes with the top classes', () => {
	const layer = (name: string) => ({name}) as unknown as LayerResult;
	const s = apply(initialTourState(screens), {type: 'run-start', id: 'conv1'}, {type: 'run-layer', id: 'conv1', layer: layer('conv1')}, {type: 'run-layer', id: 'conv1', layer: layer('relu1')});
	assert.is(s.runs.conv1!.status, 'running');
	assert.equal(
		s.runs.conv1!.layers.map((l) => l.name),
		['conv1', 'relu1'],
	);
	const done = tourReducer(s, {type: 'run-done', id: 'conv1', top5: [{label: 'class 3', probability: 0.5}]});
	assert.is(done.runs.conv1!.status, 'done');
	assert.equal(done.runs.conv1!.top5, [{label: 'class 3', probability: 0.5}]);
});

test('a failed run keeps its message; a layer for an unknown run is ignored', () => {
	const s = apply(initialTourState(screens), {type: 'run-start', id: 'fc6'}, {type: 'run-error', id: 'fc6', error: 'boom'});
	assert.equal([s.runs.fc6!.status, s.runs.fc6!.error], ['error', 'boom']);
	const t = tourReducer(s, {type: 'run-layer', id: 'nope', layer: {name: 'x'} as unknown as LayerResult});
	assert.is(t, s);
});

test('help toggles and quit sets quit', () => {
	const s = initialTourState(screens);
	assert.is(apply(s, {type: 'help'}).help, true);
	assert.is(apply(s, {type: 'help'}, {type: 'help'}).help, false);
	assert.is(apply(s, {type: 'quit'}).quit, true);
});

test.run();
