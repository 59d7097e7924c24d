import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';

/** The top line: the title (cut to fit) on the left; position, panels, a spinner while running, and the backend on the right. */
export function HeaderBar({title, right, running, width}: {title: string; right: string; running: boolean; width: number}) {
	const busy = running ? 10 : 0;
	const rightCut = right.length > width - busy - 12 ? `${right.slice(0, width - busy - 13)}…` : right;
	const room = width - rightCut.length - busy;
	const cut = title.length > room ? `${title.slice(0, room - 1)}…` : title.padEnd(room);
	return (
		<Box width={width}>
			<Text bold color="magenta">
				{cut}
			</Text>
			{running ? (
				<Text color="yellow">
					<Spinner type="dots" /> running{' '}
				</Text>
			) : null}
			<Text dimColor>{rightCut}</Text>
		</Box>
	);
}

/** The bottom line: the keys (or a notice, in yellow), and how far the body is scrolled. */
export function FooterBar({hint, scroll, width, notice = false}: {hint: string; scroll: string; width: number; notice?: boolean}) {
	return (
		<Box width={width}>
			<Box flexGrow={1}>
				<Text dimColor={!notice} color={notice ? 'yellow' : undefined} wrap="truncate-end">
					{hint}
				</Text>
			</Box>
			<Text dimColor> {scroll}</Text>
		</Box>
	);
}

/** What the tour says when the terminal is smaller than it can draw in. */
export function TooSmall({columns, rows, need}: {columns: number; rows: number; need: {columns: number; rows: number}}) {
	return (
		<Box flexDirection="column">
			<Text>
				This terminal is {columns}×{rows}; the tour needs at least {need.columns}×{need.rows}.
			</Text>
			<Text>Make the window larger (it redraws by itself), or press q to quit.</Text>
		</Box>
	);
}
