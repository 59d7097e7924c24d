/** What the loss watch saw: all well, a loss that is not a number, or a loss that has stopped falling from the start. */
export type LossVerdict = {readonly kind: 'ok'} | {readonly kind: 'nan' | 'flat'; readonly message: string; readonly advice: string};

/** Watches the loss batch by batch so training never goes on in silence when it has failed. */
export type LossWatch = {push(loss: number, lr: number): LossVerdict};

/**
 * A watch that reports NaN or ±∞ at once, and a "flat" loss when, after `patience` batches, the mean of the last
 * `window` losses is still within `tolerance` (a fraction) of the mean of the first `window`: nothing was learnt.
 */
export function createLossWatch(options: {window?: number; patience?: number; tolerance?: number} = {}): LossWatch {
	const window = options.window ?? 20;
	const patience = options.patience ?? 150;
	const tolerance = options.tolerance ?? 0.05;
	const first: number[] = [];
	const recent: number[] = [];
	let count = 0;
	let checked = false;
	const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	return {
		push(loss, lr) {
			count++;
			if (!Number.isFinite(loss)) {
				return {
					kind: 'nan',
					message: `the loss became ${loss} at batch ${count}: the weights blew up`,
					advice: `try a smaller learning rate (--lr ${+(lr / 4).toPrecision(2)}) or another --seed`,
				};
			}
			if (first.length < window) first.push(loss);
			recent.push(loss);
			if (recent.length > window) recent.shift();
			if (!checked && count >= patience) {
				checked = true;
				const start = mean(first);
				const now = mean(recent);
				if (now > start * (1 - tolerance)) {
					return {
						kind: 'flat',
						message: `the loss stayed flat for ${count} batches (${start.toFixed(3)} at the start, ${now.toFixed(3)} now): nothing is being learnt`,
						advice: `try a smaller learning rate (--lr ${+(lr / 4).toPrecision(2)}), a larger one if it never moved, or another --seed`,
					};
				}
			}
			return {kind: 'ok'};
		},
	};
}
