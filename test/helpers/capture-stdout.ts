/** Runs `fn` with process.stdout.write captured; returns what it printed (nothing reaches the terminal). */
export async function captureStdout(fn: () => Promise<void> | void): Promise<string> {
	const original = process.stdout.write;
	let text = '';
	process.stdout.write = ((chunk: string | Uint8Array) => {
		text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		return true;
	}) as typeof process.stdout.write;
	try {
		await fn();
	} finally {
		process.stdout.write = original;
	}
	return text;
}
