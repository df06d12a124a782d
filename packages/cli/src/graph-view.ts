import type { GraphDef } from 'tensorgraph';

/** What a box in the picture stands for. */
export type ViewNodeKind = 'input' | 'output' | 'op' | 'const' | 'group';

export interface ViewNode {
  readonly id: string;
  readonly kind: ViewNodeKind;
  /** Lines of text: the name, then the op type (or a group's op summary), then a shape. */
  readonly lines: readonly string[];
  /** The full name (a tooltip in SVG). */
  readonly title: string;
  /** How many GraphDef nodes the box stands for. */
  readonly size: number;
}

export interface ViewEdge {
  readonly from: string;
  readonly to: string;
  readonly control: boolean;
  readonly label?: string;
}

/** A drawable graph: boxes and arrows, possibly with name scopes folded into single boxes. */
export interface GraphView {
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  /** The scope depth folded at, or `null` when every op is drawn. */
  readonly collapsedAt: number | null;
  readonly nodeCount: number;
}

/** Facts the picture shows that the GraphDef alone does not (from the imported graph). */
export interface ViewFacts {
  /** `'x:0'` → `'float32 (None, 8)'`. */
  readonly tensorLabel?: (tensorName: string) => string | undefined;
}

/** Graphs above this many nodes get their name scopes collapsed unless asked not to. */
export const EXPAND_LIMIT = 40;
/** The most boxes a collapsed picture aims for. */
export const MAX_BOXES = 30;
/** A collapsed picture with more arrows than this draws them without dtype/shape labels. */
export const MAX_LABELLED_EDGES = 30;

// Ops that only carry values around; a folded scope's summary leaves them out.
const PLUMBING = new Set(['Const', 'Identity', 'NoOp', 'Shape', 'Pack', 'StridedSlice', 'Squeeze']);

interface RawEdge {
  from: string;
  to: string;
  port: number;
  control: boolean;
}

function parseInput(input: string): { node: string; port: number; control: boolean } {
  if (input.startsWith('^')) return { node: input.slice(1), port: -1, control: true };
  const m = /^(.*):(\d+)$/.exec(input);
  return m === null
    ? { node: input, port: 0, control: false }
    : { node: m[1] ?? '', port: Number(m[2]), control: false };
}

/** The box a node folds into at `depth`: its first `depth` scope components. */
export function groupKey(name: string, depth: number): string {
  const parts = name.split('/');
  return parts.length > depth ? parts.slice(0, depth).join('/') : name;
}

function chooseDepth(names: readonly string[]): number {
  const deepest = Math.max(1, ...names.map((n) => n.split('/').length));
  let best = 1;
  for (let d = 1; d <= deepest; d++) {
    const count = new Set(names.map((n) => groupKey(n, d))).size;
    if (count <= MAX_BOXES) best = d;
    else break;
  }
  return best;
}

function shortName(name: string): string {
  const parts = name.split('/');
  return parts.length <= 2 ? name : `…/${parts.slice(-2).join('/')}`;
}

/**
 * The picture of a GraphDef: every op (small graphs, or `expand`), or name scopes folded
 * into one box each at the deepest level that keeps the picture to about `MAX_BOXES`
 * boxes. Placeholders are inputs, ops nothing consumes are outputs; arrows carry the
 * tensor's dtype and shape when `facts` knows them, control edges are marked as such.
 */
