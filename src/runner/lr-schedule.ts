/**
 * The learning rate at step `step` of `total`: a short linear warm-up (the first 3% of steps, at most 100), then
 * a cosine fall to zero. The paper (§5) divided ε by 10 by hand whenever the validation error stopped improving;
 * a one-minute run has no time to wait for that, so the fall is planned in advance.
 */
export function learningRate(base: number, step: number, total: number): number {
	const warmup = Math.min(100, Math.floor(total * 0.03));
	if (step < warmup) return (base * (step + 1)) / warmup;
	const progress = (step - warmup) / Math.max(1, total - warmup);
	return base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
}
