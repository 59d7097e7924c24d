import {packageFile} from './package-file.js';

/** What `--weights` names the weights that ship with the package (the mini AlexNet trained by scripts/train-mini-weights.mjs). */
export const shippedWeightsName = 'shipped';

/** The package's trained mini AlexNet, weights/mini.safetensors. */
export function shippedWeightsPath(from = import.meta.url): string {
	return packageFile('weights/mini.safetensors', from);
}
