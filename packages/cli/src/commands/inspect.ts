import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { displayPath } from '../display-path.js';
import * as tf from 'tensorgraph';
import { toDot } from '../dot.js';
import { errorText } from '../error-text.js';
import { opHistogram } from '../graph-facts.js';
import { buildGraphView, type GraphView } from '../graph-view.js';
import type { CliIo } from '../io.js';
import { decodeGraphDef, readFileChecked } from '../load-model.js';
import { toSvg } from '../svg.js';
import { formatTable } from '../table.js';

export interface InspectFlags {
  readonly dot?: string | undefined;
  readonly svg?: string | undefined;
  readonly expand?: boolean | undefined;
  readonly json?: boolean | undefined;
}

interface TensorFacts {
  readonly name: string;
  readonly op: string;
  readonly dtype: string;
  readonly shape: string;
}

/** What `inspect` reports, also its `--json` output. */
export interface ModelFacts {
  readonly path: string;
  readonly bytes: number;
  readonly nodeCount: number;
  readonly producer: number | null;
  readonly inputs: TensorFacts[];
  readonly outputs: TensorFacts[];
  readonly ops: { readonly type: string; readonly count: number }[];
  readonly devices: { readonly device: string; readonly count: number }[];
  readonly functions: {
    readonly name: string;
    readonly inputs: number;
    readonly outputs: number;
    readonly nodes: number;
  }[];
  /** Why the GraphDef does not import into tensorgraph, if it does not (facts are then partial). */
  readonly importError: string | null;
}

function attrDType(node: tf.NodeDef, key: string): string {
  const v = node.attr[key]?.type;
  if (v === undefined || v === null) return '?';
  try {
    return tf.dtypeFromEnum(v);
  } catch {
    return `dtype #${v}`;
  }
}

function attrShape(node: tf.NodeDef, key: string): string {
  const proto = node.attr[key]?.shape;
  if (proto === undefined || proto === null) return '<unknown>';
  try {
    return tf.TensorShape.fromProto(proto).toString();
  } catch {
    return '?';
  }
}

/** The facts of a GraphDef, from its nodes and (for dtypes and shapes) its import. */
export function modelFacts(
  path: string,
  bytes: Uint8Array,
  shown = path,
): { facts: ModelFacts; graphDef: tf.GraphDef; graph: tf.Graph | null } {
  const graphDef = decodeGraphDef(bytes, shown);
  let graph: tf.Graph | null = new tf.Graph();
  let importError: string | null = null;
  try {
    tf.importGraphDef(graphDef, { name: '', graph });
  } catch (e) {
    graph = null;
    importError = errorText(e);
  }
  const nodes = graphDef.node;
  const consumed = new Set<string>();
  for (const n of nodes)
    for (const i of n.input) consumed.add(i.replace(/^\^/, '').replace(/:\d+$/, ''));

  const tensorFacts = (node: tf.NodeDef): TensorFacts[] => {
    const op = graph?.findOperation(node.name);
    if (op !== undefined) {
      if (op.outputs.length === 0)
        return [
          { name: node.name, op: node.op, dtype: '-', shape: '(no outputs: runs as a target)' },
        ];
      return op.outputs.map((t) => ({
        name: t.name,
        op: node.op,
        dtype: t.dtype,
        shape: t.shape.toString(),
      }));
    }
    return [{ name: `${node.name}:0`, op: node.op, dtype: '?', shape: '?' }];
  };
  const inputs = nodes
    .filter((n) => n.op === 'Placeholder' || n.op === 'PlaceholderWithDefault')
    .map((n) => ({
      name: `${n.name}:0`,
      op: n.op,
      dtype: attrDType(n, 'dtype'),
      shape: graph?.findOperation(n.name)?.outputs[0]?.shape.toString() ?? attrShape(n, 'shape'),
    }));
  const outputs = nodes
    .filter((n) => !consumed.has(n.name) && n.op !== 'Const' && !n.op.startsWith('Placeholder'))
    .flatMap(tensorFacts);
  const producer = graphDef.versions?.producer ?? null;
  const facts: ModelFacts = {
    path,
    bytes: bytes.length,
    nodeCount: nodes.length,
    producer,
    inputs,
    outputs,
    ops: opHistogram(nodes.map((n) => n.op)).map(([type, count]) => ({ type, count })),
    devices: opHistogram(nodes.map((n) => n.device || '(none)')).map(([device, count]) => ({
      device,
      count,
    })),
    functions: (graphDef.library?.function ?? []).map((f) => ({
      name: f.signature?.name ?? '?',
      inputs: f.signature?.inputArg.length ?? 0,
      outputs: f.signature?.outputArg.length ?? 0,
      nodes: f.nodeDef.length,
    })),
    importError,
  };
  return { facts, graphDef, graph };
}

