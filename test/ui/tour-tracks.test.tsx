import {render} from 'ink-testing-library';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {loadTourLessons} from '../../src/lessons/load-lessons.js';
import {TourApp} from '../../src/ui/tour-app.js';
import {TourWithTracks, type TourTrack, type TourTracks} from '../../src/ui/tour-tracks.js';
import {fakeSession, keys, settle} from './fake-session.js';

const lessons = loadTourLessons();
const size = {columns: 100, rows: 30};
const header = (frame: string | undefined) => (frame ?? '').split('\n')[0]!;

function twoTracks(): TourTracks & {replaceMini(weights: string): void} {
	const listeners = new Set<() => void>();
	const track = (name: TourTrack['name'], label: string, weights: string): TourTrack => {
		const session = {...fakeSession(), weights, trained: name === 'mini'};
		return {name, label, openSession: async () => session};
	};
	let tracks: readonly TourTrack[] = [track('main', 'original', 'random weights'), track('mini', 'mini track', 'the trained weights that ship')];
	return {
		initial: 0,
		tracks: () => tracks,
		subscribe: (l) => {
			listeners.add(l);
			return () => listeners.delete(l);
		},
		replaceMini(weights) {
			tracks = [tracks[0]!, track('mini', 'mini track', weights)];
			for (const l of listeners) l();
		},
	};
}

test('m switches to the mini track at the same lesson, and back', async () => {
	const app = render(<TourWithTracks tracks={twoTracks()} lessons={lessons} level={0} size={size} initialIndex={3} ask={false} />);
	await settle();
	assert.match(header(app.lastFrame()), '3/24');
	assert.match(header(app.lastFrame()), 'original');
	app.stdin.write('m');
	await settle();
	assert.match(header(app.lastFrame()), 'mini track');
	assert.match(header(app.lastFrame()), '3/24');
	app.stdin.write(keys.tab);
	await settle();
	assert.match(app.lastFrame()!, "mini track: the trained 28×28 digit network's conv1");
	app.stdin.write('m');
	await settle();
	assert.match(header(app.lastFrame()), 'original');
	assert.match(app.lastFrame()!, 'm track');
	app.unmount();
});

test("a mini session replaced by the training lesson's weights is picked up, and the old results go", async () => {
	const tracks = twoTracks();
	const app = render(<TourWithTracks tracks={{...tracks, initial: 1}} lessons={lessons} level={0} size={{columns: 100, rows: 60}} initialIndex={19} />);
	await settle();
	app.stdin.write(keys.enter);
	await settle(8);
	assert.match(app.lastFrame()!, 'the trained weights that ship');
	tracks.replaceMini('trained in the training lesson just now, 97.75% on 2,000 test digits');
	await settle(8);
	assert.not.match(app.lastFrame()!, 'the trained weights that ship');
	assert.match(app.lastFrame()!, 'Press Enter', 'the stale pass is gone');
	app.stdin.write(keys.enter);
	await settle(8);
	assert.match(app.lastFrame()!, 'trained in the training lesson just now');
	app.unmount();
});

test('m in a tour of one track says so', async () => {
	const app = render(<TourApp lessons={lessons} openSession={async () => fakeSession()} level={0} size={size} initialIndex={3} />);
	await settle();
	app.stdin.write('m');
	await settle();
	assert.match(app.lastFrame()!, 'This tour has one track.');
	app.unmount();
});

test.run();
