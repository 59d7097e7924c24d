/** A backend `auto` tried before the one that runs, and why it passed it over. */
export type SkippedBackend = {readonly name: string; readonly reason: string};

/** Which backend ran, in data: its name, what really ran ("WebAssembly SIMD, 2 threads") and what `auto` passed over. */
export type BackendInfo = {
	readonly backend: string;
	readonly device: string;
	readonly skipped: readonly SkippedBackend[];
};

/** The BackendInfo of a created backend. */
export function backendInfo(b: {readonly name: string; readonly device: string; readonly skipped: readonly SkippedBackend[]}): BackendInfo {
	return {backend: b.name, device: b.device, skipped: b.skipped};
}

/** The backend and what really runs: "webasm (WebAssembly SIMD, 2 threads)". */
export function backendText(b: BackendInfo): string {
	return `${b.backend} (${b.device})`;
}

/** The backend in one line with what `auto` passed over and why, for a home screen or a report. */
export function backendLine(b: BackendInfo): string {
	const skipped = b.skipped.map((s) => `${s.name} (${s.reason})`).join('; ');
	return `${backendText(b)}${skipped ? `: auto passed over ${skipped}` : ''}`;
}

/** What `auto` passed over, one indented line each, under a report's first line. */
export function skippedLines(b: BackendInfo): string[] {
	return b.skipped.map((s) => `  (auto passed over ${s.name}: ${s.reason})`);
}
