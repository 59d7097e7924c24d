const enter = '\u001b[?1049h\u001b[?25l';
const leave = '\u001b[?25h\u001b[?1049l';

/**
 * Switches the terminal to its alternate screen with the cursor hidden, and returns the function that puts it back;
 * that also runs if the process exits some other way, so the shell is never left without its screen or cursor.
 */
export function enterFullScreen(stream: NodeJS.WriteStream = process.stdout): () => void {
	let active = true;
	const restore = () => {
		if (!active) return;
		active = false;
		stream.write(leave);
	};
	stream.write(enter);
	process.once('exit', restore);
	// Without a keyboard in raw mode (the demo reading /dev/null), Ctrl-C arrives as a signal: restore, then exit as killed.
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => {
			restore();
			process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
		});
	}
	return restore;
}
