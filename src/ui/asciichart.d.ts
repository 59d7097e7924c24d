// asciichart ships no types: the part of its API this project uses.
declare module 'asciichart' {
	type PlotConfig = {height?: number; offset?: number; padding?: string; colors?: string[]; format?: (x: number, i: number) => string; min?: number; max?: number};
	const asciichart: {
		plot(series: number[] | number[][], config?: PlotConfig): string;
		green: string;
		blue: string;
		magenta: string;
		red: string;
		yellow: string;
		cyan: string;
		default: string;
	};
	export default asciichart;
}
