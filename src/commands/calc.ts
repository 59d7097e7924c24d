import {readFileSync} from 'node:fs';
import {InputError, UsageError} from '../errors.js';
import {analyzeNetwork} from '../model/analyze.js';
import {derivationRows, shownExplanations} from '../model/explain.js';
import type {LayerSpec, Network, Pad, Size2} from '../model/layer-spec.js';
import {loadNetwork} from '../model/load-network.js';
import {shape} from '../format/units.js';
import {networkReport} from './network-report.js';
import {parseShapeFlag} from './options.js';

/** Options of `alexnet-tour calc`: a layer kind (conv, pool, fc) with its flags, or a network file. */
export type CalcOptions = {
	input?: string;
	filters?: number;
	kernel?: Size2;
	stride?: Size2;
	pad?: Pad;
	dilation?: Size2;
	groups?: number;
	ceil?: boolean;
	avg?: boolean;
	units?: number;
	json?: boolean;
	markdown?: boolean;
};

const flagsOf = {
	conv: ['input', 'filters', 'kernel', 'stride', 'pad', 'dilation', 'groups', 'ceil'],
	pool: ['input', 'kernel', 'stride', 'pad', 'ceil', 'avg'],
	fc: ['input', 'units'],
} as const;
const kebab = (s: string) => `--${s}`;

function layerFromFlags(kind: keyof typeof flagsOf, o: CalcOptions): LayerSpec {
	const allowed = new Set<string>([...flagsOf[kind], 'json', 'markdown']);
	const stray = Object.keys(o).filter((k) => o[k as keyof CalcOptions] !== undefined && !allowed.has(k));
	if (stray.length > 0) throw new UsageError(`${stray.map(kebab).join(', ')} does not apply to calc ${kind}`);
	const need = <K extends keyof CalcOptions>(key: K): NonNullable<CalcOptions[K]> => {
		const v = o[key];
		if (v === undefined) throw new UsageError(`calc ${kind} needs --${key}`);
		return v as NonNullable<CalcOptions[K]>;
	};
	switch (kind) {
		case 'conv':
			return {name: 'conv', op: 'conv', filters: need('filters'), kernel: need('kernel'), ...given(o, 'stride', 'pad', 'dilation', 'groups', 'ceil')};
		case 'pool':
			// As PyTorch: a pooling's stride defaults to its kernel.
			return {name: 'pool', op: o.avg ? 'avgpool' : 'maxpool', kernel: need('kernel'), stride: o.stride ?? need('kernel'), ...given(o, 'pad', 'ceil')};
		case 'fc':
			return {name: 'fc', op: 'fc', units: need('units')};
	}
}

/** The flags among `keys` that were given (the model supplies every default). */
function given<K extends keyof CalcOptions>(o: CalcOptions, ...keys: K[]): Pick<CalcOptions, K> {
	return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Pick<CalcOptions, K>;
}

function oneLayer(kind: keyof typeof flagsOf, o: CalcOptions): string {
	const spec = layerFromFlags(kind, o);
	const input = parseShapeFlag('--input', need(o.input, kind));
	if (input.length !== 3 && kind !== 'fc') throw new UsageError(`calc ${kind} needs --input H×W×C, got a vector "${o.input}"`);
	const net: Network = {name: kind, input: input.length === 3 ? input : [1, 1, input[0]], layers: [spec]};
	const facts = analyzeNetwork(net).layers[0]!;
	if (o.json) {
		const shown = shownExplanations(facts);
		return JSON.stringify({layer: kind, spec, input: net.input, output: facts.output, params: facts.params, macs: facts.macs, activations: facts.activations, receptiveField: facts.rf, derivations: shown}, null, 2);
	}
	const lines = derivationRows(facts).flatMap((r) => [r.label, `  ${r.formula}`, `  ${r.result}`, ...(r.note ? [`  (${r.note})`] : [])]);
	return [`${kind}: ${shape(net.input)} → ${shape(facts.output)}`, '', ...lines].join('\n');
}

function need(value: string | undefined, kind: string): string {
	if (value === undefined) throw new UsageError(`calc ${kind} needs --input`);
	return value;
}

function readNetworkFile(file: string): Network {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new InputError(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file} is a folder, not a network file` : `${file}: cannot read (${code})`);
	}
	return loadNetwork(text, file);
}

/** Derives one layer from flags (`calc conv …`) or a whole network from a JSON spec or Caffe prototxt (`calc net.prototxt`). */
export function run(what: string, options: CalcOptions): void {
	const format = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
	let out: string;
	if (what === 'conv' || what === 'pool' || what === 'fc') {
		out = oneLayer(what, options);
	} else {
		const layerFlags = Object.entries(options).filter(([k, v]) => v !== undefined && k !== 'json' && k !== 'markdown');
		if (layerFlags.length > 0) throw new UsageError(`${layerFlags.map(([k]) => kebab(k)).join(', ')} only applies to calc conv, pool or fc`);
		out = networkReport(analyzeNetwork(readNetworkFile(what)), format);
	}
	process.stdout.write(`${out}\n`);
}
