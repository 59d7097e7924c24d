// marked-terminal ships no types: the one entry point this project uses.
declare module 'marked-terminal' {
	import type {MarkedExtension} from 'marked';
	export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): MarkedExtension;
}
