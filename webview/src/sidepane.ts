// The side pane: the overview of the model, or the selected element's or flow's threats (with
// their STRIDE, ATLAS, OWASP and LINDDUN tags and status), findings, controls and evidence.
// Clicking a finding or a location asks the extension to open the source there.

import type { Loc } from '../../src/core/model';
import { BOUNDARY_LABELS, LINDDUN_LABELS, roleLabel, STATUS_LABELS, STRIDE_LABELS } from '../../src/core/threat-model/labels';
import type { Element, Flow, ModelFinding, Threat, ThreatFinding, ThreatModel } from '../../src/core/threat-model/model';
import { clear, h } from './dom';
import { bySeverity, threatVisible, type Filters } from './filters';

export interface PaneActions {
  open(loc: Loc): void;
  select(id: string): void;
}

function where(loc: Loc, range?: ThreatFinding['range']): string {
  return range ? `${loc.file}:${range.start.line + 1}:${range.start.character + 1}` : loc.file;
}

function sourceLink(label: string, loc: Loc, a: PaneActions, range?: ThreatFinding['range']): HTMLElement {
  const b = h('button', { type: 'button', class: 'link', title: `Open ${where(loc, range)}` }, label);
  b.addEventListener('click', () => a.open(loc));
  return b;
}

function tag(textValue: string, cls: string, title?: string): HTMLElement {
  return h('span', { class: `tag ${cls}`, ...(title ? { title } : {}) }, textValue);
}

function threatTags(t: Threat): HTMLElement {
  return h(
    'div',
    { class: 'tags', 'aria-label': 'Frameworks' },
    ...t.stride.map((x) => tag(x, 'stride', `STRIDE: ${STRIDE_LABELS[x]}`)),
    ...t.linddun.map((x) => tag(LINDDUN_LABELS[x], 'linddun', 'LINDDUN')),
    ...t.atlas.map((x) => tag(x, 'atlas', 'MITRE ATLAS')),
    ...t.owasp.map((x) => tag(x, 'owasp', 'OWASP ML Top 10')),
    ...t.cwe.map((x) => tag(x, 'cwe', 'CWE')),
  );
}

function findingItem(f: ThreatFinding, a: PaneActions, showFile = true): HTMLElement {
  return h(
    'li',
    { class: `finding sev-${f.severity}` },
    h('span', { class: `sev-dot sev-${f.severity}`, 'aria-label': `${f.severity} severity` }),
    sourceLink(`${f.ruleId}`, f.loc, a, f.range),
    ' ',
    h('span', { class: 'finding-message' }, f.message),
    ' ',
    h('span', { class: 'muted' }, showFile ? where(f.loc, f.range) : `line ${f.range.start.line + 1}`),
    f.suppressed !== undefined ? h('span', { class: 'muted' }, ` (suppressed: ${f.suppressed})`) : undefined,
  );
}

function threatCard(t: Threat, a: PaneActions): HTMLElement {
  const card = h('details', { class: `threat status-${t.status}`, 'data-id': t.id });
  const summary = h(
    'summary',
    {},
    h('span', { class: `sev-badge sev-${t.severity}` }, t.severity),
    h('span', { class: `status-badge status-${t.status}` }, STATUS_LABELS[t.status]),
    h('span', { class: 'threat-title' }, t.title),
  );
  card.append(summary, threatTags(t));
  card.append(h('p', {}, t.description));
  card.append(h('p', {}, h('strong', {}, 'Impact: '), t.impact));
  card.append(h('p', {}, h('strong', {}, 'Mitigation: '), t.mitigation));
  if (t.findings.length) card.append(h('h4', {}, 'Findings'), h('ul', { class: 'findings' }, ...t.findings.map((f) => findingItem(f, a))));
  if (t.mitigations.length) {
    card.append(
      h('h4', {}, 'Mitigated by'),
      h(
        'ul',
        { class: 'controls' },
        ...t.mitigations.map((c) => h('li', {}, c.loc ? sourceLink(c.text, c.loc, a) : c.text, c.origin === 'review' ? h('span', { class: 'muted' }, ' (reviewer)') : undefined)),
      ),
    );
  }
  if (t.decision) {
    const d = t.decision;
    card.append(
      h(
        'p',
        { class: 'decision' },
        h('strong', {}, `Reviewer: ${d.status}. `),
        d.reason,
        d.by || d.date ? h('span', { class: 'muted' }, ` — ${[d.by, d.date].filter(Boolean).join(', ')}`) : undefined,
      ),
    );
  }
  card.append(h('p', { class: 'muted threat-id' }, `Threat id ${t.id} (template ${t.template})`));
  return card;
}

