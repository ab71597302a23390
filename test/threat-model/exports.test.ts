// The exports: an OWASP Threat Dragon v2 model valid the way Threat Dragon validates (Ajv with
// union types and formats), shaped like Threat Dragon's own demo models, with boundaries that
// enclose their members; and the Markdown report with its Mermaid diagram.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildThreatModel } from '../../src/core/threat-model';
import { layoutThreatModel } from '../../src/core/threat-model/layout';
import { threatDragonModel, TD_SEVERITY, TD_STATUS } from '../../src/core/report/threat-dragon';
import { mdText, mermaidFlowchart, mermaidId, mermaidLabel, threatModelMarkdown } from '../../src/core/report/threat-model-markdown';
import { LINDDUN_LABELS, STRIDE_LABELS } from '../../src/core/threat-model/labels';
import { uuidFromId } from '../../src/core/threat-model/ids';
import { churnScenario, DOCKERFILE } from './fixtures';
import { hostile } from './hostile';
import { TD_DIR, threatDragonValidator } from '../helpers/threat-dragon';

interface Cell {
  id: string;
  shape: string;
  position?: { x: number; y: number };
  size?: { width: number; height: number };
  zIndex: number;
  source?: { cell: string };
  target?: { cell: string };
  data: Record<string, unknown> & { threats?: Record<string, unknown>[] };
}

function cells(doc: Record<string, unknown>): Cell[] {
  return (doc.detail as { diagrams: { cells: Cell[] }[] }).diagrams[0].cells as Cell[];
}

async function exportTd(model = buildThreatModel({ facts: churnScenario().facts, findings: churnScenario().findings, review: { personal: ['churn'] } })) {
  const layout = await layoutThreatModel(model, { style: 'threat-dragon' });
  const s = churnScenario();
  const sources = new Map(Object.entries(s.files.texts));
  const locate = (l: { file: string; start: number }) => {
    const t = sources.get(l.file);
    if (t === undefined) return undefined;
    const before = t.slice(0, l.start);
    return { line: before.split('\n').length - 1, character: l.start - before.lastIndexOf('\n') - 1 };
  };
  return { model, layout, doc: threatDragonModel(model, layout, { locate }) };
}

