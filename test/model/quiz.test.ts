import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {analyzeNetwork} from '../../src/model/analyze.js';
import {networks} from '../../src/model/networks.js';
import {isRight, parseAnswer, questionPool, quizQuestions} from '../../src/model/quiz.js';

const summary = analyzeNetwork(networks.original);

test("every question's answer is the model's own figure, and its derivation ends in it", () => {
	const pool = questionPool(summary);
	const kinds = new Set(pool.map((q) => q.kind));
	assert.equal([...kinds].sort(), ['loss', 'macs', 'output', 'params', 'rf']);
	for (const q of pool) {
		const facts = summary.layers.find((l) => l.spec.name === q.layer)!;
		const expected = {output: facts.output[1], params: facts.params, macs: facts.macs, rf: facts.rf, loss: Math.log(1000)}[q.kind];
		assert.is(q.answer, expected, `${q.layer} ${q.kind}`);
		if (q.kind !== 'loss') assert.ok(q.explanation.includes(`= ${q.answer.toLocaleString('en-US')}`), `${q.layer} ${q.kind}: ${q.explanation}`);
		assert.match(q.question, q.layer);
	}
	// conv1's output width, asked with every number it needs
	const conv1 = pool.find((q) => q.layer === 'conv1' && q.kind === 'output')!;
	assert.match(conv1.question, 'input 227×227×3, 96 filters of 11×11, stride 4, padding 0');
	assert.match(conv1.explanation, '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55');
});

test('the same seed gives the same quiz, another seed another order, and count caps at the pool', () => {
	assert.equal(quizQuestions(summary, 5, 1), quizQuestions(summary, 5, 1));
	assert.not.equal(
		quizQuestions(summary, 5, 1).map((q) => `${q.layer} ${q.kind}`),
		quizQuestions(summary, 5, 2).map((q) => `${q.layer} ${q.kind}`),
	);
	const all = quizQuestions(summary, 1000, 1);
	assert.is(all.length, questionPool(summary).length);
	assert.is(new Set(all.map((q) => `${q.layer} ${q.kind}`)).size, all.length, 'no repeats');
});

test('answers are read with separators, and a loss within a hundredth counts', () => {
	assert.is(parseAnswer('34,944'), 34944);
	assert.is(parseAnswer(' 34 944 '), 34944);
	assert.is(parseAnswer('6.91'), 6.91);
	assert.is(parseAnswer('55x55'), undefined);
	assert.is(parseAnswer(''), undefined);
	const loss = questionPool(summary).find((q) => q.kind === 'loss')!;
	assert.ok(isRight(loss, 6.91) && isRight(loss, 6.9) && !isRight(loss, 6.8));
	const params = questionPool(summary).find((q) => q.kind === 'params')!;
	assert.ok(isRight(params, params.answer) && !isRight(params, params.answer + 1));
});

test("every lesson's predictions exist for the original network, and the answers are the model's", async () => {
	const {loadTourLessons} = await import('../../src/lessons/load-lessons.js');
	const {lessonQuestions} = await import('../../src/model/quiz.js');
	const {analyzeNetwork} = await import('../../src/model/analyze.js');
	const {networks} = await import('../../src/model/networks.js');
	const summary = analyzeNetwork(networks.original);
	for (const lesson of loadTourLessons().filter((l) => l.ask)) {
		const questions = lessonQuestions(summary, lesson.layer!, lesson.ask!);
		assert.is(questions.length, lesson.ask!.length, `${lesson.id}: ${lesson.ask!.join(', ')}`);
	}
	const conv1 = lessonQuestions(summary, 'conv1', ['output', 'params', 'grey']).map((q) => q.answer);
	assert.equal(conv1, [summary.layers[0]!.output[0], summary.layers[0]!.params, (11 * 11 * 1 + 1) * 96]);
	assert.equal(lessonQuestions(analyzeNetwork(networks.mini), 'conv1', ['grey']), [], 'a grey network has no grey question');
});

test.run();