function threatList(threats: Threat[], f: Filters, a: PaneActions): HTMLElement {
  const shown = threats.filter((t) => threatVisible(t, f)).sort(bySeverity);
  const hidden = threats.length - shown.length;
  return h(
    'section',
    { class: 'threats', 'aria-label': 'Threats' },
    h('h3', {}, `Threats (${shown.length}${hidden ? ` shown, ${hidden} filtered out` : ''})`),
    ...(shown.length ? shown.map((t) => threatCard(t, a)) : [h('p', { class: 'muted' }, threats.length ? 'No threat matches the filters.' : 'No threats apply.')]),
  );
}

function findingsOf(m: ThreatModel, id: string): ModelFinding[] {
  return m.findings.filter((x) => x.targets.includes(id));
}

/** Findings grouped by file, so those of a joined Dockerfile read apart from the element's own. */
function findingsSection(fs: ModelFinding[], a: PaneActions): HTMLElement {
  const files = [...new Set(fs.map((f) => f.loc.file))];
  return h(
    'section',
    { 'aria-label': 'Findings' },
    h('h3', {}, `Findings (${fs.length})`),
    ...files.flatMap((file) => [h('p', { class: 'findings-file' }, file), h('ul', { class: 'findings' }, ...fs.filter((f) => f.loc.file === file).map((f) => findingItem(f, a, false)))]),
  );
}

