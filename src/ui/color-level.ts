import chalk from 'chalk';

/** Colour support: 0 plain characters, 1 sixteen colours, 2 256 colours, 3 truecolor (24-bit). */
export type ColorLevel = 0 | 1 | 2 | 3;

/** What decides the colour level: the environment, whether output is a terminal, and `--no-color`. */
export type ColorContext = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly isTTY: boolean;
	readonly noColorFlag?: boolean;
};

/** The colour level for this output: NO_COLOR (any value) and --no-color win, then FORCE_COLOR, then the terminal's claims. */
export function colorLevel({env, isTTY, noColorFlag = false}: ColorContext): ColorLevel {
	if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
	const force = env.FORCE_COLOR;
	if (force !== undefined && force !== '') {
		const n = force === 'true' ? 1 : force === 'false' ? 0 : Number(force);
		if (n === 0 || n === 1 || n === 2 || n === 3) return n;
	}
	if (!isTTY || env.TERM === 'dumb') return 0;
	if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
	if (/-256(colou?r)?$/i.test(env.TERM ?? '') || env.TERM_PROGRAM === 'iTerm.app') return 2;
	return 1;
}

/** Makes every chalk user (Ink's <Text color>, marked-terminal) follow the chosen level; returns it. */
export function applyColorLevel(level: ColorLevel): ColorLevel {
	chalk.level = level;
	return level;
}
