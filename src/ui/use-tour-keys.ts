import type {TourAction} from './use-tour-state.js';

/** The subset of Ink's Key this tour reads (so the mapping is tested without Ink). */
export type KeyInfo = {
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly tab?: boolean;
	readonly escape?: boolean;
	readonly ctrl?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
};

/** While an answer is typed: the characters of a number go into it, Backspace takes one back; anything else is a key as usual. */
export function answerKey(input: string, key: KeyInfo): TourAction | undefined {
	if (key.backspace || key.delete) return {type: 'erase'};
	if (!key.ctrl && /^[0-9.,_ eE+-]$/.test(input)) return {type: 'type', text: input};
	return undefined;
}

/** What a key asks for: a state change, a run of the current lesson, or nothing. `page` is the body height in lines. */
export type KeyCommand = TourAction | {readonly type: 'run'} | {readonly type: 'track'} | undefined;

/**
 * Maps a key press to a command: → n next, ← p previous, Home End the first and last screen, ↑ ↓ k j PgUp PgDn scroll,
 * Enter run, Tab panel, ? help, m the other track, z one channel enlarged, [ ] the channel before and after, Esc closes what is open (and
 * quits from the plain screen), q Ctrl-C quit. A Tab or Enter split out of a chunk of keys ("\t\t") arrives as the
 * bare character, so the characters count as the keys.
 */
export function keyCommand(input: string, key: KeyInfo, page: number, max: number): KeyCommand {
	if (key.ctrl && input === 'c') return {type: 'quit', interrupted: true};
	if (input === 'q') return {type: 'quit'};
	if (key.escape) return {type: 'escape'};
	if (key.rightArrow || input === 'n') return {type: 'next'};
	if (key.leftArrow || input === 'p') return {type: 'prev'};
	if (key.upArrow || input === 'k') return {type: 'scroll', delta: -1, max};
	if (key.downArrow || input === 'j') return {type: 'scroll', delta: 1, max};
	if (key.pageUp) return {type: 'scroll', delta: -Math.max(1, page - 1), max};
	if (key.pageDown || input === ' ') return {type: 'scroll', delta: Math.max(1, page - 1), max};
	if (key.home) return {type: 'goto', index: 0};
	if (key.end) return {type: 'goto', index: Number.MAX_SAFE_INTEGER};
	if (key.return || input === '\r' || input === '\n') return {type: 'run'};
	if (key.tab || input === '\t') return {type: 'panel'};
	if (input === '?') return {type: 'help'};
	if (input === 'z') return {type: 'zoom'};
	if (input === 'm') return {type: 'track'};
	if (input === ']') return {type: 'channel', delta: 1};
	if (input === '[') return {type: 'channel', delta: -1};
	return undefined;
}

/** What a key does in the play panel: choose the hyperparameter (, .), change it (+ = −  -), or restore the real layer (r). */
export type PlayCommand = {readonly type: 'select' | 'change'; readonly delta: number} | {readonly type: 'reset'};

/** The play panel's keys; any other key is a key as usual. */
export function playCommand(input: string): PlayCommand | undefined {
	if (input === ',' || input === '<') return {type: 'select', delta: -1};
	if (input === '.' || input === '>') return {type: 'select', delta: 1};
	if (input === '+' || input === '=') return {type: 'change', delta: 1};
	if (input === '-' || input === '_') return {type: 'change', delta: -1};
	if (input === 'r') return {type: 'reset'};
	return undefined;
}