function evidenceList(locs: Loc[], a: PaneActions): HTMLElement {
  const seen = new Set<string>();
  const items: HTMLElement[] = [];
  for (const l of locs) {
    const key = `${l.file}:${l.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(h('li', {}, sourceLink(l.file, l, a)));
  }
  return h('ul', { class: 'evidence' }, ...items);
}

function props(pairs: [string, string | undefined][]): HTMLElement {
  return h('dl', { class: 'props' }, ...pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v!)]));
}

const yesNo = (b: boolean | undefined) => (b === undefined ? undefined : b ? 'yes' : 'no');

function boundaryPath(m: ThreatModel, id: string | undefined): string | undefined {
  const names: string[] = [];
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const b = m.boundaries.find((x) => x.id === id);
    if (!b) break;
    names.push(`${b.name} (${BOUNDARY_LABELS[b.kind]})`);
    id = b.parent;
  }
  return names.length ? names.join(' ‹ ') : undefined;
}

function elementPane(m: ThreatModel, e: Element, f: Filters, a: PaneActions): HTMLElement[] {
  const flows = m.flows.filter((x) => x.source === e.id || x.target === e.id);
  const name = (id: string) => m.elements.find((x) => x.id === id)?.name ?? id;
  const out: HTMLElement[] = [
    h('header', {}, h('p', { class: 'eyebrow' }, `${e.kind.replace('-', ' ')} · ${roleLabel(e.role)}`), h('h2', {}, e.name)),
    props([
      ['Trust zone', boundaryPath(m, e.boundary) ?? 'outside every boundary'],
      ['Description', e.description],
      ['Authenticated', yesNo(e.properties.authenticated)],
      ['Public network', yesNo(e.properties.publicNetwork)],
      ['Holds credentials', yesNo(e.properties.storesCredentials)],
      ['Personal data', yesNo(e.properties.personalData)],
      ['Runs as root', yesNo(e.properties.runsAsRoot)],
      ['Privileged', yesNo(e.properties.privileged)],
      ['Built by', e.builtBy ? name(e.builtBy) : undefined],
      ['Out of scope', e.outOfScope],
      ['Added by', e.origin === 'review' ? 'the reviewer (.mlsec.yaml)' : undefined],
      [
        'Assets',
        e.assets
          .map((id) => m.assets.find((x) => x.id === id)?.name)
          .filter(Boolean)
          .join(', ') || undefined,
      ],
    ]),
    threatList(
      m.threats.filter((t) => t.targets[0] === e.id),
      f,
      a,
    ),
  ];
  const fs = findingsOf(m, e.id);
  if (fs.length) out.push(findingsSection(fs, a));
  if (e.controls.length) out.push(h('section', {}, h('h3', {}, 'Controls'), h('ul', { class: 'controls' }, ...e.controls.map((c) => h('li', {}, c.loc ? sourceLink(c.text, c.loc, a) : c.text)))));
  if (flows.length) {
    out.push(
      h(
        'section',
        { 'aria-label': 'Data flows' },
        h('h3', {}, `Data flows (${flows.length})`),
        h(
          'ul',
          { class: 'flows' },
          ...flows.map((x) => {
            const b = h('button', { type: 'button', class: 'link' }, `${x.source === e.id ? '→' : '←'} ${x.name} ${x.source === e.id ? name(x.target) : name(x.source)}`);
            b.addEventListener('click', () => a.select(x.id));
            return h('li', {}, b);
          }),
        ),
      ),
    );
  }
  out.push(h('section', {}, h('h3', {}, 'Defined at'), evidenceList(e.evidence, a)));
  return out;
}

function flowPane(m: ThreatModel, x: Flow, f: Filters, a: PaneActions): HTMLElement[] {
  const name = (id: string) => m.elements.find((e) => e.id === id)?.name ?? id;
  const integrity = Object.entries(x.integrity)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .join(', ');
  const link = (id: string) => {
    const b = h('button', { type: 'button', class: 'link' }, name(id));
    b.addEventListener('click', () => a.select(id));
    return b;
  };
  const out: HTMLElement[] = [
    h('header', {}, h('p', { class: 'eyebrow' }, `data flow · ${x.kind.replace(/-/g, ' ')}`), h('h2', {}, x.name), h('p', {}, link(x.source), x.bidirectional ? ' ↔ ' : ' → ', link(x.target))),
    props([
      ['Protocol', x.protocol],
      ['Encrypted', yesNo(x.encrypted)],
      ['Certificate checks', x.tlsVerified === false ? 'disabled' : undefined],
      ['Integrity', integrity || 'none recorded'],
      ['Runs what it fetches', x.executes ? 'yes' : undefined],
      [
        'Crosses',
        x.crosses
          .map((b) => m.boundaries.find((y) => y.id === b)?.name)
          .filter(Boolean)
          .join(', ') || 'no boundary',
      ],
      [
        'Carries',
        x.assets
          .map((id) => m.assets.find((y) => y.id === id)?.name)
          .filter(Boolean)
          .join(', ') || undefined,
      ],
      ['Joined', x.join?.reason],
    ]),
    threatList(
      m.threats.filter((t) => t.targets[0] === x.id),
      f,
      a,
    ),
  ];
  const fs = findingsOf(m, x.id);
  if (fs.length) out.push(findingsSection(fs, a));
  out.push(h('section', {}, h('h3', {}, 'Defined at'), evidenceList(x.evidence, a)));
  return out;
}

function overview(m: ThreatModel, f: Filters, a: PaneActions): HTMLElement[] {
  const visible = m.threats.filter((t) => threatVisible(t, f));
  const open = visible.filter((t) => t.status === 'open').sort(bySeverity);
  const name = (id: string) => m.elements.find((e) => e.id === id)?.name ?? m.flows.find((x) => x.id === id)?.name ?? id;
  const counts = (['open', 'needs-review', 'mitigated', 'accepted', 'transferred', 'not-applicable'] as const).map((st) =>
    h('li', {}, h('span', { class: `status-badge status-${st}` }, STATUS_LABELS[st]), ` ${visible.filter((t) => t.status === st).length}`),
  );
  const out: HTMLElement[] = [
    h('header', {}, h('p', { class: 'eyebrow' }, 'threat model'), h('h2', {}, m.title)),
    h('p', {}, `${m.summary.elements} elements, ${m.summary.flows} data flows, ${m.summary.boundaries} trust boundaries. Select an element or a flow to see its threats.`),
    h('ul', { class: 'counts', 'aria-label': 'Threats by status' }, ...counts),
    h(
      'section',
      { 'aria-label': 'Open threats' },
      h('h3', {}, `Open threats (${open.length})`),
      h(
        'ul',
        { class: 'open-list' },
        ...open.slice(0, 50).map((t) => {
          const b = h('button', { type: 'button', class: 'link' }, t.title);
          b.addEventListener('click', () => a.select(t.targets[0]));
          return h('li', {}, h('span', { class: `sev-badge sev-${t.severity}` }, t.severity), h('span', {}, b, h('span', { class: 'muted' }, ` — ${name(t.targets[0])}`)));
        }),
      ),
    ),
  ];
  if (m.notes.length) out.push(h('section', {}, h('h3', {}, 'Notes'), h('ul', {}, ...m.notes.map((n) => h('li', { class: `note-${n.level}` }, n.loc ? sourceLink(n.message, n.loc, a) : n.message)))));
  return out;
}

export function renderPane(host: HTMLElement, m: ThreatModel | undefined, selected: string | undefined, f: Filters, a: PaneActions): void {
  clear(host);
  if (!m) return;
  const el = selected ? m.elements.find((e) => e.id === selected) : undefined;
  const fl = selected && !el ? m.flows.find((x) => x.id === selected) : undefined;
  const parts = el ? elementPane(m, el, f, a) : fl ? flowPane(m, fl, f, a) : overview(m, f, a);
  host.append(...parts);
}
