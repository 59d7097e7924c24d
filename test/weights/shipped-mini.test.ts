import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {readFileSync} from 'node:fs';
import {shippedWeightsPath} from '../../src/io/shipped-weights.js';
import {readWeightsMetadata} from '../../src/io/weights-file.js';
import {createFastBackend} from '../../src/backends/fast/fast-backend.js';
import {loadMnist} from '../../src/data/mnist.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {mini} from '../../src/model/networks.js';
import {evaluate} from '../../src/runner/evaluate.js';
import {loadWeights} from '../../src/runner/load-weights.js';

// The trained mini AlexNet the package ships: it must still score, digit for digit, what its own metadata says, on the
// backend and thread count that trained it (scripts/train-mini-weights.mjs).
test('the shipped mini weights score what their metadata says on the held-out digits', async () => {
	const file = shippedWeightsPath();
	const meta = readWeightsMetadata(file);
	assert.is(meta['network'], 'mini');
	const testCount = Number(meta['testCount']);
	const claimed = Number(meta['testAccuracy']);
	assert.is(testCount, 10000, 'scored on all of the test set');
	assert.ok(claimed >= 0.98, `claims ${claimed}`);
	const summary = analyzeNetwork(mini);
	const {weights} = loadWeights(file, summary);
	const backend = createFastBackend({threads: 1});
	try {
		const result = await evaluate(backend, summary, weights, loadMnist({train: 1, test: testCount}).test);
		assert.is(Math.round(result.accuracy * testCount), Math.round(claimed * testCount), `scores ${result.accuracy}, the file says ${claimed}`);
	} finally {
		backend.dispose();
	}
});

test('the script that trains them uses the seed and test count the file records', () => {
	const meta = readWeightsMetadata(shippedWeightsPath());
	const script = readFileSync(new URL('../../scripts/train-mini-weights.mjs', import.meta.url), 'utf8');
	assert.match(script, `'--seed', '${meta['seed']}'`);
	assert.match(script, `'--test', '${meta['testCount']}'`);
	assert.match(script, "'--save', 'weights/mini.safetensors'");
});

test.run();
