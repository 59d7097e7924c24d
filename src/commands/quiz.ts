import {createInterface} from 'node:readline/promises';
import {UsageError} from '../errors.js';
import {readNetworkFile} from '../io/read-file.js';
import {analyzeNetwork} from '../model/analyze.js';
import {networks, type VariantName} from '../model/networks.js';
import {formatNumber} from '../model/formulas.js';
import {isRight, parseAnswer, quizQuestions, type Question} from '../model/quiz.js';
import {defaultSeed} from '../tensor/random.js';

/** Options of `alexnet-tour quiz`. */
export type QuizOptions = {network?: string; variant?: VariantName; count?: number; seed?: number; json?: boolean};

const answerText = (q: Question) => (q.kind === 'loss' ? q.answer.toFixed(2) : formatNumber(q.answer));

/**
 * `alexnet-tour quiz`: questions generated from a network the calculator reads (a variant, a JSON spec or a Caffe
 * prototxt), each answer typed and checked against the model, the derivation shown after it, and a score at the end.
 * Answers come from the terminal or, piped, one a line; `--json` prints the questions with their answers instead.
 */
export async function run(options: QuizOptions): Promise<void> {
	if (options.network !== undefined && options.variant !== undefined) throw new UsageError('--network and --variant both choose the network: give one');
	const count = options.count ?? 5;
	if (!Number.isInteger(count) || count < 1 || count > 1000) throw new UsageError(`--count ${count}: expected a whole number from 1 to 1000`);
	const seed = options.seed ?? defaultSeed;
	if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`--seed ${seed}: expected a whole number from 0 to 4294967295`);
	const network = options.network !== undefined ? readNetworkFile(options.network) : networks[options.variant ?? 'original'];
	const questions = quizQuestions(analyzeNetwork(network), count, seed);
	if (questions.length === 0) throw new UsageError(`${network.name} has no conv, pooling, fully connected or softmax layer to ask about`);
	if (options.json) {
		process.stdout.write(`${JSON.stringify({network: network.name, seed, questions}, null, 2)}\n`);
		return;
	}
	const out = (s: string) => process.stdout.write(`${s}\n`);
	out(`Quiz on ${network.name}: ${questions.length} question${questions.length === 1 ? '' : 's'}${questions.length < count ? ` (all it has)` : ''}, seed ${seed}. Type a number and Enter.`);
	const lines = createInterface({input: process.stdin, terminal: false})[Symbol.asyncIterator]();
	let right = 0;
	let asked = 0;
	for (const [i, q] of questions.entries()) {
		out(`\n${i + 1}/${questions.length}. ${q.question}`);
		if (process.stdin.isTTY) process.stdout.write('> ');
		const line = await lines.next();
		if (line.done) break;
		asked++;
		const given = parseAnswer(line.value);
		if (given !== undefined && isRight(q, given)) {
			right++;
			out(`right: ${answerText(q)}`);
		} else out(`${given === undefined ? `"${line.value.trim()}" is not a number` : 'not quite'}: the answer is ${answerText(q)}`);
		out(q.explanation.replace(/^/gm, '  '));
	}
	out(`\nscore ${right}/${asked}${asked < questions.length ? ` (stopped after ${asked} of ${questions.length})` : ''}`);
	process.stdin.pause();
}
