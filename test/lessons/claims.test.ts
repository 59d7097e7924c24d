import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {trainDefaults} from '../../src/commands/train.js';
import {resolveLesson, sourceComment} from '../../src/lessons/lesson.js';
import {lessonsDir, loadLessons} from '../../src/lessons/load-lessons.js';
import {renderMarkdown} from '../../src/lessons/render-markdown.js';
import {createTokenValues} from '../../src/lessons/token-values.js';
import {weightsText} from '../../src/lessons/weights-text.js';

// The lessons' claims that are not the model's arithmetic: errors a review found, which must not come back, and
// the rule that every quoted result or date carries its source in the lesson file.

const dir = lessonsDir();
const sources = loadLessons(dir);
const values = createTokenValues();
const resolved = sources.map((s) => ({id: s.id, markdown: resolveLesson(s, values).markdown}));
const byId = (id: string): string => {
	const lesson = resolved.find((l) => l.id === id);
	if (!lesson) throw new Error(`no lesson ${id}`);
	return lesson.markdown;
};
/** A lesson's text with its lines joined, so a phrase broken across lines is still found. */
const flat = (markdown: string) => markdown.replace(/\s+/g, ' ');
const every = resolved.map((l) => ({id: l.id, text: flat(l.markdown)}));

test('depth is counted as the paper counts it: learned layers, never every operation', () => {
	const layers = values.value('total.layers');
	const learned = values.value('total.learned');
	assert.is(learned, 8, 'five convolutional and three fully connected layers');
	for (const {id, text} of every) {
		assert.not.match(text, new RegExp(`\\b${layers}[- ]layers?\\b`), `${id}: "${layers} layers" counts every ReLU and pool`);
	}
	assert.match(flat(byId('why-alexnet')), `${learned} learned layers`);
	assert.match(flat(byId('forward-pass')), `${layers} operations (${learned} learned layers)`);
});

test('15.3% is always said to be the ensemble, and the single network gets its own 18.2%', () => {
	for (const l of resolved) {
		for (const paragraph of l.markdown.split(/\n\s*\n/)) {
			if (!paragraph.includes('15.3%')) continue;
			assert.match(paragraph, /seven|7 CNNs|averag|ensemble|winning entry/, `${l.id}: 15.3% without saying it was seven networks:\n${paragraph}`);
		}
	}
	for (const id of ['why-alexnet', 'softmax']) assert.match(flat(byId(id)), '18.2%', `${id} gives the single network's error`);
	const table = byId('why-alexnet');
	for (const row of ['1 CNN', '5 CNNs', '1 CNN*', '7 CNNs*']) assert.ok(table.includes(`| ${row}`), `Table 2's row "${row}"`);
});

test('224 is taught as three conventions, each computed, and never called a typo the arithmetic disproves', () => {
	const input = flat(byId('input'));
	assert.ok(input.includes('⌊(224 + 2·0 − 11) / 4⌋ + 1 = 54'), 'floor: 224 gives 54');
	assert.ok(input.includes('⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55'), 'floor: 227 gives 55 (Caffe)');
	assert.ok(input.includes('⌈(224 + 2·0 − 11) / 4⌉ + 1 = 55'), 'ceil: 224 gives 55 (cuda-convnet)');
	assert.ok(input.includes('⌊(224 + 2·2 − 11) / 4⌋ + 1 = 55'), 'pad 2: 224 gives 55 (torchvision)');
	assert.ok(input.includes('150,528 = 224·224·3'), "the paper's 150,528-dimensional input");
	assert.ok(input.includes('227 at least, and up to 230'), 'the inputs the floor maps to 55');
	for (const {id, text} of every) assert.not.match(text, /only works for \d+/, `${id}: "only works for" one input size`);
	assert.ok(flat(byId('errata')).includes('⌈(224 + 2·0 − 11) / 4⌉ + 1 = 55'), 'the errata answer "typo" with the ceil');
});

