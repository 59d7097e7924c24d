import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {forwardReport} from '../../src/commands/forward.js';
import {tiny} from '../runner/tiny-network.js';

// An independent check of what --save writes: NumPy recomputes conv1 (stride 2, pad 1) and fc6 from the saved
// input, weights and outputs, so the layouts really are PyTorch's (fc input flattened in C, H, W order).
const script = `
import json, sys
import numpy as np
d = sys.argv[1]
L = lambda n: np.load(f"{d}/{n}.npy").astype(np.float64)
x, w, b = L("input"), L("conv1.weights"), L("conv1.bias")
xp = np.pad(x, ((0, 0), (1, 1), (1, 1)))
out = np.zeros((4, 5, 5))
for o in range(4):
    for i in range(5):
        for j in range(5):
            out[o, i, j] = (xp[:, 2 * i:2 * i + 3, 2 * j:2 * j + 3] * w[o]).sum() + b[o]
fc6 = L("fc6.weights") @ L("relu2.output").reshape(-1) + L("fc6.bias")
print(json.dumps({"conv1": float(np.abs(out - L("conv1.output")).max()), "fc6": float(np.abs(fc6 - L("fc6.output")).max()),
                  "shapes": [list(np.load(f"{d}/{n}.npy").shape) for n in ("input", "conv1.output", "relu2.output", "fc6.weights")]}))
`;

const python = spawnSync('python3', ['-c', 'import numpy'], {encoding: 'utf8'});
if (python.status !== 0) console.log('skipping the NumPy cross-check: python3 with numpy is not installed here');
else {
	test('NumPy reads the --save files and recomputes conv1 and fc6 from them', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'alexnet-numpy-'));
		await forwardReport({network: tiny, backend: 'reference', seed: 21, save: dir});
		const r = spawnSync('python3', ['-c', script, dir], {encoding: 'utf8'});
		assert.is(r.status, 0, r.stderr);
		const got = JSON.parse(r.stdout);
		assert.equal(got.shapes, [
			[3, 9, 9],
			[4, 5, 5],
			[4, 3, 3],
			[5, 36],
		]);
		assert.ok(got.conv1 < 1e-4, `conv1 differs by ${got.conv1}`);
		assert.ok(got.fc6 < 1e-4, `fc6 differs by ${got.fc6}`);
	});
}

test.run();
