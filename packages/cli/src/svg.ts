import dagre from '@dagrejs/dagre';
import { FILL, STROKE } from './dot.js';
import type { GraphView } from './graph-view.js';

// A monospace font makes text widths predictable without measuring glyphs.
const FONT = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
const CHAR_W = 7.3; // px per character at 12px
const LINE_H = 16;
const LABEL_CHAR_W = 6.1; // at 10px
const PAD_X = 12;
const PAD_Y = 8;

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Box {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

interface Arrow {
  label?: string;
  width?: number;
  height?: number;
  points?: { x: number; y: number }[];
  x?: number;
  y?: number;
}

/** A path through dagre's bend points, rounded with quadratic curves at each bend. */
function pathOf(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i] as { x: number; y: number };
    const next = rest[i + 1];
    if (next === undefined) {
      d += ` L${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    } else {
      const mx = (p.x + next.x) / 2;
      const my = (p.y + next.y) / 2;
      d += ` Q${p.x.toFixed(1)},${p.y.toFixed(1)} ${mx.toFixed(1)},${my.toFixed(1)}`;
    }
  }
  return d;
}

/**
 * Lays the view out top to bottom with dagre and draws it as a standalone SVG: coloured
 * boxes (inputs green, outputs amber, folded scopes blue, constants grey), arrows labelled
 * with dtype and shape, dashed control edges, a title and a legend.
 */
export function toSvg(view: GraphView, title: string, subtitle: string): string {
  const g = new dagre.graphlib.Graph<object, Box, Arrow>({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 42, edgesep: 12, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of view.nodes) {
    const longest = Math.max(...n.lines.map((l) => l.length));
    g.setNode(n.id, {
      width: Math.ceil(longest * CHAR_W + 2 * PAD_X),
      height: n.lines.length * LINE_H + 2 * PAD_Y,
    });
  }
  for (const e of view.edges) {
    const arrow: Arrow =
      e.label === undefined
        ? {}
        : { label: e.label, width: e.label.length * LABEL_CHAR_W + 8, height: 14 };
    g.setEdge(e.from, e.to, { ...arrow, ...(e.control ? { weight: 0 } : { weight: 2 }) });
  }
  dagre.layout(g);

  const header = 54;
  const legendH = 26;
  const graphW = (g.graph() as { width?: number }).width ?? 0;
  const graphH = (g.graph() as { height?: number }).height ?? 0;
  const width = Math.ceil(Math.max(graphW, title.length * 9 + 40, subtitle.length * 6.6 + 40, 640));
  const height = Math.ceil(graphH + header + legendH);
  const dx = (width - graphW) / 2;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}">`,
    '<defs>',
    '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4b5563"/></marker>',
    '<marker id="ctrl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><circle cx="5" cy="5" r="4" fill="none" stroke="#9ca3af" stroke-width="1.5"/></marker>',
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="26" font-size="16" font-weight="bold" fill="#111827">${esc(title)}</text>`,
    `<text x="20" y="44" font-size="11" fill="#4b5563">${esc(subtitle)}</text>`,
    `<g transform="translate(${dx.toFixed(1)},${header})">`,
  ];
  for (const e of g.edges()) {
    const edge = g.edge(e);
    const meta = view.edges.find((v) => v.from === e.v && v.to === e.w);
    const control = meta?.control === true;
    const stroke = control
      ? 'stroke="#9ca3af" stroke-dasharray="4 3" marker-end="url(#ctrl)"'
      : 'stroke="#4b5563" marker-end="url(#arrow)"';
    parts.push(`<path d="${pathOf(edge.points ?? [])}" fill="none" stroke-width="1.3" ${stroke}/>`);
    if (edge.label !== undefined && edge.x !== undefined && edge.y !== undefined) {
      const w = edge.width ?? 0;
      parts.push(
        `<rect x="${(edge.x - w / 2).toFixed(1)}" y="${(edge.y - 8).toFixed(1)}" width="${w.toFixed(1)}" height="14" fill="#ffffff" opacity="0.85"/>`,
        `<text x="${edge.x.toFixed(1)}" y="${(edge.y + 3).toFixed(1)}" font-size="10" fill="#374151" text-anchor="middle">${esc(edge.label)}</text>`,
      );
    }
  }
  for (const n of view.nodes) {
    const box = g.node(n.id);
    const x = (box.x ?? 0) - box.width / 2;
    const y = (box.y ?? 0) - box.height / 2;
    parts.push(
      `<g><title>${esc(n.title)}</title>`,
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${box.width}" height="${box.height}" rx="6" fill="${FILL[n.kind]}" stroke="${STROKE[n.kind]}" stroke-width="${n.kind === 'group' ? 1.6 : 1.2}"/>`,
    );
    n.lines.forEach((line, i) => {
      const weight = i === 0 ? ' font-weight="bold"' : '';
      const color = i === 0 ? '#111827' : '#374151';
      const size = i === 0 ? 12 : 11;
      parts.push(
        `<text x="${(box.x ?? 0).toFixed(1)}" y="${(y + PAD_Y + LINE_H * (i + 1) - 4).toFixed(1)}" font-size="${size}"${weight} fill="${color}" text-anchor="middle">${esc(line)}</text>`,
      );
    });
    parts.push('</g>');
  }
  parts.push('</g>');
  // Legend along the bottom.
  const legend: [string, keyof typeof FILL][] = [
    ['input', 'input'],
    ['output', 'output'],
    ['op', 'op'],
    ['name scope (folded)', 'group'],
    ['constant', 'const'],
  ];
  let lx = 20;
  const ly = height - legendH + 4;
  for (const [text, kind] of legend) {
    parts.push(
      `<rect x="${lx}" y="${ly}" width="14" height="14" rx="3" fill="${FILL[kind]}" stroke="${STROKE[kind]}"/>`,
      `<text x="${lx + 20}" y="${ly + 11}" font-size="11" fill="#374151">${esc(text)}</text>`,
    );
    lx += 20 + text.length * 6.8 + 18;
  }
  parts.push(
    `<path d="M${lx},${ly + 7} L${lx + 28},${ly + 7}" stroke="#9ca3af" stroke-dasharray="4 3" marker-end="url(#ctrl)"/>`,
    `<text x="${lx + 34}" y="${ly + 11}" font-size="11" fill="#374151">control edge</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
