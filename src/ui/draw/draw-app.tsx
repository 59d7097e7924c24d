import chalk from 'chalk';
import {Box, Text, useApp, useStdin} from 'ink';
import {useEffect, useMemo, useReducer, useState} from 'react';
import {type Canvas, canvasSide, centerDigit} from '../../data/digit-canvas.js';
import type {ColorLevel} from '../color-level.js';
import {plainRamps} from '../render/palette.js';
import {halfBlockLines} from '../render/heatmap-lines.js';
import {drawInput, drawReducer, initialDrawState} from './draw-state.js';
import {LinesView} from '../components/lines-view.js';

/** What the pad needs from outside: a classifier of a centred 28×28 digit (ten probabilities), a real test digit, and in words which weights. */
export type DrawAppProps = {
	readonly classify: (digit: Canvas) => Promise<readonly number[]>;
	readonly sample: () => Canvas;
	readonly weights: string;
	readonly level: ColorLevel;
};

const grey = (v: number) => Math.round(Math.max(0, Math.min(1, v)) * 255);

/** The canvas as text rows: half blocks (two pixel rows a line, each pixel two columns), the key cursor in yellow. */
export function canvasLines(canvas: Canvas, cursor: {x: number; y: number} | undefined, level: ColorLevel): string[] {
	const at = (y: number, x: number) => canvas[y * canvasSide + x]!;
	if (level >= 2) {
		const cursorColour = [255, 200, 0] as const;
		return halfBlockLines(
			(y, column) => {
				const x = Math.floor(column / 2);
				if (cursor && cursor.x === x && cursor.y === y) return cursorColour;
				const g = grey(at(y, x));
				return [g, g, g];
			},
			canvasSide,
			canvasSide * 2,
			level,
		);
	}
	const ramp = plainRamps.positive;
	const lines: string[] = [];
	for (let r = 0; r < canvasSide; r += 2) {
		let line = '';
		for (let x = 0; x < canvasSide; x++) {
			const here = cursor && cursor.x === x && (cursor.y === r || cursor.y === r + 1);
			const ch = ramp[Math.min(ramp.length - 1, Math.round(((at(r, x) + at(r + 1, x)) / 2) * (ramp.length - 1)))]!;
			line += here ? '[]' : `${ch}${ch}`;
		}
		lines.push(line);
	}
	return lines;
}

/** The ten probabilities as bars, the most probable marked. */
export function probabilityLines(probs: readonly number[] | undefined, width: number): string[] {
	if (!probs) return ['(draw something)'];
	const best = probs.indexOf(Math.max(...probs));
	const barWidth = Math.max(4, width - 10);
	return probs.map((p, d) => {
		const filled = Math.round(p * barWidth);
		const bar = '█'.repeat(filled) + '·'.repeat(barWidth - filled);
		const line = `${d} ${bar} ${(p * 100).toFixed(0).padStart(3)}%`;
		return d === best ? chalk.bold.green(line) : line;
	});
}

/**
 * Draw a digit with the mouse (left button inks, right erases) or the keys (arrows move, space puts the pen down or
 * lifts it, e the eraser, c clears, t loads a real test digit), and watch the trained mini AlexNet classify it live,
 * centred as MNIST centred its digits.
 */
export function DrawApp({classify, sample, weights, level}: DrawAppProps) {
	const {exit} = useApp();
	const {stdin, setRawMode} = useStdin();
	const [state, dispatch] = useReducer(drawReducer, initialDrawState);
	const [probs, setProbs] = useState<readonly number[]>();
	useEffect(() => {
		setRawMode(true);
		const onData = (data: Buffer | string) => {
			for (const action of drawInput(data.toString())) dispatch(action.type === 'sample' ? {type: 'load', canvas: sample()} : action);
		};
		stdin.on('data', onData);
		return () => {
			stdin.off('data', onData);
			setRawMode(false);
		};
	}, [stdin, setRawMode, sample]);
	useEffect(() => {
		if (state.quit) exit();
	}, [state.quit, exit]);
	const centred = useMemo(() => centerDigit(state.canvas), [state.canvas]);
	// Only the latest drawing's answer is shown: a slower earlier one arriving late is dropped.
	useEffect(() => {
		let current = true;
		if (centred.every((v) => v === 0)) setProbs(undefined);
		else void classify(centred).then((p) => current && setProbs(p));
		return () => {
			current = false;
		};
	}, [centred, classify]);
	const pen = {up: 'pen up', ink: chalk.green('pen down: moving draws'), erase: chalk.yellow('eraser: moving erases')}[state.pen];
	return (
		<Box flexDirection="column">
			{/* One line exactly: the canvas's place on screen is what the mouse reports are mapped by. */}
			<Text wrap="truncate-end">
				{chalk.bold.magenta('Draw a digit')} {chalk.dim('with the mouse: left button draws, right erases')}
			</Text>
			<Box>
				<Box paddingLeft={2}>
					<LinesView lines={canvasLines(state.canvas, state.cursor, level)} offset={0} height={canvasSide / 2} width={canvasSide * 2} />
				</Box>
				<Box flexDirection="column" paddingLeft={1} width={22}>
					<Text bold>it reads</Text>
					<LinesView lines={probabilityLines(probs, 21)} offset={0} height={10} width={21} />
				</Box>
			</Box>
			<Text wrap="truncate-end">
				{pen} {chalk.dim('· arrows move, space pen, e eraser, c clear, t test digit, q quit')}
			</Text>
			<Text dimColor wrap="truncate-end">
				the mini AlexNet sees your digit centred in 20×20 as MNIST's were · {weights}
			</Text>
		</Box>
	);
}