/** The facts as text, as `tensorgraph inspect` prints them. */
export function formatFacts(facts: ModelFacts, cwd: string): string {
  const shown = displayPath(cwd, facts.path);
  const out: string[] = [
    `${shown}: GraphDef with ${facts.nodeCount} nodes, ${(facts.bytes / 1024).toFixed(1)} KiB` +
      (facts.producer !== null ? `, producer version ${facts.producer}` : ''),
  ];
  if (facts.importError !== null) {
    out.push(
      `warning: tensorgraph cannot import it (${facts.importError}); dtypes and shapes are partial`,
    );
  }
  const tensorRows = (list: TensorFacts[]) => list.map((t) => [t.name, t.dtype, t.shape, t.op]);
  out.push('', `Inputs (placeholders): ${facts.inputs.length}`);
  if (facts.inputs.length > 0)
    out.push(indent(formatTable(['name', 'dtype', 'shape', 'op'], tensorRows(facts.inputs))));
  out.push('', `Outputs (ops nothing consumes): ${facts.outputs.length}`);
  if (facts.outputs.length > 0)
    out.push(indent(formatTable(['name', 'dtype', 'shape', 'op'], tensorRows(facts.outputs))));
  out.push('', `Ops: ${facts.nodeCount} nodes of ${facts.ops.length} types`);
  out.push(
    indent(
      formatTable(
        ['op', 'count'],
        facts.ops.map((o) => [o.type, String(o.count)]),
      ),
    ),
  );
  const placed = facts.devices.filter((d) => d.device !== '(none)');
  out.push('', 'Devices requested:');
  out.push(
    placed.length === 0
      ? '  none: every node is unplaced, so tensorgraph picks devices (GPU > WEBGPU > CPU)'
      : indent(
          formatTable(
            ['device', 'nodes'],
            facts.devices.map((d) => [d.device, String(d.count)]),
          ),
        ),
  );
  out.push(
    '',
    `Function library: ${facts.functions.length === 0 ? 'empty' : `${facts.functions.length} function(s)`}`,
  );
  if (facts.functions.length > 0) {
    out.push(
      indent(
        formatTable(
          ['function', 'inputs', 'outputs', 'nodes'],
          facts.functions.map((f) => [
            f.name,
            String(f.inputs),
            String(f.outputs),
            String(f.nodes),
          ]),
        ),
      ),
    );
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function pictureSubtitle(view: GraphView): string {
  return view.collapsedAt === null
    ? `${view.nodeCount} nodes, every op drawn`
    : `${view.nodeCount} nodes in ${view.nodes.length} boxes: name scopes folded at depth ${view.collapsedAt} (--expand draws every op)`;
}

/** `tensorgraph inspect MODEL.pb [--dot FILE] [--svg FILE]`. */
export async function inspectCommand(
  modelPath: string,
  flags: InspectFlags,
  io: CliIo,
): Promise<number> {
  const path = resolve(io.cwd, modelPath);
  const bytes = readFileChecked(path, 'model file', modelPath);
  const { facts, graphDef, graph } = modelFacts(path, bytes, modelPath);
  io.stdout(
    flags.json === true ? `${JSON.stringify(facts, null, 2)}\n` : formatFacts(facts, io.cwd),
  );
  if (flags.dot !== undefined || flags.svg !== undefined) {
    const tensorLabel = (name: string) => {
      if (graph === null) return undefined;
      try {
        const t = graph.getTensorByName(name);
        return `${t.dtype} ${t.shape.toString()}`;
      } catch {
        return undefined;
      }
    };
    const view = buildGraphView(graphDef, {
      expand: flags.expand === true,
      facts: { tensorLabel },
    });
    const title = basename(modelPath);
    if (flags.dot !== undefined) {
      const out = resolve(io.cwd, flags.dot);
      writeText(out, toDot(view, title));
      io.stderr(`wrote ${displayPath(io.cwd, out)} (Graphviz DOT, ${view.nodes.length} boxes)\n`);
    }
    if (flags.svg !== undefined) {
      const out = resolve(io.cwd, flags.svg);
      writeText(out, toSvg(view, title, pictureSubtitle(view)));
      io.stderr(`wrote ${displayPath(io.cwd, out)} (SVG, ${view.nodes.length} boxes)\n`);
    }
  }
  return 0;
}
