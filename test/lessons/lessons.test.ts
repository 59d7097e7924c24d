import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {resolveLesson} from '../../src/lessons/lesson.js';
import {lessonsDir, loadLessons} from '../../src/lessons/load-lessons.js';
import {renderMarkdown} from '../../src/lessons/render-markdown.js';
import {createTokenValues} from '../../src/lessons/token-values.js';

const dir = lessonsDir();
const sources = loadLessons(dir);
const values = createTokenValues();

test('there are lessons, in order, with unique ids', () => {
	assert.ok(sources.length >= 20, `${sources.length} lessons`);
	const ids = sources.map((s) => s.id);
	assert.equal(new Set(ids).size, ids.length);
	const orders = sources.map((s) => s.order);
	assert.equal(
		orders,
		[...orders].sort((a, b) => a - b),
	);
});

test('every layer from conv1 to fc8 and the softmax has its own lesson', () => {
	const taught = new Set(sources.filter((s) => s.run === 'layer').map((s) => s.layer));
	for (const layer of ['conv1', 'conv2', 'conv3', 'conv4', 'conv5', 'fc6', 'fc7', 'fc8', 'prob']) {
		assert.ok(taught.has(layer), `no layer lesson for ${layer}`);
	}
});

test('every lesson names a layer the original network has', () => {
	const names = new Set(networks.original.layers.map((l) => l.name));
	for (const s of sources) if (s.layer) assert.ok(names.has(s.layer), `${s.file}: layer ${s.layer}`);
});

test('every lesson resolves every token and renders', () => {
	for (const s of sources) {
		const lesson = resolveLesson(s, values);
		assert.not.match(lesson.markdown, /\{\{|\}\}/, s.file);
		const text = renderMarkdown(lesson.markdown, {width: 60, color: false});
		assert.ok(text.includes(s.title), `${s.file}: title missing from the rendering`);
		assert.not.match(text, '\u001b', `${s.file}: escape code in plain rendering`);
	}
});

// Every figure the model computes (≥ 1,000, with or without separators) and every H×W×C shape.
function computedFigures(): Set<string> {
	const figures = new Set<string>();
	for (const net of Object.values(networks)) {
		const summary = analyzeNetwork(net);
		const numbers = [...Object.values(summary.totals)];
		for (const l of summary.layers) {
			numbers.push(l.params, l.weights, l.macs, l.activations, l.activationBytes, l.weightBytes);
			if (l.output.length === 3) {
				figures.add(l.output.join('×'));
				figures.add(l.output.join('x'));
				figures.add(l.output.join(' × '));
			}
		}
		for (const n of numbers) {
			if (n < 1000) continue;
			figures.add(n.toLocaleString('en-US'));
			figures.add(String(n));
		}
	}
	return figures;
}

test('no lesson types by hand a figure the model computes', () => {
	const figures = computedFigures();
	assert.ok(figures.has('60,965,224') && figures.has('55×55×96') && figures.has('34,944'), 'the scan knows the figures');
	for (const s of sources) {
		const text = readFileSync(join(dir, s.file), 'utf8').replace(/\{\{[^}]*\}\}/g, ' ');
		for (const f of figures) {
			const at = new RegExp(`(^|[^\\d.,×x])${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\d×x])`).exec(text);
			assert.ok(!at, `${s.file}: "${f}" is typed by hand; use a token`);
		}
	}
});

test.run();
