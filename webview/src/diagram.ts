// The data-flow diagram as SVG: trust boundaries as nested dashed containers, processes as
// rounded pills, stores as open-ended parallel lines, outside parties as rectangles, flows as
// labelled arrows. Handles zoom, pan, fit, selection and keyboard navigation between elements.

import type { DiagramLayout } from '../../src/core/threat-model/layout';
import { LINE_HEIGHT } from '../../src/core/threat-model/layout';
import type { Element, ThreatModel } from '../../src/core/threat-model/model';
import { roleLabel } from '../../src/core/threat-model/labels';
import { clear, s, text } from './dom';

export interface View {
  zoom: number;
  panX: number;
  panY: number;
}

export interface DiagramCallbacks {
  select(id: string | undefined): void;
  viewChanged(v: View): void;
}

export interface NodeBadge {
  count: number;
  severity?: string;
}

const MIN_ZOOM = 0.05;
/** Below this zoom 12px labels are too small to read. */
const READABLE_ZOOM = 0.7;
const MAX_ZOOM = 4;
const KIND_LABEL: Record<Element['kind'], string> = { process: 'Process', store: 'Data store', 'external-entity': 'External entity' };

export class Diagram {
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private layout: DiagramLayout | undefined;
  private model: ThreatModel | undefined;
  private readonly nodeEls = new Map<string, SVGGElement>();
  private readonly edgeEls = new Map<string, SVGGElement>();
  private view: View = { zoom: 1, panX: 0, panY: 0 };
  private drag: { x: number; y: number; panX: number; panY: number; moved: boolean } | undefined;
  private selected: string | undefined;
  private suppressClick = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly cb: DiagramCallbacks,
  ) {
    this.svg = s('svg', { class: 'diagram', role: 'group', 'aria-label': 'Data-flow diagram', focusable: 'false' });
    const defs = s('defs');
    for (const [id, cls] of [
      ['arrow', 'arrowhead'],
      ['arrow-hot', 'arrowhead hot'],
    ]) {
      defs.append(
        s(
          'marker',
          { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' },
          s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: cls }),
        ),
      );
    }
    this.viewport = s('g', { class: 'viewport' });
    this.svg.append(defs, this.viewport);
    host.append(this.svg);
    this.bindPanZoom();
  }

  render(model: ThreatModel, layout: DiagramLayout): void {
    this.model = model;
    this.layout = layout;
    clear(this.viewport);
    this.nodeEls.clear();
    this.edgeEls.clear();
    const boundaryLayer = s('g', { class: 'boundaries' });
    const edgeLayer = s('g', { class: 'edges' });
    const nodeLayer = s('g', { class: 'nodes' });
    this.viewport.append(boundaryLayer, edgeLayer, nodeLayer);
    for (const b of model.boundaries) {
      const box = layout.boundaries[b.id];
      if (!box) continue;
      const g = s('g', { class: `boundary kind-${b.kind}`, 'data-id': b.id });
      g.append(s('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 8, ry: 8 }));
      const label = text(s('text', { x: box.x + 10, y: box.y + 18, class: 'boundary-label' }), box.lines[0]) as SVGTextElement;
      g.append(label);
      boundaryLayer.append(g);
      fitText(label, box.width - 20);
    }
    const names = new Map(model.elements.map((e) => [e.id, e.name]));
    for (const f of model.flows) {
      const e = layout.edges[f.id];
      if (!e || e.points.length < 2) continue;
      const g = s('g', { class: `edge kind-${f.kind}`, 'data-id': f.id, role: 'button', 'aria-label': `Data flow ${f.name} from ${names.get(f.source)} to ${names.get(f.target)}` });
      const d = e.points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');
      g.append(s('path', { d, class: 'edge-hit' }));
      g.append(s('path', { d, class: 'edge-line', 'marker-end': 'url(#arrow)', ...(f.bidirectional ? { 'marker-start': 'url(#arrow)' } : {}) }));
      if (e.label) {
        const lg = s('g', { class: 'edge-label' });
        lg.append(s('rect', { x: e.label.x - 2, y: e.label.y - 1, width: e.label.width + 4, height: e.label.height + 2, rx: 3 }));
        lg.append(text(s('text', { x: e.label.x + e.label.width / 2 + 1, y: e.label.y + e.label.height / 2 + 1, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }), e.label.text));
        g.append(lg);
      }
      g.addEventListener('click', (ev) => {
        ev.stopPropagation();
        this.cb.select(f.id);
      });
      edgeLayer.append(g);
      this.edgeEls.set(f.id, g);
    }
    // Tab order follows reading order: left to right, then top to bottom.
    const ordered = [...model.elements].filter((e) => layout.nodes[e.id]).sort((a, b) => layout.nodes[a.id].x - layout.nodes[b.id].x || layout.nodes[a.id].y - layout.nodes[b.id].y);
    for (const el of ordered) nodeLayer.append(this.node(el, layout));
    this.applySelection();
  }

  private node(e: Element, layout: DiagramLayout): SVGGElement {
    const n = layout.nodes[e.id];
    const g = s('g', {
      class: `node kind-${e.kind}${e.outOfScope ? ' out-of-scope' : ''}`,
      'data-id': e.id,
      tabindex: 0,
      role: 'button',
      'aria-label': `${KIND_LABEL[e.kind]}: ${e.name}, ${roleLabel(e.role)}`,
    });
    const { x, y, width: w, height: hgt } = n;
    g.append(s('rect', { x: x - 3, y: y - 3, width: w + 6, height: hgt + 6, rx: e.kind === 'process' ? Math.min(hgt / 2 + 3, 27) : 5, class: 'halo' }));
    if (e.kind === 'process') {
      g.append(s('rect', { x, y, width: w, height: hgt, rx: Math.min(hgt / 2, 24), ry: Math.min(hgt / 2, 24), class: 'shape' }));
    } else if (e.kind === 'store') {
      g.append(s('rect', { x, y, width: w, height: hgt, class: 'shape store-fill' }));
      g.append(s('line', { x1: x, y1: y, x2: x + w, y2: y, class: 'store-line' }));
      g.append(s('line', { x1: x, y1: y + hgt, x2: x + w, y2: y + hgt, class: 'store-line' }));
    } else {
      g.append(s('rect', { x, y, width: w, height: hgt, rx: 2, ry: 2, class: 'shape' }));
    }
    const label = s('text', { x: x + w / 2, y: y + hgt / 2 - ((n.lines.length - 1) * LINE_HEIGHT) / 2, 'text-anchor': 'middle', 'dominant-baseline': 'middle', class: 'node-label' });
    n.lines.forEach((line, i) => label.append(text(s('tspan', { x: x + w / 2, y: y + hgt / 2 - ((n.lines.length - 1) * LINE_HEIGHT) / 2 + i * LINE_HEIGHT }), line)));
    g.append(label);
    const badge = s('g', { class: 'badge hidden' });
    badge.append(s('circle', { cx: x + w - 4, cy: y + 4, r: 10 }));
    badge.append(s('text', { x: x + w - 4, y: y + 4.5, 'text-anchor': 'middle', 'dominant-baseline': 'middle' }));
    g.append(badge);
    g.addEventListener('click', (ev) => {
      ev.stopPropagation();
      this.cb.select(e.id);
    });
    g.addEventListener('keydown', (ev) => this.onNodeKey(ev, e.id));
    this.nodeEls.set(e.id, g);
    return g;
  }

  /** Shows open-threat counts on nodes, coloured by their worst severity. */
  setBadges(badges: Map<string, NodeBadge>): void {
    for (const [id, g] of this.nodeEls) {
      const b = badges.get(id);
      const badge = g.querySelector('.badge')!;
      badge.setAttribute('class', `badge${b && b.count ? ` sev-${b.severity}` : ' hidden'}`);
      text(badge.querySelector('text')!, b && b.count ? String(b.count) : '');
      const name = this.model?.elements.find((e) => e.id === id);
      if (name) g.setAttribute('aria-label', `${KIND_LABEL[name.kind]}: ${name.name}, ${roleLabel(name.role)}${b?.count ? `, ${b.count} open threat${b.count === 1 ? '' : 's'}` : ''}`);
    }
  }

  /** Dims everything not in `keep` (undefined shows all). */
  setDimmed(keep: Set<string> | undefined): void {
    for (const [id, g] of [...this.nodeEls, ...this.edgeEls]) g.classList.toggle('dim', !!keep && !keep.has(id));
  }

  select(id: string | undefined): void {
    this.selected = id;
    this.applySelection();
  }

  private applySelection(): void {
    for (const [id, g] of this.nodeEls) {
      g.classList.toggle('selected', id === this.selected);
      g.setAttribute('aria-pressed', String(id === this.selected));
    }
    const f = this.model?.flows;
    for (const [id, g] of this.edgeEls) {
      const flow = f?.find((x) => x.id === id);
      const touching = !!flow && (flow.source === this.selected || flow.target === this.selected);
      g.classList.toggle('selected', id === this.selected);
      g.classList.toggle('related', touching);
      g.querySelector('.edge-line')?.setAttribute('marker-end', id === this.selected || touching ? 'url(#arrow-hot)' : 'url(#arrow)');
      if (flow?.bidirectional) g.querySelector('.edge-line')?.setAttribute('marker-start', id === this.selected || touching ? 'url(#arrow-hot)' : 'url(#arrow)');
    }
  }

  focusNode(id: string): void {
    const g = this.nodeEls.get(id);
    if (!g) return;
    this.reveal(id);
    g.focus({ preventScroll: true });
  }

  /** Pans so the element or flow is in view, without changing the zoom. */
  reveal(id: string): void {
    const l = this.layout;
    if (!l) return;
    const box = l.nodes[id] ?? boxOf(l.edges[id]?.points);
    if (!box) return;
    const r = this.host.getBoundingClientRect();
    const { zoom, panX, panY } = this.view;
    const sx = box.x * zoom + panX;
    const sy = box.y * zoom + panY;
    const ex = (box.x + box.width) * zoom + panX;
    const ey = (box.y + box.height) * zoom + panY;
    if (sx >= 0 && sy >= 0 && ex <= r.width && ey <= r.height) return;
    this.setView({ zoom, panX: r.width / 2 - (box.x + box.width / 2) * zoom, panY: r.height / 2 - (box.y + box.height / 2) * zoom });
  }

  private onNodeKey(ev: KeyboardEvent, id: string): void {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      this.cb.select(id);
      return;
    }
    if (ev.key === 'Escape') {
      this.cb.select(undefined);
      return;
    }
    const dir = ({ ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] } as Record<string, [number, number]>)[ev.key];
    if (!dir) return;
    ev.preventDefault();
    const next = this.neighbour(id, dir);
    if (next) this.focusNode(next);
  }

  /** The closest element in a direction: distance along it, with sideways distance counting double. */
  neighbour(id: string, [dx, dy]: [number, number]): string | undefined {
    const l = this.layout;
    if (!l) return undefined;
    const c = centre(l.nodes[id]);
    let best: { id: string; score: number } | undefined;
    for (const [other, box] of Object.entries(l.nodes)) {
      if (other === id) continue;
      const o = centre(box);
      const along = (o.x - c.x) * dx + (o.y - c.y) * dy;
      if (along <= 1) continue;
      const side = Math.abs((o.x - c.x) * dy) + Math.abs((o.y - c.y) * dx);
      const score = along + 2 * side;
      if (!best || score < best.score) best = { id: other, score };
    }
    return best?.id;
  }

  getView(): View {
    return { ...this.view };
  }

  setView(v: View): void {
    this.view = { zoom: clamp(v.zoom, MIN_ZOOM, MAX_ZOOM), panX: v.panX, panY: v.panY };
    this.viewport.setAttribute('transform', `translate(${this.view.panX} ${this.view.panY}) scale(${this.view.zoom})`);
    this.cb.viewChanged(this.getView());
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const r = this.host.getBoundingClientRect();
    const x = cx ?? r.width / 2;
    const y = cy ?? r.height / 2;
    const z = clamp(this.view.zoom * factor, MIN_ZOOM, MAX_ZOOM);
    const k = z / this.view.zoom;
    this.setView({ zoom: z, panX: x - (x - this.view.panX) * k, panY: y - (y - this.view.panY) * k });
  }

  /**
   * The first view of a model: the whole diagram when it is legible at that size, else the start
   * of the flow (sources sit on the left) at a readable zoom, to be panned from there.
   */
  initialView(): void {
    const l = this.layout;
    if (!l) return;
    const r = this.host.getBoundingClientRect();
    const fitZoom = Math.min((r.width - 48) / Math.max(l.width, 1), (r.height - 48) / Math.max(l.height, 1), 1.5);
    if (fitZoom >= READABLE_ZOOM) {
      this.fit();
      return;
    }
    const z = READABLE_ZOOM;
    this.setView({ zoom: z, panX: 16, panY: l.height * z <= r.height ? (r.height - l.height * z) / 2 : 16 });
  }

  fit(): void {
    const l = this.layout;
    if (!l) return;
    const r = this.host.getBoundingClientRect();
    const margin = 24;
    const z = clamp(Math.min((r.width - 2 * margin) / Math.max(l.width, 1), (r.height - 2 * margin) / Math.max(l.height, 1), 1.5), MIN_ZOOM, MAX_ZOOM);
    this.setView({ zoom: z, panX: (r.width - l.width * z) / 2, panY: (r.height - l.height * z) / 2 });
  }

  private bindPanZoom(): void {
    this.svg.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const r = this.svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
      },
      { passive: false },
    );
    this.svg.addEventListener('pointerdown', (ev) => {
      if (ev.button !== 0) return;
      this.drag = { x: ev.clientX, y: ev.clientY, panX: this.view.panX, panY: this.view.panY, moved: false };
    });
    this.svg.addEventListener('pointermove', (ev) => {
      const d = this.drag;
      if (!d) return;
      const dx = ev.clientX - d.x;
      const dy = ev.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 4) return;
      if (!d.moved) this.svg.setPointerCapture(ev.pointerId);
      d.moved = true;
      this.svg.classList.add('panning');
      this.setView({ zoom: this.view.zoom, panX: d.panX + dx, panY: d.panY + dy });
    });
    const end = (ev: PointerEvent) => {
      const d = this.drag;
      this.drag = undefined;
      this.svg.classList.remove('panning');
      if (d?.moved) this.suppressClick = true;
      if (d?.moved && this.svg.hasPointerCapture(ev.pointerId)) this.svg.releasePointerCapture(ev.pointerId);
      if (d && !d.moved && ev.target === this.svg) this.cb.select(undefined);
    };
    this.svg.addEventListener('pointerup', end);
    this.svg.addEventListener('pointercancel', end);
    // A click that ended a drag must not also select what is under the pointer.
    this.svg.addEventListener(
      'click',
      (ev) => {
        if (!this.suppressClick) return;
        this.suppressClick = false;
        ev.stopPropagation();
      },
      true,
    );
  }
}

/** Shortens a text element with an ellipsis until it fits the width (it must be in the document). */
function fitText(el: SVGTextElement, width: number): void {
  const full = el.textContent ?? '';
  if (width <= 0 || el.getComputedTextLength() <= width) return;
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    el.textContent = `${full.slice(0, mid)}…`;
    if (el.getComputedTextLength() <= width) lo = mid;
    else hi = mid - 1;
  }
  el.textContent = `${full.slice(0, lo)}…`;
  el.append(s('title', {}));
  el.lastElementChild!.textContent = full;
}

function centre(b: { x: number; y: number; width: number; height: number }) {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

function boxOf(points: { x: number; y: number }[] | undefined) {
  if (!points?.length) return undefined;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
