/**
 * One run of a layer-by-layer computation (a forward pass) that any number of readers can follow: the run starts
 * at once and goes on in the background, each reader gets its results in order as they arrive, and a reader who
 * comes later gets the stored ones at once. The tour starts the pass while the learner reads, so Enter shows what
 * is ready and follows the rest layer by layer instead of computing it all again.
 */
export type SharedPass<T> = {
	/** The results in order, up to and including the one named `until` (all when undefined). */
	results(until?: string): AsyncIterable<T>;
};

export function sharedPass<T extends {readonly name: string}>(source: AsyncIterable<T>): SharedPass<T> {
	const seen: T[] = [];
	let finished = false;
	let failure: {error: unknown} | undefined;
	let wake: (() => void)[] = [];
	const notify = () => {
		const waiting = wake;
		wake = [];
		for (const w of waiting) w();
	};
	void (async () => {
		try {
			for await (const result of source) {
				seen.push(result);
				notify();
			}
		} catch (error) {
			failure = {error};
		}
		finished = true;
		notify();
	})();
	return {
		async *results(until) {
			for (let i = 0; ; i++) {
				while (i >= seen.length && !finished) await new Promise<void>((resolve) => wake.push(resolve));
				if (i >= seen.length) {
					if (failure) throw failure.error;
					return;
				}
				yield seen[i]!;
				if (seen[i]!.name === until) return;
			}
		},
	};
}
