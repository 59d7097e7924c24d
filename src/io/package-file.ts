import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * A file or folder of this package (`lessons`, `weights/mini.safetensors`), found by walking up from `from` to the
 * folder with package.json that holds it: the bundle (dist/cli.js) and the sources (src/…/x.ts) sit at different
 * depths below the package root. A missing one is a packaging bug, thrown as a plain Error.
 */
export function packageFile(relative: string, from: string): string {
	let dir = dirname(fileURLToPath(from));
	for (let i = 0; i < 4; i++) {
		const candidate = join(dir, relative);
		if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
		dir = dirname(dir);
	}
	throw new Error(`${relative} not found above ${fileURLToPath(from)}: the package is incomplete`);
}
