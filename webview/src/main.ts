// Entry point of the threat-model webview: builds the page, lays out the model it receives from
// the extension, renders diagram and side pane, and keeps zoom, selection and filters across
// reloads through the webview state.

import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { Loc, Severity } from '../../src/core/model';
import { layoutThreatModel } from '../../src/core/threat-model/layout';
import type { ThreatModel } from '../../src/core/threat-model/model';
import type { FromWebview, ToWebview } from '../../src/core/threat-model/protocol';
import { Diagram, type NodeBadge, type View } from './diagram';
import { h, text } from './dom';
import { ALL_FRAMEWORKS, ALL_SEVERITIES, ALL_STATUSES, defaultFilters, filtersActive, searchMatches, threatVisible, worse, type Filters } from './filters';
import { renderPane } from './sidepane';
import { STATUS_LABELS } from '../../src/core/threat-model/labels';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  selected?: string;
  view?: View;
  filters?: Filters;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() ?? {}) as SavedState;
let filters: Filters = { ...defaultFilters(), ...(saved.filters ?? {}) };
let selected = saved.selected;
let view = saved.view;
let model: ThreatModel | undefined;
let generation = 0;

function save(): void {
  vscode.setState({ selected, view, filters } satisfies SavedState);
}

// Page skeleton ------------------------------------------------------------------------------

const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
const search = h('vscode-textfield', { placeholder: 'Search elements, threats, rules', 'aria-label': 'Search elements, threats and rules', class: 'search' }) as HTMLElement & { value: string };
search.value = filters.search;

function toolButton(icon: string, label: string, onClick: () => void): HTMLElement {
  const b = h('vscode-toolbar-button', { icon, label, title: label, 'aria-label': label });
  b.addEventListener('click', onClick);
  return b;
}

function checkboxGroup<T extends string>(title: string, all: readonly T[], chosen: () => T[], set: (v: T[]) => void, label: (v: T) => string): HTMLElement {
  const group = h('fieldset', { class: 'filter-group' }, h('legend', {}, title));
  for (const v of all) {
    const c = h('vscode-checkbox', { label: label(v), checked: chosen().includes(v), 'data-value': v }) as HTMLElement & { checked: boolean };
    c.addEventListener('change', () => {
      const now = new Set(chosen());
      if (c.checked) now.add(v);
      else now.delete(v);
      set(all.filter((x) => now.has(x)));
      refresh();
    });
    group.append(c);
  }
  return group;
}

const filterBar = h(
  'div',
  { class: 'filters', role: 'group', 'aria-label': 'Filters' },
  checkboxGroup(
    'Severity',
    ALL_SEVERITIES,
    () => filters.severities,
    (v) => (filters = { ...filters, severities: v }),
    (v) => v,
  ),
  checkboxGroup(
    'Status',
    ALL_STATUSES,
    () => filters.statuses,
    (v) => (filters = { ...filters, statuses: v }),
    (v) => STATUS_LABELS[v],
  ),
  checkboxGroup(
    'Framework',
    ALL_FRAMEWORKS,
    () => filters.frameworks,
    (v) => (filters = { ...filters, frameworks: v }),
    (v) => (v === 'OWASP' ? 'OWASP ML' : v === 'ATLAS' ? 'MITRE ATLAS' : v),
  ),
);

const diagramHost = h('section', { class: 'diagram-host', 'aria-label': 'Data-flow diagram. Tab or arrow keys move between elements, Enter selects, plus and minus zoom, 0 fits.' });
const pane = h('aside', { class: 'pane', 'aria-label': 'Details', 'aria-live': 'polite' });
const toolbar = h(
  'header',
  { class: 'toolbar' },
  search,
  toolButton('zoom-out', 'Zoom out', () => diagram.zoomBy(1 / 1.25)),
  toolButton('zoom-in', 'Zoom in', () => diagram.zoomBy(1.25)),
  toolButton('screen-full', 'Fit to window', () => diagram.fit()),
  toolButton('refresh', 'Refresh the model', () => vscode.postMessage({ type: 'refresh' })),
  toolButton('json', 'Export as mlsec JSON', () => vscode.postMessage({ type: 'export', format: 'json' })),
  toolButton('markdown', 'Export as Markdown with a Mermaid diagram', () => vscode.postMessage({ type: 'export', format: 'markdown' })),
  toolButton('export', 'Export as an OWASP Threat Dragon model', () => vscode.postMessage({ type: 'export', format: 'threat-dragon' })),
  status,
);
const main = h('main', { class: 'layout', 'aria-busy': 'true' }, diagramHost, pane);
document.body.append(toolbar, filterBar, main);