describe('Threat Dragon export', () => {
  let errors: (doc: unknown) => string | undefined;

  before(function () {
    const validator = threatDragonValidator();
    if (!validator) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
    errors = validator;
  });

  it('validates like Threat Dragon validates (and so do its own demos)', async () => {
    for (const demo of ['v2-threat-model.json', 'three-tier-web-app.json', 'v2-new-model.json']) {
      assert.equal(errors(JSON.parse(fs.readFileSync(path.join(TD_DIR, 'demo', demo), 'utf8'))), undefined, demo);
    }
    const { doc } = await exportTd();
    assert.equal(errors(doc), undefined);
    const { doc: bad } = await exportTd(hostile(buildThreatModel({ facts: churnScenario().facts, findings: churnScenario().findings })));
    assert.equal(errors(bad), undefined, 'hostile names stay valid JSON strings');
  });

  it('uses Threat Dragon’s shapes and cell data, as its demos do', async () => {
    const { doc, model } = await exportTd();
    const ours = cells(doc);
    const demoCells = ['v2-threat-model.json', 'three-tier-web-app.json'].flatMap((d) => cells(JSON.parse(fs.readFileSync(path.join(TD_DIR, 'demo', d), 'utf8'))));
    for (const shape of ['process', 'store', 'actor', 'flow', 'trust-boundary-box']) {
      const demo = demoCells.find((c) => c.shape === shape)!;
      const mine = ours.find((c) => c.shape === shape)!;
      assert.ok(mine, `no ${shape} cell`);
      assert.equal(mine.data.type, demo.data.type);
      for (const k of Object.keys(demo.data)) assert.ok(k in mine.data, `${shape} cell lacks data.${k}`);
    }
    assert.equal(ours.filter((c) => c.shape === 'process').length, model.elements.filter((e) => e.kind === 'process').length);
    assert.equal(ours.filter((c) => c.shape === 'store').length, model.elements.filter((e) => e.kind === 'store').length);
    assert.equal(ours.filter((c) => c.shape === 'actor').length, model.elements.filter((e) => e.kind === 'external-entity').length);
    assert.equal(ours.filter((c) => c.shape === 'flow').length, model.flows.length);
    assert.equal(ours.filter((c) => c.shape === 'trust-boundary-box').length, model.boundaries.length);
    const ids = new Set(ours.map((c) => c.id));
    assert.equal(ids.size, ours.length);
    for (const f of ours.filter((c) => c.shape === 'flow')) assert.ok(ids.has(f.source!.cell) && ids.has(f.target!.cell));
  });

  it('draws each boundary box around its members and nested boundaries', async () => {
    const { doc, model } = await exportTd();
    const byId = new Map(cells(doc).map((c) => [c.id, c]));
    const inside = (a: Cell, b: Cell) =>
      a.position!.x >= b.position!.x &&
      a.position!.y >= b.position!.y &&
      a.position!.x + a.size!.width <= b.position!.x + b.size!.width &&
      a.position!.y + a.size!.height <= b.position!.y + b.size!.height;
    const boundaryName = new Map(model.boundaries.map((b) => [b.id, b.name]));
    for (const e of model.elements) {
      const cell = byId.get(uuidFromId(`element|${e.id}`))!;
      for (const b of model.boundaries) {
        const box = byId.get(uuidFromId(`boundary|${b.id}`))!;
        let p: string | undefined = e.boundary;
        let member = false;
        while (p) {
          if (p === b.id) member = true;
          p = model.boundaries.find((x) => x.id === p)?.parent;
        }
        assert.equal(inside(cell, box), member, `${e.name} ${member ? 'outside' : 'inside'} ${boundaryName.get(b.id)}`);
      }
    }
  });

  it('writes threats with Threat Dragon’s type, severity and status strings, and our ids and locations', async () => {
    const { doc, model } = await exportTd();
    const all = cells(doc).flatMap((c) => c.data.threats ?? []);
    assert.equal(all.length, model.threats.length);
    const types = new Set([...Object.values(STRIDE_LABELS), ...Object.values(LINDDUN_LABELS)]);
    for (const t of all) {
      assert.ok(types.has(t.type as string), `type ${t.type}`);
      assert.ok(['TBD', 'Low', 'Medium', 'High', 'Critical'].includes(t.severity as string));
      assert.ok(['Open', 'Mitigated', 'NotApplicable', 'Accepted', 'Transferred'].includes(t.status as string));
      assert.ok(t.modelType === 'STRIDE' || t.modelType === 'LINDDUN');
    }
    assert.ok(all.some((t) => t.modelType === 'LINDDUN' && t.type === 'Linkability'));
    const numbers = all.map((t) => t.number as number).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    );
    assert.equal((doc.detail as { threatTop: number }).threatTop, all.length);
    const image = all.find((t) => (t.description as string).includes('supply-chain/unpinned-image'))!;
    assert.match(image.description as string, /MITRE ATLAS: AML\.T0010\.004/);
    assert.match(image.description as string, new RegExp(`${DOCKERFILE.replace(/\//g, '\\/')}:1 supply-chain/unpinned-image`));
    assert.match(image.description as string, /mlsec threat th-[0-9a-f]{12}/);
    const open = model.threats.find((t) => t.status === 'open')!;
    assert.equal(TD_STATUS[open.status], 'Open');
    assert.equal(TD_SEVERITY.info, 'Low');
    const flagged = cells(doc).filter((c) => c.data.hasOpenThreats);
    assert.ok(flagged.length > 0 && flagged.every((c) => (c.data.threats ?? []).some((t) => t.status === 'Open')));
  });

  it('derives ids deterministically, so a re-export after an unrelated edit diffs cleanly', async () => {
    const a = await exportTd();
    const b = await exportTd();
    assert.equal(JSON.stringify(a.doc), JSON.stringify(b.doc));
    const shifted = churnScenario({}, '# reviewed 2025-06-30\n');
    const c = await exportTd(buildThreatModel({ facts: shifted.facts, findings: shifted.findings, review: { personal: ['churn'] } }));
    const ids = (d: Record<string, unknown>) =>
      cells(d)
        .map((x) => x.id)
        .sort();
    assert.deepEqual(ids(c.doc), ids(a.doc));
    const threatIds = (d: Record<string, unknown>) =>
      cells(d)
        .flatMap((x) => (x.data.threats ?? []).map((t) => t.id))
        .sort();
    assert.deepEqual(threatIds(c.doc), threatIds(a.doc));
  });
});

