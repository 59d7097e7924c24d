// Trains the mini AlexNet weights the package ships (weights/mini.safetensors), reproducibly: one fixed seed, the fast
// backend on one thread, all 60,000 training digits for three epochs, scored on all 10,000 test digits. The score and
// the run's settings are written into the file's own metadata; test/weights/shipped-mini.test.ts checks the file still
// scores what it says. Run it after `npm run build`: node scripts/train-mini-weights.mjs (about 8 minutes on 2 cores).
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = ['dist/cli.js', 'train', '--seed', '2012', '--epochs', '3', '--train', '60000', '--test', '10000', '--threads', '1', '--backend', 'fast', '--save', 'weights/mini.safetensors', '--force', '--json'];
const run = spawnSync(process.execPath, args, {cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8'});
process.stdout.write(run.stdout);
if (run.status !== 0) process.exit(run.status ?? 1);