const diagram = new Diagram(diagramHost, {
  select: (id) => {
    selected = id;
    save();
    refresh();
    if (id) diagram.reveal(id);
  },
  viewChanged: (v) => {
    view = v;
    save();
  },
});

search.addEventListener('input', () => {
  filters = { ...filters, search: search.value };
  refresh();
});
search.addEventListener('keydown', (ev: KeyboardEvent) => {
  if (ev.key !== 'Enter' || !model) return;
  const first = model.elements.find((e) => searchMatches(model!, filters.search).has(e.id));
  if (first) {
    diagram.focusNode(first.id);
    selected = first.id;
    refresh();
  }
});
diagramHost.addEventListener('keydown', (ev: KeyboardEvent) => {
  if (ev.key === '+' || ev.key === '=') diagram.zoomBy(1.25);
  else if (ev.key === '-') diagram.zoomBy(1 / 1.25);
  else if (ev.key === '0') diagram.fit();
});

const actions = {
  open: (loc: Loc) => vscode.postMessage({ type: 'openSource', loc: { file: loc.file, start: loc.start, end: loc.end } }),
  select: (id: string) => {
    selected = id;
    save();
    refresh();
    diagram.reveal(id);
    if (model?.elements.some((e) => e.id === id)) diagram.focusNode(id);
  },
};

/** Re-applies filters, search and selection to the diagram and the pane. */
function refresh(): void {
  save();
  if (!model) return;
  const badges = new Map<string, NodeBadge>();
  for (const t of model.threats) {
    if (t.status !== 'open' || !threatVisible(t, filters)) continue;
    for (const id of t.targetType === 'flow' ? t.targets.slice(1) : t.targets.slice(0, 1)) {
      const b = badges.get(id);
      badges.set(id, { count: (b?.count ?? 0) + 1, severity: worse(b?.severity as Severity | undefined, t.severity) });
    }
  }
  diagram.setBadges(badges);
  let keep: Set<string> | undefined;
  if (filters.search.trim()) keep = searchMatches(model, filters.search);
  if (filtersActive(filters)) {
    const withThreats = new Set(model.threats.filter((t) => threatVisible(t, filters)).flatMap((t) => t.targets));
    keep = keep ? new Set([...keep].filter((id) => withThreats.has(id))) : withThreats;
  }
  diagram.setDimmed(keep);
  if (selected && !model.elements.some((e) => e.id === selected) && !model.flows.some((f) => f.id === selected)) selected = undefined;
  diagram.select(selected);
  renderPane(pane, model, selected, filters, actions);
}

async function show(m: ThreatModel): Promise<void> {
  const mine = ++generation;
  main.setAttribute('aria-busy', 'true');
  text(status, `Laying out ${m.elements.length} elements…`);
  // Let the status paint before the layout takes the thread.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const t0 = performance.now();
  const layout = await layoutThreatModel(m, { direction: (new URLSearchParams(location.search).get('dir') as 'DOWN') ?? 'RIGHT' });
  if (mine !== generation) return;
  const laidOut = performance.now();
  model = m;
  diagram.render(m, layout);
  const first = !diagramHost.dataset.rendered;
  diagramHost.dataset.rendered = 'true';
  if (first && view) diagram.setView(view);
  else if (first) diagram.initialView();
  refresh();
  const ms = performance.now() - t0;
  const open = m.threats.filter((t) => t.status === 'open').length;
  text(status, `${m.elements.length} elements, ${m.flows.length} flows, ${open} open threats · laid out in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}`);
  // Timings for the benchmark, which reads them from the page.
  status.dataset.renderMs = String(Math.round(ms));
  status.dataset.layoutMs = String(Math.round(laidOut - t0));
  main.setAttribute('aria-busy', 'false');
}

function isModel(x: unknown): x is ThreatModel {
  const m = x as ThreatModel;
  return !!m && m.format === 'mlsec-threat-model' && Array.isArray(m.elements) && Array.isArray(m.flows) && Array.isArray(m.boundaries) && Array.isArray(m.threats) && Array.isArray(m.findings);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = ev.data as ToWebview;
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'model' && isModel(msg.model)) {
    show(msg.model).catch((e: unknown) => {
      text(status, `The diagram could not be laid out: ${e instanceof Error ? e.message : String(e)}`);
      main.setAttribute('aria-busy', 'false');
    });
  } else if (msg.type === 'loading') {
    text(status, 'Analysing the workspace…');
  } else if (msg.type === 'error' && typeof msg.message === 'string') {
    text(status, msg.message);
    main.setAttribute('aria-busy', 'false');
  }
});

window.addEventListener('resize', () => {
  if (!view) diagram.initialView();
});

vscode.postMessage({ type: 'ready' });