test('the errata compute what they correct', () => {
	const errata = flat(byId('errata'));
	assert.ok(errata.includes('55·55·96 = 290,400'), 'conv1 neurons');
	assert.ok(errata.includes('55·48·96 = 253,440'), "the paper's 253,440 as one natural slip");
	assert.ok(errata.includes('(5·5·96 / 2)·256 = 307,200'), 'conv2 kernels');
	for (const shape of ['5×5×48', '3×3×256', '3×3×192']) assert.ok(errata.includes(shape), `kernel ${shape}`);
	assert.ok(errata.includes('= 10.9 points'), 'the gap is 10.9 points');
	assert.ok(errata.includes('(2 + 5)^0.75 / (1 + 1)^0.75 = 2.56'), 'strong activations: the LRN ratio is not 1.68');
});

test('errors the review found do not come back', () => {
	const banned: [RegExp, string][] = [
		[/computed, not copied/i, 'results are quoted, not computed'],
		[/at test time,? the centre/i, 'the paper averages ten patches'],
		[/co-adaptation is prevented/i, 'dropout reduces co-adaptation'],
		[/Caffe[^.]*the same layer/i, "Caffe's LRN is a different layer"],
		[/drawn[^.]*once per image/i, "the colour shift's α is re-drawn each time the image is used"],
		[/start of transfer learning/i, 'DeCAF popularised off-the-shelf features'],
		[/sigmoid's gradient is at most/i, 'Figure 1 compares with tanh'],
		[/to win ILSVRC 2013/i, 'the 2013 winner was Clarifai'],
		[/tricks that made depth trainable/i, 'only ReLU is about training speed'],
		[/matches no natural reading/i, '253,440 = 55·48·96'],
		[/GTX 580 had 3/i, 'the reference GTX 580 had 1.5 GB; the authors used 3 GB boards'],
		[/fought over tenths/i, 'the winning error fell 28.2% → 25.8% from 2010 to 2011'],
		[/share a row and a column/i, 'one column with the right neighbour, one row with the window below'],
		[/\b0\.1% of the network/, 'conv1 is 0.057% of the parameters'],
		[/(?<!not )3×3×3\b(?![^|]*\|[^|]*3×3×)/, 'conv3–5 kernels span their input channels'],
		[/still in almost every network/i, 'dropout is not in most modern CNNs'],
		[/stacked 16 or 19 deep/i, "VGG's 16 or 19 are learned layers"],
	];
	for (const {id, text} of every) {
		for (const [pattern, why] of banned) {
			if (id === 'errata' && pattern.source.includes('3×3×3')) continue; // the errata quote the claim to correct it
			assert.not.match(text, pattern, `${id}: ${why}`);
		}
	}
});

test('the training lesson says what the mini network changes, with the defaults train really uses', () => {
	const text = flat(byId('training'));
	assert.match(text, `batches of ${trainDefaults.batch}`);
	assert.match(text, `${trainDefaults.train.toLocaleString('en-US')} training digits for ${trainDefaults.epochs} epochs`);
	assert.match(text, `tested on ${trainDefaults.test.toLocaleString('en-US')}`);
	for (const kept of ['momentum 0.9', 'weight decay 0.0005', 'He et al.', 'cosine']) assert.match(text, kept);
});

test('every section with a quoted result or a date names its source in the lesson file', () => {
	for (const s of sources) {
		const raw = readFileSync(join(dir, s.file), 'utf8').replace(/\{\{[^}]*\}\}/g, ' ');
		for (const section of raw.split(/^## /m)) {
			const body = section.replace(new RegExp(sourceComment.source, 'g'), '');
			const claim = /\d(?:\.\d+)?%|\b(?:19|20)\d\d\b/.exec(body);
			if (!claim) continue;
			assert.match(section, sourceComment, `${s.file}: "${body.slice(Math.max(0, claim.index - 40), claim.index + 10).replace(/\s+/g, ' ')}" has no <!-- source: … --> in its section`);
		}
	}
});

test('source comments stay in the files and never reach the screen', () => {
	for (const l of resolved) {
		for (const trained of [false, true]) {
			const text = renderMarkdown(weightsText(l.markdown, trained), {width: 80, color: false});
			assert.not.match(text, /<!--|-->|source:/, `${l.id}: a comment reached the screen`);
		}
	}
});

test.run();
