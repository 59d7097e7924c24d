import {LessonError} from '../errors.js';

/** What a lesson does when the learner presses Enter. */
export type LessonRun = 'none' | 'input' | 'layer' | 'forward' | 'dropout' | 'augment' | 'activations' | 'train';

/** A lesson as written: its id and order from the file name, front matter, and Markdown body with tokens unresolved. */
export type LessonSource = {
	readonly id: string;
	readonly order: number;
	readonly file: string;
	readonly title: string;
	/** The layer whose derivation the lesson shows and whose output Enter computes (Caffe names: conv1, pool1, prob). */
	readonly layer?: string;
	readonly run: LessonRun;
	/** What the lesson asks the learner to predict before Enter shows it (`ask: output, params`): question kinds of its layer. */
	readonly ask?: readonly AskKind[];
	readonly body: string;
	/** Line number in the file of the body's first line, so token errors point at the right line. */
	readonly bodyLine: number;
};

/** The predictions a lesson can ask for: quiz kinds of its layer, `grey` (conv1's parameters for a one-channel input), `zeros` (a ReLU's share of zeros, measured). */
export type AskKind = 'output' | 'params' | 'macs' | 'rf' | 'loss' | 'grey' | 'zeros';

const askKinds: readonly AskKind[] = ['output', 'params', 'macs', 'rf', 'loss', 'grey', 'zeros'];

const runs: readonly LessonRun[] = ['none', 'input', 'layer', 'forward', 'dropout', 'augment', 'activations', 'train'];

/** The order and id from a file name: `03-conv1.md` → {order: 3, id: 'conv1'}; undefined for other files. */
export function lessonName(file: string): {order: number; id: string} | undefined {
	const m = /^(\d+)-([a-z0-9-]+)\.md$/.exec(file);
	return m ? {order: Number(m[1]), id: m[2]!} : undefined;
}

/** Parses a lesson file: optional `---` front matter of `key: value` lines (layer, run), then Markdown whose first `# ` heading is the title. */
export function parseLesson(file: string, text: string): LessonSource {
	const name = lessonName(file);
	if (!name) throw new LessonError(file, 1, file, 'a lesson file is named NN-id.md, not');
	const meta: Record<string, string> = {};
	let body = text.replace(/\r\n/g, '\n');
	let bodyLine = 1;
	const fm = /^---\n([\s\S]*?)\n---\n/.exec(body);
	if (fm) {
		fm[1]!.split('\n').forEach((line, i) => {
			const m = /^(\w+):\s*(.*)$/.exec(line.trim());
			if (!m) throw new LessonError(file, i + 2, line, 'front matter lines are "key: value", not');
			meta[m[1]!] = m[2]!.trim();
		});
		body = body.slice(fm[0].length);
		bodyLine = fm[0].split('\n').length;
	}
	const title = /^# (.+)$/m.exec(body)?.[1]?.trim();
	if (!title) throw new LessonError(file, bodyLine, '# title', 'a lesson needs a heading');
	const run = (meta.run ?? (meta.layer ? 'layer' : 'none')) as LessonRun;
	if (!runs.includes(run)) throw new LessonError(file, 2, `run: ${run}`, `run is one of ${runs.join(', ')}, not`);
	const ask = meta.ask === undefined ? [] : meta.ask.split(',').map((k) => k.trim());
	for (const kind of ask) if (!askKinds.includes(kind as AskKind)) throw new LessonError(file, 2, `ask: ${kind}`, `ask lists ${askKinds.join(', ')}, not`);
	if (ask.length > 0 && !meta.layer) throw new LessonError(file, 2, `ask: ${meta.ask}`, 'ask needs the layer it asks about (layer: …) before');
	return {...name, file, title, run, body, bodyLine, ...(meta.layer ? {layer: meta.layer} : {}), ...(ask.length > 0 ? {ask: ask as AskKind[]} : {})};
}
