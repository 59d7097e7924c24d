import {test} from 'uvu';
import * as assert from 'uvu/assert';
import {LessonError} from '../../src/errors.js';
import {si} from '../../src/format/units.js';
import {resolveTokens} from '../../src/lessons/resolve-tokens.js';
import {createTokenValues} from '../../src/lessons/token-values.js';

const values = createTokenValues();
const r = (text: string) => resolveTokens(text, 'x.md', values);

test('a windows token draws the row the formula counts', () => {
	const picture = r('{{windows n=8 k=3 s=2 p=1}}').split('\n');
	assert.is(picture.filter((l) => l.startsWith('window ')).length, 4, 'floor((8 + 2 − 3) / 2) + 1 = 4 windows');
	assert.match(picture[0]!, /^pixel\s+· 0 1 2 3 4 5 6 7 ·$/);
	assert.throws(
		() => r('{{windows n=8}}'),
		(e: unknown) => e instanceof LessonError && /windows takes n, k/.test(e.message),
	);
	assert.throws(
		() => r('{{windows n=90 k=3}}'),
		(e: unknown) => e instanceof LessonError && /too wide/.test(e.message),
	);
});

const cases: [string, string][] = [
	['{{conv1.out.shape}}', '55×55×96'],
	['{{conv1.in.shape}}', '227×227×3'],
	['{{conv1.params}}', '34,944'],
	['{{total.params}}', '60,965,224'],
	['{{total.macs}}', '724,406,816'],
	['{{ungrouped.total.params}}', '62,378,344'],
	['{{torchvision.total.params}}', '61,100,840'],
	['{{conv2.kernelShape}}', '5×5×48'],
	['{{ungrouped.conv2.kernelShape}}', '5×5×96'],
	['{{fc6.in.size}}', '9216'],
	['{{fc8.out.n}}', '1000'],
	['{{derive conv1.out.w}}', '⌊(227 + 2·0 − 11) / 4⌋ + 1 = 55'],
	['{{formula conv1.out.w}}', '⌊(n + 2·p − k) / s⌋ + 1'],
	['{{derive conv1.out.w input=224}}', '⌊(224 + 2·0 − 11) / 4⌋ + 1 = 54'],
	['{{derive conv1.out.w input=224 ceil=1}}', '⌈(224 + 2·0 − 11) / 4⌉ + 1 = 55'],
	['{{total.learned}}', '8'],
	['{{mini.total.learned}}', '8'],
	['{{calc ln(prob.out.n) | fixed 2}}', '6.91'],
	['{{calc 2 * log2(8) + 1}}', '7'],
	['{{calc 3 * total.macs * 1200000 * 90 | sci}}', '2.35×10¹⁷'],
	['{{calc 1 / 1000 | sci}}', '1.00×10⁻³'],
	['{{derive pool1.out.w kernel=2}}', '⌊(55 + 2·0 − 2) / 2⌋ + 1 = 27'],
	['{{derive conv1.params}}', '(11·11·3 + 1)·96 = 34,944'],
	['{{total.macs | si}}', '724 M'],
	['{{total.params | si}}', '61.0 M'],
	['{{calc fc6.params / total.params | pct}}', '61.9%'],
	['{{calc ungrouped.total.params - total.params}}', '1,413,120'],
	['{{calc 2 ^ 3 * 2}}', '16'],
	['{{calc (1 + 2) * 3}}', '9'],
	['{{total.weightBytes | bytes}}', '232.6 MiB'],
	['{{conv1.activationBytes | bytes}}', '1.1 MiB'],
	['{{calc 2 * 128 * total.activationBytes | bytes}}', '1.8 GiB'],
	['{{calc 1500 | bytes}}', '1.5 KiB'],
	['{{norm1.beta | fixed 2}}', '0.75'],
];

for (const [token, expected] of cases) {
	test(`${token} → ${expected}`, () => {
		assert.is(r(`a ${token} b`), `a ${expected} b`);
	});
}

const bad: [string, string][] = [
	['{{conv9.params}}', 'x.md:3: unknown token {{conv9.params}}'],
	['{{conv1.nothing}}', 'x.md:3: unknown token {{conv1.nothing}}'],
	['{{conv1.params | wat}}', 'x.md:3: unknown filter "wat" in {{conv1.params | wat}}'],
	['{{derive relu1.params}}', 'x.md:3: no derivation for {{derive relu1.params}}'],
	['{{calc conv1.params +}}', 'x.md:3: unfinished arithmetic in {{calc conv1.params +}}'],
	['{{conv1.out.shape | si}}', 'x.md:3: filter "si" needs a number: {{conv1.out.shape | si}}'],
];

for (const [token, message] of bad) {
	test(`${token} is a LessonError with file and line`, () => {
		try {
			r(`one\ntwo\nthree ${token}`);
			assert.unreachable('resolved');
		} catch (e) {
			assert.instance(e, LessonError);
			assert.is((e as Error).message, message);
		}
	});
}

test('si keeps three significant figures', () => {
	assert.is(si(105415200), '105 M');
	assert.is(si(74760192), '74.8 M');
	assert.is(si(999), '999');
	assert.is(si(1448813632), '1.45 G');
});

test.run();
