import {UsageError} from '../errors.js';
import {int, shape} from '../format/units.js';
import {readNetworkFile} from '../io/read-file.js';
import {analyzeNetwork, findLayer, type NetworkSummary} from '../model/analyze.js';
import {analyzeOnnx, findOnnxNode, type OnnxNodeFacts} from '../model/import/onnx-graph.js';
import type {LayerFacts} from '../model/layer-facts.js';
import {derivationRows, shownExplanations} from '../model/explain.js';
import type {LayerSpec, Network, Pad, Size2} from '../model/layer-spec.js';
import {networkReport, type ReportFormat} from './network-report.js';
import {onnxReport, tensorText} from './onnx-report.js';
import {parseImageSize, parseShapeFlag} from './options.js';

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
	/** A network file: print this layer's (or ONNX node's) derivations instead of the table. */
	layer?: string;
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
	return layerLines(facts, kind).join('\n');
}

function need(value: string | undefined, kind: string): string {
	if (value === undefined) throw new UsageError(`calc ${kind} needs --input`);
	return value;
}

/** One layer's derivations as text lines, as `calc conv` prints them. */
function layerLines(facts: LayerFacts, title: string): string[] {
	const lines = derivationRows(facts).flatMap((r) => [r.label, `  ${r.formula}`, `  ${r.result}`, ...(r.note ? [`  (${r.note})`] : [])]);
	return [`${title}: ${facts.inputs.map(shape).join(' + ')} → ${shape(facts.output)}`, '', ...lines];
}

/** A node of an ONNX graph in full: its derivations where it is a layer the model knows, else its figures. */
function onnxNodeText(n: OnnxNodeFacts): string {
	if (n.facts) return layerLines(n.facts, `${n.name} (${n.opType})`).join('\n');
	const lines = [
		`${n.name} (${n.opType})`,
		...n.outputs.map((o) => `  output ${o.name}: ${tensorText(o.shape)}`),
		`  parameters ${int(n.params)}${n.buffers ? ` (${int(n.buffers)} of them buffers)` : ''}, MACs ${int(n.macs)}, activations ${n.status === 'ok' ? int(n.activations) : '?'}`,
	];
	if (n.note) lines.push(`  (${n.note})`);
	return lines.join('\n');
}

function stray(options: CalcOptions, allowed: readonly string[], what: string): void {
	const flags = Object.entries(options).filter(([k, v]) => v !== undefined && !allowed.includes(k));
	if (flags.length > 0) throw new UsageError(`${flags.map(([k]) => kebab(k)).join(', ')} ${flags.length === 1 ? 'does' : 'do'} not apply to ${what}`);
}

/** `calc model.onnx`: every node's shape and figures, `--input` setting the dynamic dimensions. */
async function onnxFile(file: string, options: CalcOptions, format: ReportFormat): Promise<string> {
	stray(options, ['json', 'markdown', 'input', 'layer'], 'an ONNX model (it takes --input HxW, --layer, --json, --markdown)');
	const size = options.input === undefined ? undefined : parseImageSize('--input', options.input);
	// The protobuf reader loads only for ONNX files, so `calc conv` starts as fast as before.
	const {readOnnx} = await import('../io/onnx.js');
	const summary = analyzeOnnx(readOnnx(file), size);
	if (options.layer === undefined) return onnxReport(summary, format);
	const node = findOnnxNode(summary, options.layer);
	if (!node) throw new UsageError(`--layer ${options.layer}: no node or output of that name in ${file}`);
	return format === 'json' ? JSON.stringify({...node, facts: undefined, spec: node.spec ?? null, derivations: node.facts ? shownExplanations(node.facts) : []}, null, 2) : onnxNodeText(node);
}

/** Derives one layer from flags (`calc conv …`) or a whole network from a JSON spec, a Caffe prototxt or an ONNX model. */
export async function run(what: string, options: CalcOptions): Promise<void> {
	const format = options.json ? 'json' : options.markdown ? 'markdown' : 'text';
	let out: string;
	if (what === 'conv' || what === 'pool' || what === 'fc') {
		out = oneLayer(what, options);
	} else if (/\.onnx$/i.test(what)) {
		out = await onnxFile(what, options, format);
	} else {
		// `calc lrn --input …`: a word with no extension that is no file is a layer kind calc does not have.
		if (!/[./\\]/.test(what)) throw new UsageError(`calc ${what}: unknown layer kind (calc takes conv, pool, fc, or a .json, .prototxt or .onnx file)`);
		stray(options, ['json', 'markdown', 'layer'], 'a network file (only calc conv, pool or fc take layer flags)');
		const summary = analyzeNetwork(readNetworkFile(what));
		out = options.layer === undefined ? networkReport(summary, format) : layerText(summary, options.layer, format);
	}
	process.stdout.write(`${out}\n`);
}

function layerText(summary: NetworkSummary, name: string, format: ReportFormat): string {
	const facts = findLayer(summary, name);
	if (format === 'json') return JSON.stringify({name, spec: facts.spec, input: facts.inputs, output: facts.output, params: facts.params, macs: facts.macs, derivations: shownExplanations(facts)}, null, 2);
	return layerLines(facts, `${name} (${facts.spec.op})`).join('\n');
}
