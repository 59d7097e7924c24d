import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

/** The real Caffe files shared beside the repo (../shared/fixtures/caffe/), read in place, never copied in. */
export const caffeFixturesDir = fileURLToPath(new URL('../../../shared/fixtures/caffe/', import.meta.url));

/** Whether the fixtures folder is here; tests that need it skip (and say so) when it is not. */
export const haveCaffeFixtures = existsSync(caffeFixturesDir);

if (!haveCaffeFixtures) console.log(`skipping Caffe fixture tests: ${caffeFixturesDir} is absent`);

/** The text of one fixture file and the name to report it by. */
export function caffeFixture(name: string): {text: string; file: string} {
	return {text: readFileSync(caffeFixturesDir + name, 'utf8'), file: name};
}
