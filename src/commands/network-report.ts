import {networks} from '../model/networks.js';
import type {NetworkSummary} from '../model/analyze.js';
import {evenPads, pairText, square, type FullLayer, type Pads, type Pair} from '../model/normalize.js';
import {markdownTable, textTable, type Column} from '../format/table.js';
import {bytes, int, percent, shape, si} from '../format/units.js';

/** How `summary` and `calc FILE` print a network: a text table, Markdown, or one JSON document. */
export type ReportFormat = 'text' | 'markdown' | 'json';

/** The layer's op with its sizes, as an engineer reads it: "conv 11×11 s4", "conv 5×5 p2 g2", "maxpool 3×3 s2 ceil". */
export function typeLabel(l: FullLayer): string {
	const axes = (p: Pair) => (square(p) ? String(p[0]) : pairText(p));
	const opt = (flag: string, p: Pair, unset: number) => (p[0] !== unset || p[1] !== unset ? ` ${flag}${axes(p)}` : '');
	const pad = (p: Pads) => (evenPads(p) ? opt('p', [p[0], p[0]], 0) : p[0] === p[2] && p[1] === p[3] ? opt('p', [p[0], p[1]], 0) : ` p${p.join(',')}`);
	switch (l.op) {
		case 'conv':
			return `conv ${pairText(l.kernel)}${opt('s', l.stride, 1)}${pad(l.pads)}${opt('d', l.dilation, 1)}${l.groups !== 1 ? ` g${l.groups}` : ''}${l.ceil ? ' ceil' : ''}`;
		case 'maxpool':
		case 'avgpool':
			return `${l.op} ${pairText(l.kernel)}${opt('s', l.stride, 1)}${pad(l.pads)}${l.ceil ? ' ceil' : ''}`;
		case 'adaptiveavgpool':
			return `adaptive avgpool → ${l.size}×${l.size}`;
		case 'lrn':
			return `lrn n${l.size}`;
		case 'dropout':
			return `dropout ${l.ratio}`;
		default:
			return l.op;
	}
}

const columns: Column[] = [
	{title: 'layer'},
	{title: 'type'},
	{title: 'output H×W×C', align: 'right'},
	{title: 'params', align: 'right'},
	{title: 'MACs', align: 'right'},
	{title: 'activations', align: 'right'},
	{title: 'RF', align: 'right'},
];

function rows(summary: NetworkSummary): string[][] {
	return summary.layers.map((l) => [l.spec.name, typeLabel(l.layer), shape(l.output), l.params === 0 ? '–' : int(l.params), l.macs === 0 ? '–' : int(l.macs), int(l.activations), l.rf === l.rfW ? String(l.rf) : `${l.rf}×${l.rfW}`]);
}

/** Where the parameters and the compute live: conv against fc, and the single heaviest layer of each. */
export function whereItLives(summary: NetworkSummary): string[] {
	const {params, macs} = summary.totals;
	const byOp = (op: 'conv' | 'fc') => summary.layers.filter((l) => l.spec.op === op);
	const sum = (ls: readonly {params: number; macs: number}[], key: 'params' | 'macs') => ls.reduce((a, l) => a + l[key], 0);
	const span = (ls: readonly {spec: {name: string}}[]) => (ls.length === 0 ? '' : ls.length === 1 ? ls[0]!.spec.name : `${ls[0]!.spec.name}–${ls.at(-1)!.spec.name}`);
	const heaviest = (key: 'params' | 'macs') => summary.layers.reduce((a, l) => (l[key] > a[key] ? l : a));
	const convs = byOp('conv');
	const fcs = byOp('fc');
	// A lone layer named like its kind ("fc") is not named twice.
	const share = (label: string, ls: typeof convs, key: 'params' | 'macs', whole: number) =>
		ls.length === 0 ? [] : [`${[label, span(ls)].filter((t, i) => i === 0 || t !== label).join(' ')} ${int(sum(ls, key))} (${percent(sum(ls, key), whole)})`];
	const topP = heaviest('params');
	const topM = heaviest('macs');
	return [
		`Parameters: ${[...share('fc', fcs, 'params', params), ...share('conv', convs, 'params', params)].join('; ')}; ` + `${topP.spec.name} alone holds ${percent(topP.params, params)}.`,
		`Compute: ${[...share('conv', convs, 'macs', macs), ...share('fc', fcs, 'macs', macs)].join('; ')} MACs; ` + `${topM.spec.name} alone does ${percent(topM.macs, macs)}.`,
	];
}

/** The network's table and totals in the chosen format (JSON: exactly one document). */
export function networkReport(summary: NetworkSummary, format: ReportFormat): string {
	const {network, totals} = summary;
	if (format === 'json') {
		return JSON.stringify(
			{
				// A built-in variant's name, or a user network's ("network": it is not a variant).
				[network.name in networks ? 'variant' : 'network']: network.name,
				input: network.input,
				layers: summary.layers.map((l) => ({
					name: l.spec.name,
					type: l.spec.op,
					output: l.output,
					params: l.params,
					macs: l.macs,
					activations: l.activations,
					receptiveField: l.rf,
				})),
				totals: {params: totals.params, macs: totals.macs, flops: totals.flops},
			},
			null,
			2,
		);
	}
	const totalRow = ['total', '', '', int(totals.params), int(totals.macs), int(totals.activations), ''];
	const convention = 'MACs: multiply-accumulates of conv and fc layers per image; 1 MAC = 2 FLOPs. RF: receptive field in input pixels.';
	const memory = `Memory (fp32): weights ${bytes(totals.weightBytes)}, activations ${bytes(totals.activationBytes)} per image. ` + `${si(totals.params)} parameters, ${si(totals.macs)} MACs = ${si(totals.flops)} FLOPs per image.`;
	if (format === 'markdown') {
		return [
			`### ${network.name}: input ${shape(network.input)}`,
			'',
			markdownTable(columns, [...rows(summary), totalRow.map((c, i) => (i === 0 ? '**total**' : c))]),
			'',
			...whereItLives(summary).map((l) => `- ${l}`),
			`- ${memory}`,
			`- ${convention}`,
		].join('\n');
	}
	return [`${network.name}${network.description ? `: ${network.description}` : ''}`, `input ${shape(network.input)}`, '', textTable(columns, rows(summary), [totalRow]), '', ...whereItLives(summary), memory, convention].join('\n');
}
