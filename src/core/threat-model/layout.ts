// Lays out a threat model's data-flow diagram with ELK's layered algorithm: trust boundaries as
// nested containers, DFD shapes sized to their wrapped labels, labelled flows. The same layout
// feeds the webview and the Threat Dragon export, so both show the same picture.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ElementKind, ThreatModel } from './model';
import { maxOf } from '../collections';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeLayout extends Box {
  /** The name wrapped as drawn. */
  lines: string[];
}

export interface EdgeLayout {
  /** Absolute polyline from source to target. */
  points: { x: number; y: number }[];
  label?: Box & { text: string };
}

export interface DiagramLayout {
  width: number;
  height: number;
  nodes: Record<string, NodeLayout>;
  boundaries: Record<string, NodeLayout>;
  edges: Record<string, EdgeLayout>;
}

export const FONT_SIZE = 12;
export const LINE_HEIGHT = 15;
const MAX_LINE = 26;
const MAX_LINES = 3;

/** Approximate advance widths of a 12px sans-serif face; exact metrics are not needed for spacing. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if ("il.,:;|!'`".includes(ch)) w += 3.4;
    else if ('mwMW@%'.includes(ch)) w += 10;
    else if (/[A-Z]/.test(ch)) w += 8;
    else if (/[0-9]/.test(ch)) w += 6.8;
    else if (ch === ' ') w += 3.4;
    else w += 6.5;
  }
  return Math.ceil(w);
}

/** Wraps a name at separators into at most three lines, eliding the rest. */
export function wrapLabel(name: string, max = MAX_LINE, maxLines = MAX_LINES): string[] {
  const parts = name.match(/[^\s/._:-]*[\s/._:-]?/g)?.filter(Boolean) ?? [name];
  const lines: string[] = [];
  let cur = '';
  for (const p of parts) {
    if (cur && (cur + p).trimEnd().length > max) {
      lines.push(cur.trimEnd());
      cur = '';
    }
    let piece = p;
    while (piece.length > max) {
      lines.push(piece.slice(0, max));
      piece = piece.slice(max);
    }
    cur += piece;
  }
  if (cur.trim()) lines.push(cur.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, max - 1)}…`;
    return kept;
  }
  return lines.length ? lines : [''];
}

const PAD: Record<ElementKind, number> = { process: 40, store: 28, 'external-entity': 28 };
const BASE_HEIGHT: Record<ElementKind, number> = { process: 46, store: 42, 'external-entity': 46 };

/**
 * The box of a node. DFD style draws processes as pills and stores as open lines; Threat Dragon
 * draws processes as ellipses, which need more room around the same text.
 */
export function nodeSize(kind: ElementKind, lines: string[], style: LayoutStyle = 'dfd'): { width: number; height: number } {
  const text = maxOf(lines.map(textWidth));
  if (style === 'threat-dragon') {
    if (kind === 'process') return { width: Math.max(120, Math.ceil(text * 1.3) + 30), height: Math.max(80, LINE_HEIGHT * lines.length + 50) };
    return { width: Math.max(140, text + 36), height: 60 + LINE_HEIGHT * (lines.length - 1) };
  }
  return { width: Math.max(116, text + PAD[kind]), height: BASE_HEIGHT[kind] + LINE_HEIGHT * (lines.length - 1) };
}

export type LayoutStyle = 'dfd' | 'threat-dragon';

/** Above this many elements the layout trades some crossing reduction for speed. */
const LARGE = 120;

/**
 * ELK settings for large models: one crossing-minimisation pass, no greedy switching, no sweeps
 * across boundary levels, and linear-segment node placement. With hundreds of elements spread
 * over dozens of nested boundaries, ELK's defaults take minutes; these take seconds.
 */
const LARGE_MODEL_OPTIONS: Record<string, string> = {
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.crossingMinimization.greedySwitchHierarchical.type': 'OFF',
  'elk.layered.crossingMinimization.hierarchicalSweepiness': '-1',
  'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
};

export interface LayoutOptions {
  /** An ELK instance to reuse (layouts are faster once ELK has warmed up). */
  elk?: InstanceType<typeof ELK>;
  style?: LayoutStyle;
  direction?: 'RIGHT' | 'DOWN';
}

/** One ELK container per boundary, labelled with its (shortened) name. */
function boundaryContainers(model: ThreatModel): { containers: Map<string, ElkNode>; boundaryLines: Map<string, string[]> } {
  const containers = new Map<string, ElkNode>();
  const boundaryLines = new Map<string, string[]>();
  for (const b of model.boundaries) {
    const lines = [b.name.length > 60 ? `${b.name.slice(0, 59)}…` : b.name];
    boundaryLines.set(b.id, lines);
    containers.set(b.id, {
      id: b.id,
      children: [],
      labels: [{ text: lines[0], width: textWidth(lines[0]) + 8, height: LINE_HEIGHT }],
      layoutOptions: {
        'elk.padding': '[top=32,left=16,bottom=16,right=16]',
        'elk.nodeLabels.placement': 'INSIDE V_TOP H_LEFT',
        'elk.nodeSize.constraints': 'MINIMUM_SIZE NODE_LABELS',
        'elk.nodeSize.minimum': `(${textWidth(lines[0]) + 40}, 60)`,
      },
    });
  }
  return { containers, boundaryLines };
}

function rootNode(options: LayoutOptions, large: boolean): ElkNode {
  return {
    id: '__root__',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': options.direction ?? 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.edgeNode': '16',
      'elk.spacing.edgeEdge': '10',
      'elk.layered.spacing.edgeNodeBetweenLayers': '18',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      'elk.randomSeed': '1',
      ...(large ? LARGE_MODEL_OPTIONS : {}),
    },
    children: [],
    edges: [],
  };
}

/** Absolute boxes of nodes and boundaries, and edge points, from ELK's nested relative layout. */
function readLayout(out: ElkNode, containers: Map<string, ElkNode>, boundaryLines: Map<string, string[]>, lines: Map<string, string[]>): DiagramLayout {
  const result: DiagramLayout = { width: out.width ?? 0, height: out.height ?? 0, nodes: {}, boundaries: {}, edges: {} };
  const abs = new Map<string, { x: number; y: number }>([['__root__', { x: 0, y: 0 }]]);
  const visit = (n: ElkNode, ox: number, oy: number) => {
    for (const c of n.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      abs.set(c.id, { x, y });
      const box = { x: round(x), y: round(y), width: round(c.width ?? 0), height: round(c.height ?? 0) };
      if (containers.has(c.id)) result.boundaries[c.id] = { ...box, lines: boundaryLines.get(c.id)! };
      else result.nodes[c.id] = { ...box, lines: lines.get(c.id)! };
      visit(c, x, y);
    }
  };
  visit(out, 0, 0);
  const collect = (n: ElkNode) => {
    for (const e of (n.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
      const o = abs.get(e.container ?? n.id) ?? { x: 0, y: 0 };
      const points: { x: number; y: number }[] = [];
      for (const s of e.sections ?? []) {
        if (!points.length) points.push(pt(s.startPoint, o));
        for (const b of s.bendPoints ?? []) points.push(pt(b, o));
        points.push(pt(s.endPoint, o));
      }
      result.edges[e.id] = { points };
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(out);
  return result;
}

export async function layoutThreatModel(model: ThreatModel, options: LayoutOptions = {}): Promise<DiagramLayout> {
  const elk = options.elk ?? new ELK();
  const { containers, boundaryLines } = boundaryContainers(model);
  const root = rootNode(options, model.elements.length > LARGE);
  const parentOf = (boundary: string | undefined): ElkNode => (boundary && containers.get(boundary)) || root;
  for (const b of model.boundaries) parentOf(b.parent === b.id ? undefined : b.parent).children!.push(containers.get(b.id)!);
  const lines = new Map<string, string[]>();
  for (const e of model.elements) {
    const l = wrapLabel(e.name);
    lines.set(e.id, l);
    parentOf(e.boundary).children!.push({ id: e.id, ...nodeSize(e.kind, l, options.style) });
  }
  const known = new Set(model.elements.map((e) => e.id));
  const flowNames = new Map(model.flows.map((f) => [f.id, f.name]));
  const edges: ElkExtendedEdge[] = [];
  for (const f of model.flows) {
    if (!known.has(f.source) || !known.has(f.target) || f.source === f.target) continue;
    edges.push({ id: f.id, sources: [f.source], targets: [f.target] });
  }
  root.edges = edges;
  const result = readLayout(await elk.layout(root), containers, boundaryLines, lines);
  placeLabels(result, flowNames);
  return result;
}

/**
 * Places each flow's label beside a segment of its route where it overlaps no node and no other
 * label, trying the longest segments first; a flow with no free spot keeps its name for the side
 * pane and screen readers only. ELK can place labels too, but it makes them layout nodes, which
 * stretches wide diagrams further.
 */
function placeLabels(layout: DiagramLayout, names: Map<string, string>): void {
  const taken: Box[] = Object.values(layout.nodes);
  const overlaps = (a: Box) => taken.some((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height);
  for (const [id, edge] of Object.entries(layout.edges)) {
    const name = names.get(id);
    const pts = edge.points;
    if (!name || pts.length < 2) continue;
    const width = round(textWidth(name) * 0.9 + 6);
    const height = LINE_HEIGHT - 2;
    const segments = pts.slice(0, -1).map((a, i) => ({ a, b: pts[i + 1], len: Math.abs(pts[i + 1].x - a.x) + Math.abs(pts[i + 1].y - a.y) }));
    segments.sort((x, y) => y.len - x.len);
    for (const { a, b, len } of segments) {
      const horizontal = Math.abs(b.y - a.y) < Math.abs(b.x - a.x);
      if (horizontal && len < width + 8) continue;
      if (!horizontal && len < height + 8) continue;
      const cx = (a.x + b.x) / 2;
      const cy = (a.y + b.y) / 2;
      const candidates: Box[] = horizontal
        ? [-0.5, -0.25, -0.75].map((f) => ({ x: round(cx + f * width), y: round(cy - height - 1), width, height }))
        : [
            { x: round(cx + 4), y: round(cy - height / 2), width, height },
            { x: round(cx - width - 4), y: round(cy - height / 2), width, height },
          ];
      const free = candidates.find((c) => !overlaps(c));
      if (free) {
        edge.label = { text: name, ...free };
        taken.push(free);
        break;
      }
    }
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function pt(p: { x: number; y: number }, o: { x: number; y: number }) {
  return { x: round(o.x + p.x), y: round(o.y + p.y) };
}
