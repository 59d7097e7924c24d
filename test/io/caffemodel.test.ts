/**
 * .caffemodel files written by the tests with protobufjs from caffe.proto's own definitions (packed repeated floats,
 * V2 `layer` and V1 `layers` fields, BlobShape and the legacy num/channels/height/width), read back into the original
 * AlexNet with BVLC's deploy prototxt (shared fixtures) and checked value by value.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import protobuf from 'protobufjs';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {decodeCaffemodel} from '../../src/io/caffemodel.js';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {loadNetwork} from '../../src/model/load-network.js';
import {loadCaffeModel} from '../../src/runner/load-caffe.js';
import {initWeights} from '../../src/runner/weights.js';
import {caffeFixture, caffeFixturesDir, haveCaffeFixtures} from '../helpers/caffe-fixtures.js';

// The messages as caffe.proto declares them (a subset: what a weights file holds), floats packed as Caffe writes them.
const caffeSchema = (data: string) => `
syntax = "proto2";
message BlobShape { repeated int64 dim = 1 [packed = true]; }
message BlobProto { optional BlobShape shape = 7; ${data.replace(' [packed = true]', '')} = 5${data.includes('packed') ? ' [packed = true]' : ''}; optional int32 num = 1; optional int32 channels = 2; optional int32 height = 3; optional int32 width = 4; }
message LayerParameter { optional string name = 1; optional string type = 2; repeated string bottom = 3; repeated string top = 4; repeated BlobProto blobs = 7; }
message V1LayerParameter { repeated string bottom = 2; repeated string top = 3; optional string name = 4; optional int32 type = 5; repeated BlobProto blobs = 6; }
message NetParameter { optional string name = 1; repeated V1LayerParameter layers = 2; repeated LayerParameter layer = 100; }
`;
const caffeProto = protobuf.parse(caffeSchema('repeated float data [packed = true]')).root.lookupType('NetParameter');
// For AlexNet's 61 M weights the same message with the packed floats given as their bytes: a packed field and a bytes
// field are the same on the wire (tag, length, payload), and protobufjs would hold 61 M numbers in memory otherwise.
// The small network below shows the reader decodes what protobufjs writes as packed floats.
const caffeProtoBytes = protobuf.parse(caffeSchema('optional bytes data')).root.lookupType('NetParameter');

const dir = mkdtempSync(join(tmpdir(), 'caffemodel-'));

/** A NetParameter of the network's weights, in V2 fields (BlobShape) or V1 ones (4-D legacy dims, fc as [1, 1, out, in]). */
function caffemodel(weights: ReturnType<typeof initWeights>, version: 1 | 2, packed = false): Uint8Array {
	const type = packed ? caffeProto : caffeProtoBytes;
	const legacy = (shape: readonly number[]) => {
		const d = [1, 1, 1, 1, ...shape].slice(-4);
		return {num: d[0], channels: d[1], height: d[2], width: d[3]};
	};
	const bytes = (t: Float32Array) => (packed ? [...t] : new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
	const blob = (t: {shape: readonly number[]; data: Float32Array}) => (version === 2 ? {shape: {dim: [...t.shape]}, data: bytes(t.data)} : {...legacy(t.shape), data: bytes(t.data)});
	const layers = [...weights].map(([name, {w, b}]) => ({name, ...(version === 2 ? {type: 'Convolution'} : {type: 4}), blobs: [blob(w), blob(b)]}));
	return type.encode(type.create(version === 2 ? {name: 'AlexNet', layer: layers} : {name: 'AlexNet', layers})).finish();
}

if (haveCaffeFixtures) {
	const deploy = join(caffeFixturesDir, 'bvlc_alexnet.deploy.prototxt');
	const {text, file} = caffeFixture('bvlc_alexnet.deploy.prototxt');
	const summary = analyzeNetwork(loadNetwork(text, file));
	const weights = initWeights(summary, {seed: 8});
	for (const version of [2, 1] as const) {
		test(`a V${version} .caffemodel loads into BVLC's AlexNet (the original, as Caffe trained it), value by value`, () => {
			const model = join(dir, `bvlc_v${version}.caffemodel`);
			writeFileSync(model, caffemodel(weights, version));
			const loaded = loadCaffeModel(model, deploy);
			assert.is(loaded.matches, 'the original two-GPU AlexNet as Caffe trained it (LRN k = 1, α/n)');
			assert.is(loaded.preprocess, 'caffe');
			assert.is(loaded.summary.totals.params, 60965224);
			for (const [name, {w, b}] of weights) {
				const got = loaded.weights.get(name)!;
				assert.equal(got.w.shape, w.shape, `${name} weights shape`);
				assert.ok(
					got.w.data.every((v, i) => v === w.data[i]),
					`${name} weights differ`,
				);
				assert.ok(
					got.b.data.every((v, i) => v === b.data[i]),
					`${name} biases differ`,
				);
			}
		});
	}

	test('a .caffemodel without a prototxt beside it, or with blobs of the wrong shape, is refused with the reason', () => {
		const model = join(dir, 'alone.caffemodel');
		writeFileSync(model, caffemodel(weights, 2));
		assert.throws(() => loadCaffeModel(model, undefined), /a \.caffemodel holds weights only; give its network with --prototxt/);
		const small = new Map([...weights].map(([n, {w, b}]) => [n, n === 'conv2' ? {w: {shape: [256, 96, 5, 5], data: new Float32Array(256 * 96 * 25)}, b} : {w, b}]));
		writeFileSync(model, caffemodel(small, 2));
		assert.throws(() => loadCaffeModel(model, deploy), /conv2 weights are \[256, 96, 5, 5\], expected \[256, 48, 5, 5\]/);
	});
} else console.log('skipping the .caffemodel tests: the shared Caffe fixtures are absent');

const smallPrototxt = `name: "small"
input: "data"
input_dim: 1 input_dim: 3 input_dim: 12 input_dim: 12
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1" convolution_param { num_output: 4 kernel_size: 3 stride: 2 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "conv2" type: "Convolution" bottom: "conv1" top: "conv2" convolution_param { num_output: 6 kernel_size: 3 group: 2 } }
layer { name: "fc3" type: "InnerProduct" bottom: "conv2" top: "fc3" inner_product_param { num_output: 5 } }
layer { name: "prob" type: "Softmax" bottom: "fc3" top: "prob" }
`;
for (const version of [2, 1] as const) {
	test(`a small V${version} .caffemodel with floats packed as Caffe writes them: every value read back`, () => {
		const prototxt = join(dir, 'small.prototxt');
		writeFileSync(prototxt, smallPrototxt);
		const summary = analyzeNetwork(loadNetwork(smallPrototxt, 'small.prototxt'));
		const weights = initWeights(summary, {seed: version});
		const model = join(dir, `small_v${version}.caffemodel`);
		writeFileSync(model, caffemodel(weights, version, true));
		// The prototxt is found beside the model (same base name).
		writeFileSync(join(dir, `small_v${version}.prototxt`), smallPrototxt);
		const loaded = loadCaffeModel(model, undefined);
		assert.is(loaded.matches, undefined);
		for (const [name, {w, b}] of weights) {
			assert.equal(loaded.weights.get(name)!.w.shape, w.shape);
			assert.equal([...loaded.weights.get(name)!.w.data], [...w.data], name);
			assert.equal([...loaded.weights.get(name)!.b.data], [...b.data], name);
		}
	});
}

test('not a caffemodel: protobuf with no weights, or not protobuf at all', () => {
	assert.throws(() => decodeCaffemodel(caffeProto.encode({name: 'empty'}).finish(), 'e.caffemodel'), /holds no layer with weights/);
	assert.throws(() => decodeCaffemodel(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]), 'j.caffemodel'), /is not a Caffe model/);
});

test.after(() => rmSync(dir, {recursive: true, force: true}));
test.run();
