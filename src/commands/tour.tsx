import {render} from 'ink';
import {loadTourLessons} from '../lessons/load-lessons.js';
import {loadModel} from './forward-setup.js';
import {applyColorLevel, colorLevel, type ColorLevel} from '../ui/color-level.js';
import {chooseProtocol, guessProtocol, imageSequence, kittyClear, queryGraphics, type ImageProtocol, type ImagesMode} from '../io/terminal-image.js';
import type {TerminalImages} from '../ui/terminal-images.js';
import {TourWithTracks} from '../ui/tour-tracks.js';
import {enterFullScreen} from './full-screen.js';
import {lessonList} from './lessons.js';
import type {TourOptions} from './tour-session.js';
import {tourTracks} from './tour-tracks.js';
import {UsageError} from '../errors.js';
import {findLesson} from '../lessons/find-lesson.js';

/** The tour's flags: backend, network setup, `--lesson` to start at, `--no-color`. */
export type TourCommandOptions = TourOptions & {readonly color?: boolean; readonly lesson?: string; readonly images?: ImagesMode};

/**
 * `--images`: asks the terminal what it draws (as ink-picture does) unless `never`; with colour, a protocol it answers
 * for is used, and `always` falls back to the environment's best guess. Undefined: half blocks.
 */
export async function terminalImages(mode: ImagesMode = 'auto', level: ColorLevel): Promise<TerminalImages | undefined> {
	if (!['never', 'auto', 'always'].includes(mode)) throw new UsageError(`--images ${mode}: expected never, auto or always`);
	if (mode === 'never' || (mode === 'auto' && level < 2)) return undefined;
	const caps = await queryGraphics(process.stdin, process.stdout);
	const protocol = (caps && chooseProtocol(caps, process.env)) ?? (mode === 'always' ? guessProtocol(process.env) : undefined);
	return protocol ? imagesFor(protocol, caps?.cell, (sequence) => process.stdout.write(sequence)) : undefined;
}

/** The tour's image drawing for one protocol: the encoder at the terminal's cell size, kitty's clear, and the writer. */
export function imagesFor(protocol: ImageProtocol, cell: {width: number; height: number} | undefined, write: (sequence: string) => void): TerminalImages {
	return {encode: (picture, cols, rows) => imageSequence(protocol, picture, cols, rows, cell), clear: protocol === 'kitty' ? kittyClear : '', write};
}

/** What `alexnet-tour` prints when there is no terminal to draw in. */
export function noTerminalText(list: string): string {
	return `alexnet-tour: the interactive tour needs a terminal; here are its lessons:

${list}

Read one as text:   alexnet-tour lesson conv1
Classroom mode:     alexnet-tour demo
Every command:      alexnet-tour --help
`;
}

/** `alexnet-tour` (the default command): the full-screen interactive tour; without a TTY, the lesson list and usage. */
export async function run(options: TourCommandOptions, extra: readonly string[] = []): Promise<void> {
	if (extra.length > 0) throw new UsageError(`unknown command '${extra[0]}'`);
	// A trained model's own figures in the lesson text, where it has the layers the lessons name.
	const model = options.model === undefined ? undefined : loadModel(options.model, options.prototxt);
	const lessons = loadTourLessons(undefined, model?.summary.network);
	const start = options.lesson === undefined ? 0 : findLesson(lessons, options.lesson).order;
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		process.stdout.write(noTerminalText(lessonList(lessons)));
		return;
	}
	const level = applyColorLevel(colorLevel({env: process.env, isTTY: true, noColorFlag: options.color === false}));
	const images = await terminalImages(options.images, level);
	const tracks = tourTracks(options);
	const restore = enterFullScreen();
	try {
		const app = render(
			<TourWithTracks tracks={tracks} lessons={lessons} level={level} initialIndex={lessons.findIndex((l) => l.order === start) + 1} {...(images ? {images} : {})} onQuit={(interrupted) => interrupted && (process.exitCode = 130)} />,
			{
				exitOnCtrlC: false,
			},
		);
		await app.waitUntilExit();
	} finally {
		restore();
		tracks.dispose();
	}
}
