import {render} from 'ink';
import {UsageError} from '../errors.js';
import {findLesson} from '../lessons/find-lesson.js';
import {loadTourLessons} from '../lessons/load-lessons.js';
import {renderMarkdown} from '../lessons/render-markdown.js';
import {weightsText} from '../lessons/weights-text.js';
import {applyColorLevel, colorLevel} from '../ui/color-level.js';
import {DemoApp} from '../ui/demo-app.js';
import {enterFullScreen} from './full-screen.js';
import {terminalImages} from './tour.js';
import type {ImagesMode} from '../io/terminal-image.js';
import {lazySession, openTourSession, type TourOptions} from './tour-session.js';

/** The demo's flags: seconds a step, looping, the first lesson, `--no-color`, and the tour's backend and setup flags. */
export type DemoOptions = TourOptions & {readonly stepSeconds?: number; readonly loop?: boolean; readonly from?: string; readonly color?: boolean; readonly fullTraining?: boolean; readonly big?: boolean; readonly images?: ImagesMode};

/** `alexnet-tour demo`: the tour plays itself (classroom mode); with no terminal it prints the lessons in order instead. */
export async function run(options: DemoOptions): Promise<void> {
	const stepSeconds = options.stepSeconds ?? 6;
	if (!(stepSeconds > 0)) throw new UsageError(`--step-seconds ${stepSeconds}: expected a positive number of seconds`);
	const lessons = loadTourLessons();
	const from = options.from === undefined ? 1 : findLesson(lessons, options.from).order;
	const start = lessons.findIndex((l) => l.order === from) + 1;
	if (!process.stdout.isTTY) {
		for (const lesson of lessons.slice(start - 1)) process.stdout.write(`${renderMarkdown(weightsText(lesson.markdown, false), {width: 79, color: false})}\n\n`);
		return;
	}
	const level = applyColorLevel(colorLevel({env: process.env, isTTY: true, noColorFlag: options.color === false}));
	// The room does not sit through the full training run unless asked: the short preset takes about 7 s.
	const openSession = lazySession(() => openTourSession({...options, shortTraining: options.fullTraining !== true}));
	const images = await terminalImages(options.images, level);
	const restore = enterFullScreen();
	try {
		const app = render(
			<DemoApp
				{...(images ? {images} : {})}
				lessons={lessons}
				openSession={openSession}
				level={level}
				stepSeconds={stepSeconds}
				loop={options.loop === true}
				from={start}
				keyboard={process.stdin.isTTY === true}
				big={options.big === true}
			/>,
			{
				exitOnCtrlC: process.stdin.isTTY !== true,
			},
		);
		await app.waitUntilExit();
	} finally {
		restore();
		openSession().then(
			(s) => s.dispose?.(),
			() => {},
		);
	}
}
