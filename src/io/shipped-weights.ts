import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** What `--weights` names the weights that ship with the package (the mini AlexNet trained by scripts/train-mini-weights.mjs). */
export const shippedWeightsName = 'shipped';

/**
 * The package's trained mini AlexNet (weights/mini.safetensors), found by walking up from this file as the lessons are:
 * the bundle (dist/cli.js) and the sources sit at different depths below the package root.
 */
export function shippedWeightsPath(from = import.meta.url): string {
	let dir = dirname(fileURLToPath(from));
	for (let i = 0; i < 4; i++) {
		const candidate = join(dir, 'weights', 'mini.safetensors');
		if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
		dir = dirname(dir);
	}
	throw new Error(`weights/mini.safetensors not found above ${fileURLToPath(from)}: the package is incomplete`);
}
