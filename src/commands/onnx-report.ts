import {markdownTable, textTable, type Column} from '../format/table.js';
import {bytes, int, shape as shapeText, si} from '../format/units.js';
import type {OnnxNodeFacts, OnnxSummary} from '../model/import/onnx-graph.js';
import {typeLabel} from './network-report.js';
import type {ReportFormat} from './network-report.js';

/** A tensor's shape as screens show it: H×W×C for an image (batch 1), ONNX's own [N, …] for anything else. */
export function tensorText(s: readonly number[] | undefined): string {
	if (!s) return '?';
	if (s.length === 4 && s[0] === 1) return shapeText([s[2]!, s[3]!, s[1]!]);
	return `[${s.join(', ')}]`;
}

/** The node's type: the layer label where it is a layer the model knows (`Conv 3×3 s2 p1`), else the op. */
function typeOf(n: OnnxNodeFacts): string {
	const op = n.facts?.layer.op;
	if (!n.facts || op === 'adaptiveavgpool' || op === 'concat') return n.opType;
	return `${n.opType} ${typeLabel(n.facts.layer).replace(/^\S+ ?/, '')}`.trim();
}

const columns: Column[] = [{title: 'node'}, {title: 'type'}, {title: 'output (H×W×C)', align: 'right'}, {title: 'params', align: 'right'}, {title: 'MACs', align: 'right'}, {title: 'activations', align: 'right'}];

function rows(summary: OnnxSummary): string[][] {
	return summary.nodes
		.filter((n) => !n.folded || n.status !== 'ok')
		.map((n) => [
			n.name,
			n.status === 'ok' ? typeOf(n) : `${n.opType} (${n.status === 'unknown' ? 'unknown' : 'blocked'})`,
			n.status === 'ok' ? tensorText(n.outputs[0]?.shape) : '?',
			n.params ? int(n.params) : '',
			n.macs ? int(n.macs) : '',
			n.status === 'ok' ? int(n.activations) : '?',
		]);
}

/** Why the figures are incomplete, one line per node that is unknown or blocked. */
function incompleteLines(summary: OnnxSummary): string[] {
	if (summary.unknownOps.length === 0) return [];
	const lines = [`INCOMPLETE: the totals leave out what depends on ${summary.unknownOps.join(', ')}:`];
	for (const n of summary.nodes) if (n.status !== 'ok') lines.push(`  ${n.name} (${n.opType}): ${n.note}`);
	return lines;
}

/** An ONNX graph's table and totals in the chosen format (JSON: the schema of `summary --json`, with `shape` and the ONNX op). */
export function onnxReport(summary: OnnxSummary, format: ReportFormat): string {
	const {totals} = summary;
	const complete = summary.unknownOps.length === 0;
	const input = summary.inputs.map((i) => `${i.name} ${tensorText(i.shape)}`).join(', ');
	if (format === 'json') {
		return JSON.stringify(
			{
				variant: summary.name,
				input: summary.inputs[0]?.shape.length === 4 ? [summary.inputs[0].shape[2], summary.inputs[0].shape[3], summary.inputs[0].shape[1]] : summary.inputs[0]?.shape,
				inputs: summary.inputs,
				layers: summary.nodes.map((n) => ({
					name: n.name,
					type: n.opType,
					output: n.outputs[0]?.shape && n.outputs[0].shape.length === 4 ? [n.outputs[0].shape[2], n.outputs[0].shape[3], n.outputs[0].shape[1]] : (n.outputs[0]?.shape ?? null),
					shape: n.outputs[0]?.shape ?? null,
					params: n.params,
					macs: n.macs,
					activations: n.status === 'ok' ? n.activations : null,
					receptiveField: n.facts?.rf ?? null,
					status: n.status,
					...(n.buffers ? {buffers: n.buffers} : {}),
					...(n.note ? {note: n.note} : {}),
				})),
				totals: {params: totals.params, macs: totals.macs, flops: totals.flops, buffers: totals.buffers, weightBytes: totals.weightBytes, activations: totals.activations},
				complete,
				unknownOps: summary.unknownOps,
			},
			null,
			2,
		);
	}
	const totalRow = ['total', '', '', int(totals.params), int(totals.macs), int(totals.activations)];
	const memory =
		`Parameters ${int(totals.params)}${totals.buffers ? ` (of them ${int(totals.buffers)} BatchNorm running means and variances, which PyTorch calls buffers)` : ''}; ` +
		`weights ${bytes(totals.weightBytes)} as stored; activations ${bytes(totals.activationBytes)} per image. ${si(totals.macs)} MACs = ${si(totals.flops)} FLOPs per image.`;
	const convention = 'MACs: multiply-accumulates of Conv, ConvTranspose, Gemm and MatMul per image; 1 MAC = 2 FLOPs. Shape arithmetic (Shape, Gather, Concat…) is folded and not listed.';
	const graph = summary.graphName && summary.graphName !== summary.name ? `, graph "${summary.graphName}"` : '';
	const head = `${summary.name}: ONNX opset ${summary.opset}${graph}${summary.producer ? `, from ${summary.producer}` : ''}; input ${input}`;
	if (format === 'markdown') {
		return [`### ${head}`, '', markdownTable(columns, [...rows(summary), totalRow.map((c, i) => (i === 0 ? '**total**' : c))]), '', `- ${memory}`, `- ${convention}`, ...incompleteLines(summary).map((l) => `- ${l.trim()}`)].join('\n');
	}
	return [head, '', textTable(columns, rows(summary), [totalRow]), '', memory, convention, ...incompleteLines(summary)].join('\n');
}
