import type { GraphView, ViewNodeKind } from './graph-view.js';

/** Fill colours per kind of box, shared by the DOT and SVG pictures. */
export const FILL: Readonly<Record<ViewNodeKind, string>> = {
  input: '#d1fae5',
  output: '#fde68a',
  op: '#ffffff',
  const: '#e5e7eb',
  group: '#dbeafe',
};

export const STROKE: Readonly<Record<ViewNodeKind, string>> = {
  input: '#059669',
  output: '#d97706',
  op: '#6b7280',
  const: '#9ca3af',
  group: '#2563eb',
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The view as Graphviz DOT (`dot -Tsvg graph.dot`), top to bottom, same colours as --svg. */
export function toDot(view: GraphView, title: string): string {
  const out = [
    `digraph ${quote(title)} {`,
    `  graph [rankdir=TB, label=${quote(title)}, labelloc=t, fontname="Helvetica", fontsize=14];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8, color="#4b5563"];',
  ];
  for (const n of view.nodes) {
    out.push(
      `  ${quote(n.id)} [label=${quote(n.lines.join('\n'))}, tooltip=${quote(n.title)}, fillcolor=${quote(FILL[n.kind])}, color=${quote(STROKE[n.kind])}];`,
    );
  }
  for (const e of view.edges) {
    const attrs = e.control
      ? ' [style=dashed, color="#9ca3af", arrowhead=odot]'
      : e.label !== undefined
        ? ` [label=${quote(e.label)}]`
        : '';
    out.push(`  ${quote(e.from)} -> ${quote(e.to)}${attrs};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