describe('Markdown report', () => {
  const s = churnScenario();
  const model = buildThreatModel({ facts: s.facts, findings: s.findings, title: 'Threat model of churn' });
  const md = threatModelMarkdown(model, {});

  it('summarises threats by status and severity', () => {
    const open = md.split('\n').find((l) => l.startsWith('| open |'))!;
    const cellsOf = open.split('|').map((c) => c.trim());
    assert.equal(Number(cellsOf[cellsOf.length - 2]), model.summary.threats.open);
    assert.equal(Number(cellsOf[2]), model.summary.openBySeverity.critical);
  });

  it('draws the diagram as a Mermaid flowchart with a subgraph per boundary', () => {
    const chart = mermaidFlowchart(model);
    assert.ok(md.includes(`\`\`\`mermaid\n${chart}\n\`\`\``));
    assert.equal((chart.match(/^\s*subgraph /gm) ?? []).length, model.boundaries.length);
    assert.equal((chart.match(/^\s*end$/gm) ?? []).length, model.boundaries.length);
    assert.equal((chart.match(/ -->\|| <-->\|/g) ?? []).length, model.flows.length);
    for (const m of chart.matchAll(/\b(id_[^\s[(|"]+)/g)) for (const part of m[1].split(',')) assert.match(part, /^id_[A-Za-z0-9_]+$/);
    const store = model.elements.find((e) => e.kind === 'store')!;
    assert.ok(chart.includes(`${mermaidId(store.id)}[(${mermaidLabel(store.name)})]`));
  });

  it('escapes labels and ids so repository text cannot change the chart or the page', () => {
    assert.equal(mermaidLabel('a "b" <c> [d] #e'), '"a #34;b#34; #60;c#62; #91;d#93; #35;e"');
    assert.equal(mermaidId('el-0a1b2c3d4e5f'), 'id_el_0a1b2c3d4e5f');
    assert.equal(mdText('<img src=x onerror=alert(1)> | **bold** [link](javascript:x)'), '&lt;img src=x onerror=alert(1)&gt; \\| \\*\\*bold\\*\\* \\[link\\](javascript:x)');
    const bad = threatModelMarkdown(hostile(model));
    assert.doesNotMatch(bad, /<img|<script|<svg|<iframe|<style/i);
  });

  it('lists the threats of each element and flow with status and evidence', () => {
    assert.match(md, /### docker\/trainer\/Dockerfile\n\nprocess, image build, in Image build \(CI\) \(CI\/build\) — docker\/trainer\/Dockerfile/);
    const row = md.split('\n').find((l) => l.includes('Image substitution on base image'))!;
    assert.match(row, /\| low \| \*\*open\*\* \| docker\/trainer\/Dockerfile:1 supply-chain\/unpinned-image: /);
    const mitigated = md.split('\n').find((l) => l.startsWith('| Container escape from churn'))!;
    assert.match(mitigated, /\*\*mitigated\*\* \| — \| runAsNonRoot: true \(serving\/churn-isvc\.yaml\)/);
    assert.match(md, /## Threats by data flow/);
  });
});
