import {Box, Text} from 'ink';

/** Shows `height` lines of `lines` from `offset`, each cut to `width` columns (lines carry their own colour codes). */
export function LinesView({lines, offset, height, width}: {lines: readonly string[]; offset: number; height: number; width: number}) {
	const shown = lines.slice(offset, offset + height);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{shown.map((line, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a line is its position in the scrolled text; lines repeat
				<Text key={offset + i} wrap="truncate-end">
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}
