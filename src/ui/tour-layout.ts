/** The smallest terminal the tour draws in. */
export const minimumSize = {columns: 80, rows: 24} as const;

/** Where things go: one column (panels take turns with the text) or two (text left, panel right), and the body's height. */
export type TourLayout = {
	readonly fits: boolean;
	readonly wide: boolean;
	readonly bodyRows: number;
	readonly textWidth: number;
	readonly panelWidth: number;
};

/** Lays out a `columns`×`rows` terminal: a header and a footer line, and one row spare so Ink never redraws the whole screen. */
export function tourLayout(columns: number, rows: number): TourLayout {
	const fits = columns >= minimumSize.columns && rows >= minimumSize.rows;
	const wide = columns >= 130;
	const bodyRows = Math.max(1, rows - 3);
	const textWidth = wide ? Math.min(90, Math.floor(columns * 0.48)) : Math.min(100, columns - 2);
	const panelWidth = wide ? columns - textWidth - 3 : columns - 2;
	return {fits, wide, bodyRows, textWidth, panelWidth};
}
