import asciichart from 'asciichart';
import chalk from 'chalk';

const curves = {
	relu: (x: number) => Math.max(0, x),
	tanh: Math.tanh,
	sigmoid: (x: number) => 1 / (1 + Math.exp(-x)),
};
const gradients = {
	relu: (x: number) => (x > 0 ? 1 : 0),
	tanh: (x: number) => 1 - Math.tanh(x) ** 2,
	sigmoid: (x: number) => curves.sigmoid(x) * (1 - curves.sigmoid(x)),
};

/** Samples f on [−4, 4] at n points. */
export function sampleCurve(f: (x: number) => number, n: number): number[] {
	return Array.from({length: n}, (_, i) => f(-4 + (8 * i) / (n - 1)));
}

/** ReLU, tanh and sigmoid on [−4, 4], then their gradients, as two asciichart plots (green, blue, magenta). */
export function activationLines(width: number, color: boolean): string[] {
	const n = Math.max(20, Math.min(60, width - 12));
	const colors = color ? [asciichart.green, asciichart.blue, asciichart.magenta] : undefined;
	const plot = (fs: Record<string, (x: number) => number>, height: number) =>
		asciichart
			.plot(
				Object.values(fs).map((f) => sampleCurve(f, n)),
				{height, ...(colors ? {colors} : {}), format: (x: number) => x.toFixed(2).padStart(6)},
			)
			.split('\n');
	const legend = color ? `${chalk.green('relu')}  ${chalk.blue('tanh')}  ${chalk.magenta('sigmoid')}` : 'relu, tanh, sigmoid (top to bottom at x = 4)';
	return [
		`f(x) for x from −4 to 4: ${legend}`,
		...plot(curves, 8),
		'',
		`gradient f′(x): ReLU's stays 1 for every x > 0; tanh's and sigmoid's fade to 0`,
		...plot(gradients, 6),
		'',
		`at x = 4: tanh′ = ${gradients.tanh(4).toFixed(4)}, sigmoid′ = ${gradients.sigmoid(4).toFixed(4)}, relu′ = 1`,
		'Press Enter to run conv1 and relu1 and see how many units ReLU zeroes.',
	];
}
