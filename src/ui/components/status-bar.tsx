import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';

/** The top line: the title (cut to fit) on the left; position, panels, a spinner while running, and the backend on the right. */
export function HeaderBar({title, right, running, width}: {title: string; right: string; running: boolean; width: number}) {
	const room = Math.max(10, width - right.length - (running ? 12 : 0) - 2);
	const cut = title.length > room ? `${title.slice(0, room - 1)}…` : title;
	return (
		<Box width={width}>
			<Box flexGrow={1}>
				<Text bold color="magenta">
					{cut}
				</Text>
			</Box>
			{running ? (
				<Text color="yellow">
					<Spinner type="dots" /> running{' '}
				</Text>
			) : null}
			<Text dimColor>{right}</Text>
		</Box>
	);
}

/** The bottom line: the keys, and how far the body is scrolled. */
export function FooterBar({hint, scroll, width}: {hint: string; scroll: string; width: number}) {
	return (
		<Box width={width}>
			<Box flexGrow={1}>
				<Text dimColor wrap="truncate-end">
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
