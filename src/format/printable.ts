/**
 * Text from a file made safe for a terminal: control characters (C0, DEL, C1, which start escape sequences that
 * retitle, clear or rewrite the screen) become U+FFFD. Every name a file supplies passes through this.
 */
export function printable(text: string): string {
	// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
	return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