export function buildGraphView(
  graphDef: GraphDef,
  options: { expand?: boolean; facts?: ViewFacts } = {},
): GraphView {
  const nodes = graphDef.node;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumed = new Set<string>();
  const raw: RawEdge[] = [];
  for (const n of nodes) {
    for (const input of n.input) {
      const { node, port, control } = parseInput(input);
      if (!byName.has(node)) continue;
      consumed.add(node);
      raw.push({ from: node, to: n.name, port, control });
    }
  }
  const kindOf = (name: string, op: string): ViewNodeKind =>
    op.startsWith('Placeholder')
      ? 'input'
      : !consumed.has(name) && op !== 'Const'
        ? 'output'
        : op === 'Const'
          ? 'const'
          : 'op';
  const label = (from: string, port: number) => options.facts?.tensorLabel?.(`${from}:${port}`);
  const collapse = options.expand !== true && nodes.length > EXPAND_LIMIT;

  if (!collapse) {
    return {
      nodes: nodes.map((n) => ({
        id: n.name,
        kind: kindOf(n.name, n.op),
        lines: [
          shortName(n.name),
          n.op,
          ...(label(n.name, 0) !== undefined ? [label(n.name, 0) as string] : []),
        ],
        title: `${n.name} (${n.op})${n.device ? ` on ${n.device}` : ''}`,
        size: 1,
      })),
      edges: dedupe(
        raw.map((e) => ({
          from: e.from,
          to: e.to,
          control: e.control,
          ...(e.control ? {} : { label: label(e.from, e.port) }),
        })),
      ),
      collapsedAt: null,
      nodeCount: nodes.length,
    };
  }

  // Inputs, and outputs outside any scope, stay boxes of their own so the picture shows
  // where data enters and leaves; a loose end inside a scope (an optimizer slot's read)
  // folds with its scope.
  const keep = (name: string, op: string) => {
    const k = kindOf(name, op);
    return k === 'input' || (k === 'output' && !name.includes('/'));
  };
  const foldable = nodes.filter((n) => !keep(n.name, n.op)).map((n) => n.name);
  const depth = chooseDepth(foldable);
  const boxOf = new Map<string, string>();
  const members = new Map<string, { name: string; op: string }[]>();
  for (const n of nodes) {
    if (n.op !== 'Const') boxOf.set(n.name, keep(n.name, n.op) ? n.name : groupKey(n.name, depth));
  }
  // A constant goes in the box of its consumers when they share one (weights with their layer).
  const consumerBoxes = new Map<string, Set<string>>();
  for (const e of raw) {
    const to = boxOf.get(e.to);
    if (byName.get(e.from)?.op !== 'Const' || to === undefined) continue;
    const set = consumerBoxes.get(e.from) ?? new Set<string>();
    set.add(to);
    consumerBoxes.set(e.from, set);
  }
  for (const n of nodes) {
    if (n.op !== 'Const') continue;
    const boxes = [...(consumerBoxes.get(n.name) ?? [])];
    boxOf.set(n.name, boxes.length === 1 ? (boxes[0] as string) : groupKey(n.name, depth));
  }
  for (const n of nodes) {
    const box = boxOf.get(n.name) as string;
    const list = members.get(box) ?? [];
    list.push({ name: n.name, op: n.op });
    members.set(box, list);
  }
  const viewNodes: ViewNode[] = [...members].map(([box, list]) => {
    // An op with only its own constants folded in is still drawn as that op.
    const only = list.find((m) => m.name === box);
    if (only !== undefined && list.every((m) => m === only || m.op === 'Const')) {
      const shape = label(only.name, 0);
      const consts = list.length - 1;
      return {
        id: box,
        kind: kindOf(only.name, only.op),
        lines: [shortName(box), only.op, ...(shape !== undefined ? [shape] : [])],
        title: `${only.name} (${only.op})${consts > 0 ? ` with ${consts} constant input(s)` : ''}`,
        size: list.length,
      };
    }
    const distinct = (skip: (op: string) => boolean) => [
      ...new Set(list.map((m) => m.op).filter((op) => !skip(op))),
    ];
    const main = distinct((op) => PLUMBING.has(op) || op === 'Reshape');
    const moving = distinct((op) => op === 'Const' || op === 'Identity');
    const summary = main.length > 0 ? main : moving.length > 0 ? moving : distinct(() => false);
    const shown =
      summary.slice(0, 3).join(', ') + (summary.length > 3 ? `, +${summary.length - 3}` : '');
    return {
      id: box,
      kind: 'group',
      lines: [`${shortName(box)}/`, `${list.length} ops: ${shown}`],
      title: `${box}/ — ${list.length} ops: ${[...new Set(list.map((m) => m.op))].join(', ')}`,
      size: list.length,
    };
  });
  const edges: ViewEdge[] = [];
  for (const e of raw) {
    const from = boxOf.get(e.from) as string;
    const to = boxOf.get(e.to) as string;
    if (from === to) continue;
    edges.push({
      from,
      to,
      control: e.control,
      ...(e.control ? {} : { label: label(e.from, e.port) }),
    });
  }
  const merged = dedupe(edges);
  // Past a few dozen arrows their labels crowd the picture more than they help.
  const labelled =
    merged.length <= MAX_LABELLED_EDGES
      ? merged
      : merged.map((e) => ({ from: e.from, to: e.to, control: e.control }));
  return { nodes: viewNodes, edges: labelled, collapsedAt: depth, nodeCount: nodes.length };
}

/** One arrow per (from, to): a data edge wins over a control edge; labels kept if unique. */
function dedupe(edges: readonly ViewEdge[]): ViewEdge[] {
  const out = new Map<string, ViewEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    const prev = out.get(key);
    if (prev === undefined) out.set(key, e);
    else if (prev.control && !e.control) out.set(key, e);
    else if (!prev.control && !e.control && prev.label !== e.label) {
      out.set(key, { from: e.from, to: e.to, control: false });
    }
  }
  return [...out.values()].map((e) =>
    e.label === undefined ? { from: e.from, to: e.to, control: e.control } : e,
  );
}
