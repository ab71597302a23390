// Table tests of the threat templates, one row per template: the small model around a target the
// template applies to, a finding of one of its rules that makes the threat open, a group of its
// controls that mitigates it, the severity it has without findings and the properties that raise
// it, what keeps its controls from counting (its blocked reason), and a change after which it no
// longer applies. A template without rules or controls is checked to stay in review whatever
// controls the target has. The catalogue test at the end fails when a template has no row.

import * as assert from 'node:assert/strict';
import type { Severity } from '../../src/core/model';
import type { Asset, Boundary, ControlKind, Element, Flow, ModelFinding, Threat } from '../../src/core/threat-model/model';
import { TEMPLATES } from '../../src/core/threat-model/templates';
import { evaluateThreats } from '../../src/core/threat-model/threats';
import { ModelView } from '../../src/core/threat-model/view';

const LOC = { file: 'deploy/app.yaml', start: 10, end: 20 };

/** Every control kind; the record makes the compiler notice a new one. */
const CONTROL_KINDS = Object.keys({
  'digest-pinned': 1,
  'version-pinned': 1,
  'hashes-required': 1,
  'checksum-verified': 1,
  'hashes-recorded': 1,
  'signature-verified': 1,
  tls: 1,
  authenticated: 1,
  'private-network': 1,
  'non-root': 1,
  'no-privilege-escalation': 1,
  'read-only-root-fs': 1,
  'resource-limits': 1,
  'secret-reference': 1,
  'safe-serialization': 1,
  'input-schema': 1,
  'organisation-source': 1,
  'tracked-run': 1,
  'encrypted-at-rest': 1,
} satisfies Record<ControlKind, 1>) as ControlKind[];

interface Scene {
  elements: Element[];
  flows: Flow[];
  boundaries: Boundary[];
  /** The id of the element or flow the row is about. */
  target: string;
}

/** A change to a scene (the target's fields, a neighbour's). */
type Change = (s: Scene) => void;

function element(id: string, over: Partial<Element> = {}): Element {
  return { id, kind: 'process', role: 'container', name: id, properties: {}, controls: [], assets: [], evidence: [LOC], origin: 'inferred', workloads: [], ...over };
}

function flow(id: string, over: Partial<Flow> = {}): Flow {
  return { id, source: 'src', target: 'dst', kind: 'data-read', name: id, assets: [], integrity: {}, controls: [], crosses: [], evidence: [LOC], origin: 'inferred', ...over };
}

const asset = (id: string, kind: Asset['kind'], over: Partial<Asset> = {}): Asset => ({ id, kind, name: id, hashes: {}, evidence: [{ ...LOC, start: 100, end: 110 }], ...over });

/** Assets every scene can refer to by id. */
const ASSETS: Asset[] = [asset('pickle-model', 'model', { format: 'pickle' }), asset('bare-model', 'model'), asset('data', 'dataset'), asset('cred', 'credential')];

/** One element as the target, alone in its scene (plus `more`). */
const lone =
  (over: Partial<Element>, more: Partial<Scene> = {}) =>
  (): Scene => ({ elements: [element('t', over), ...(more.elements ?? [])], flows: more.flows ?? [], boundaries: more.boundaries ?? [], target: 't' });

/** A flow as the target, from an outside registry `src` to a process `dst`. */
const between =
  (over: Partial<Flow>, ends: { src?: Partial<Element>; dst?: Partial<Element> } = {}, more: Partial<Scene> = {}) =>
  (): Scene => ({
    elements: [element('src', { kind: 'external-entity', role: 'container-registry', ...ends.src }), element('dst', ends.dst), ...(more.elements ?? [])],
    flows: [flow('t', over)],
    boundaries: more.boundaries ?? [],
    target: 't',
  });

/** A containerised process: a workload of a cluster. */
const inCluster = (over: Partial<Element>) =>
  lone({ workloads: ['w'], boundary: 'k8s', ...over }, { boundaries: [{ id: 'k8s', name: 'cluster', kind: 'cluster', evidence: [LOC], origin: 'inferred' }] });

const find = (s: Scene, id: string): Element | Flow => (s.elements.find((e) => e.id === id) ?? s.flows.find((f) => f.id === id))!;
/** Sets fields of the target, or of the neighbour with the given id. */
const set =
  (fields: Partial<Element> | Partial<Flow>, id?: string): Change =>
  (s) =>
    void Object.assign(find(s, id ?? s.target), fields);
const props =
  (p: Element['properties']): Change =>
  (s) =>
    void Object.assign((find(s, s.target) as Element).properties, p);

interface Row {
  template: string;
  scene: () => Scene;
  /** A rule of the template whose finding on the target makes the threat open; absent when it names none. */
  rule?: string;
  /** A group of control kinds that mitigates the threat; absent when none does. */
  controls?: ControlKind[];
  /** The severity without findings. */
  severity: Severity;
  /** Changes that give another severity. */
  severities?: { change: Change; severity: Severity }[];
  /** A change under which the controls no longer mitigate (the template's blocked reason). */
  blockedBy?: Change;
  /** A change after which the template does not apply to the target. */
  notApplicable: Change;
}

const ROWS: Row[] = [
  {
    template: 'stride.process.spoofing',
    scene: lone({ role: 'inference-service' }),
    rule: 'serving/unauthenticated-ml-service',
    controls: ['authenticated'],
    severity: 'high',
    severities: [{ change: set({ role: 'tracking-server' }), severity: 'medium' }],
    notApplicable: set({ role: 'container' }),
  },
  {
    template: 'stride.process.tampering',
    scene: inCluster({ role: 'training-job' }),
    rule: 'container/writable-root-filesystem',
    controls: ['read-only-root-fs'],
    severity: 'low',
    notApplicable: set({ workloads: [] }),
  },
  {
    template: 'stride.process.repudiation',
    scene: lone({ role: 'training-job' }),
    rule: 'provenance/stage-not-locked',
    controls: ['tracked-run'],
    severity: 'low',
    notApplicable: set({ role: 'inference-service' }),
  },
  {
    template: 'stride.process.information-disclosure',
    scene: lone({ role: 'image-build' }),
    rule: 'secrets/build-arg-secret',
    controls: ['secret-reference'],
    severity: 'high',
    blockedBy: props({ storesCredentials: true }),
    notApplicable: set({ role: 'container' }),
  },
  {
    template: 'stride.process.denial-of-service',
    scene: inCluster({ role: 'pipeline-step' }),
    rule: 'container/missing-resource-limits',
    controls: ['resource-limits'],
    severity: 'low',
    notApplicable: set({ role: 'inference-service' }),
  },
  {
    template: 'stride.process.elevation-of-privilege',
    scene: inCluster({ role: 'training-job' }),
    rule: 'container/runs-as-root',
    controls: ['non-root', 'no-privilege-escalation'],
    severity: 'high',
    severities: [
      { change: props({ privileged: true }), severity: 'critical' },
      { change: props({ hostAccess: true }), severity: 'critical' },
    ],
    blockedBy: props({ hostAccess: true }),
    notApplicable: set({ role: 'image-build', intermediate: true }),
  },
  {
    template: 'stride.external.spoofing',
    scene: lone({ kind: 'external-entity', role: 'package-index' }),
    rule: 'transport/plaintext-http',
    controls: ['tls'],
    severity: 'medium',
    notApplicable: set({ role: 'client' }),
  },
  {
    template: 'stride.external.repudiation',
    scene: lone({ kind: 'external-entity', role: 'client' }),
    controls: ['authenticated'],
    severity: 'low',
    notApplicable: set({ role: 'package-index' }),
  },
  {
    template: 'stride.store.tampering',
    scene: lone({ kind: 'store', role: 'object-store' }),
    rule: 'provenance/lock-mismatch',
    controls: ['signature-verified'],
    severity: 'medium',
    severities: [
      { change: set({ role: 'secret-store' }), severity: 'high' },
      { change: set({ role: 'host-path' }), severity: 'high' },
    ],
    notApplicable: set({ assets: ['pickle-model'] }),
  },
  {
    template: 'stride.store.repudiation',
    scene: lone({ kind: 'store', role: 'model-registry' }),
    controls: ['signature-verified'],
    severity: 'low',
    notApplicable: set({ role: 'volume' }),
  },
  {
    template: 'stride.store.information-disclosure',
    scene: lone({ kind: 'store', role: 'object-store' }),
    rule: 'secrets/hardcoded-credential',
    controls: ['tls', 'encrypted-at-rest'],
    severity: 'medium',
    severities: [
      { change: props({ storesCredentials: true }), severity: 'high' },
      { change: props({ personalData: true }), severity: 'high' },
      { change: set({ role: 'secret-store' }), severity: 'high' },
    ],
    notApplicable: set({ kind: 'process' }),
  },
  {
    template: 'stride.store.denial-of-service',
    scene: lone({ kind: 'store', role: 'model-registry' }, { elements: [element('job', { role: 'inference-service' })], flows: [flow('load', { source: 't', target: 'job', kind: 'model-load' })] }),
    severity: 'low',
    notApplicable: set({ kind: 'data-write' }, 'load'),
  },
  {
    template: 'stride.flow.tampering',
    scene: between({ kind: 'tracking' }),
    rule: 'transport/plaintext-http',
    controls: ['tls'],
    severity: 'medium',
    notApplicable: set({ assets: ['data'] }),
  },
  {
    template: 'stride.flow.information-disclosure',
    scene: between({ kind: 'data-read' }),
    rule: 'transport/tls-verification-disabled',
    controls: ['tls'],
    severity: 'medium',
    severities: [
      { change: set({ assets: ['cred'] }), severity: 'high' },
      { change: (s) => void Object.assign((find(s, 'dst') as Element).properties, { personalData: true }), severity: 'high' },
    ],
    notApplicable: set({ kind: 'package-install' }),
  },
  {
    template: 'stride.flow.denial-of-service',
    scene: between({ kind: 'package-install' }, { src: { boundary: 'net' } }, { boundaries: [{ id: 'net', name: 'internet', kind: 'internet', evidence: [LOC], origin: 'inferred' }] }),
    controls: ['organisation-source'],
    severity: 'low',
    notApplicable: set({ boundary: undefined }, 'src'),
  },
  {
    template: 'supply-chain.image-substitution',
    scene: between({ kind: 'image-pull' }),
    rule: 'supply-chain/unpinned-image',
    controls: ['digest-pinned'],
    severity: 'medium',
    severities: [{ change: (s) => void Object.assign((find(s, 'dst') as Element).properties, { privileged: true }), severity: 'high' }],
    notApplicable: set({ kind: 'data-read' }),
  },
  {
    template: 'supply-chain.malicious-package',
    scene: between({ kind: 'package-install', name: 'pip install' }),
    rule: 'supply-chain/unpinned-package',
    controls: ['hashes-required'],
    severity: 'medium',
    severities: [{ change: set({ name: 'pip install (extra index)' }), severity: 'high' }],
    notApplicable: set({ kind: 'download' }),
  },
  {
    template: 'supply-chain.unverified-download',
    scene: between({ kind: 'download' }),
    rule: 'supply-chain/unverified-download',
    controls: ['checksum-verified'],
    severity: 'medium',
    severities: [
      { change: set({ executes: true }), severity: 'high' },
      { change: set({ assets: ['pickle-model'] }), severity: 'high' },
    ],
    blockedBy: set({ executes: true }),
    notApplicable: set({ assets: ['data'] }),
  },
  {
    template: 'ml.training-data-poisoning',
    scene: lone({ kind: 'store', role: 'object-store' }, { elements: [element('job', { role: 'training-job' })], flows: [flow('read', { source: 't', target: 'job', assets: ['data'] })] }),
    rule: 'provenance/lock-mismatch',
    controls: ['hashes-recorded'],
    severity: 'high',
    notApplicable: set({ role: 'inference-service' }, 'job'),
  },
  {
    template: 'ml.data-source-poisoning',
    scene: between({ kind: 'download', assets: ['data'] }, { src: { role: 'dataset-source' } }),
    rule: 'supply-chain/unpinned-data-import',
    controls: ['checksum-verified'],
    severity: 'high',
    notApplicable: set({ kind: 'store', role: 'object-store' }, 'src'),
  },
  {
    template: 'ml.model-store-tampering',
    scene: lone({ kind: 'store', role: 'model-registry', assets: ['bare-model'] }),
    rule: 'model/signature-invalid',
    controls: ['signature-verified'],
    severity: 'high',
    notApplicable: set({ assets: [] }),
  },
  {
    template: 'ml.model-handover-tampering',
    scene: between({ kind: 'model-load', assets: ['bare-model'] }),
    rule: 'model/signature-invalid',
    controls: ['digest-pinned'],
    severity: 'high',
    notApplicable: set({ kind: 'logging' }),
  },
  {
    template: 'ml.unsafe-deserialization',
    scene: between({ kind: 'model-load', assets: ['pickle-model'] }),
    rule: 'model/unsafe-deserialization',
    controls: ['safe-serialization'],
    severity: 'high',
    severities: [{ change: set({ assets: ['bare-model'] }), severity: 'medium' }],
    notApplicable: set({ kind: 'store' }, 'dst'),
  },
  {
    template: 'ml.input-manipulation',
    scene: lone({ role: 'inference-service' }),
    rule: 'serving/model-without-input-schema',
    controls: ['input-schema'],
    severity: 'medium',
    notApplicable: set({ role: 'ml-service' }),
  },
  {
    template: 'ml.model-extraction',
    scene: lone({ role: 'tracking-server' }),
    rule: 'serving/unauthenticated-ml-service',
    controls: ['authenticated', 'private-network'],
    severity: 'medium',
    severities: [{ change: props({ publicNetwork: true }), severity: 'high' }],
    notApplicable: set({ role: 'notebook' }),
  },
  {
    template: 'ml.membership-inference',
    scene: lone({ role: 'inference-service' }),
    severity: 'medium',
    severities: [{ change: props({ personalData: true }), severity: 'high' }],
    notApplicable: set({ role: 'ml-service' }),
  },
  {
    template: 'ml.inference-dos',
    scene: lone({ role: 'ml-service' }),
    rule: 'container/missing-resource-limits',
    controls: ['resource-limits'],
    severity: 'medium',
    notApplicable: set({ role: 'notebook' }),
  },
  {
    template: 'container.host-escape',
    scene: between({ kind: 'host-access' }),
    rule: 'container/host-path-mount',
    severity: 'high',
    notApplicable: set({ kind: 'data-read' }),
  },
  {
    template: 'linddun.linkability',
    scene: lone({ kind: 'external-entity', role: 'client', properties: { personalData: true } }),
    severity: 'medium',
    notApplicable: props({ personalData: false }),
  },
  {
    template: 'linddun.identifiability',
    scene: lone({ kind: 'store', role: 'feature-store', properties: { personalData: true } }),
    severity: 'high',
    notApplicable: props({ personalData: false }),
  },
  {
    template: 'linddun.non-repudiation',
    scene: lone({ role: 'inference-service', properties: { personalData: true } }),
    severity: 'low',
    notApplicable: set({ kind: 'external-entity', role: 'client' }),
  },
  {
    template: 'linddun.detectability',
    scene: lone({ kind: 'store', role: 'database', properties: { personalData: true } }),
    severity: 'low',
    notApplicable: set({ kind: 'external-entity', role: 'client' }),
  },
  {
    template: 'linddun.disclosure-of-information',
    scene: lone({ kind: 'store', role: 'object-store', properties: { personalData: true, encrypted: true } }),
    rule: 'transport/plaintext-http',
    controls: ['tls'],
    severity: 'high',
    blockedBy: props({ encrypted: false }),
    notApplicable: set({ kind: 'external-entity', role: 'client' }),
  },
  {
    template: 'linddun.unawareness',
    scene: lone({ kind: 'external-entity', role: 'client', properties: { personalData: true } }),
    severity: 'medium',
    notApplicable: set({ kind: 'store', role: 'database' }),
  },
  {
    template: 'linddun.non-compliance',
    scene: lone({ role: 'training-job', properties: { personalData: true } }),
    severity: 'medium',
    notApplicable: props({ personalData: false }),
  },
];

const control = (kind: ControlKind) => ({ kind, text: kind, origin: 'inferred' as const, loc: LOC });

function finding(ruleId: string, target: string): ModelFinding {
  return { ruleId, severity: 'high', message: ruleId, loc: LOC, range: { start: { line: 0, character: 10 }, end: { line: 0, character: 20 } }, targets: [target] };
}

/** The row's threat on its target after the changes, or undefined when the template does not apply. */
function threatOf(row: Row, changes: Change[] = [], findings: ModelFinding[] = []): Threat | undefined {
  const s = row.scene();
  for (const c of changes) c(s);
  const view = new ModelView({ elements: s.elements, flows: s.flows, boundaries: s.boundaries, assets: ASSETS });
  return evaluateThreats(view, findings, {}).find((t) => t.template === row.template && t.targets[0] === s.target);
}

const withControls =
  (kinds: readonly ControlKind[]): Change =>
  (s) =>
    void find(s, s.target).controls.push(...kinds.map(control));

describe('threat template tables', () => {
  for (const row of ROWS) {
    const template = TEMPLATES.find((t) => t.id === row.template);
    describe(row.template, () => {
      it('is a template of the catalogue', () => assert.ok(template, `${row.template} is in TEMPLATES`));

      if (row.rule) {
        it(`is open when ${row.rule} reports on the target`, () => {
          assert.ok(template?.rules.includes(row.rule!), `${row.template} names ${row.rule}`);
          const t = threatOf(row, [], [finding(row.rule!, 't')]);
          assert.equal(t?.status, 'open');
          assert.equal(t?.severity, 'high', 'an open threat takes the severity of its worst finding');
        });
        it('is not opened by a finding of a rule it does not name', () => {
          assert.equal(threatOf(row, [], [finding('other/unnamed-rule', 't')])?.status, 'needs-review');
        });
      } else {
        it('names no rule, so only a reviewer opens it', () => assert.deepEqual(template?.rules, []));
      }

      if (row.controls) {
        it(`is mitigated by ${row.controls.join(' and ')}`, () => {
          assert.ok(
            template?.mitigatedBy.some((g) => g.length === row.controls!.length && g.every((k) => row.controls!.includes(k))),
            `${row.controls!.join('+')} is a group of ${row.template}`,
          );
          assert.equal(threatOf(row, [withControls(row.controls!)])?.status, 'mitigated');
        });
        if (row.controls.length > 1) {
          it('is not mitigated by part of its control group', () => assert.equal(threatOf(row, [withControls(row.controls!.slice(1))])?.status, 'needs-review'));
        }
      } else {
        it('is mitigated by no control, so it stays in review whatever controls the target has', () => {
          assert.deepEqual(template?.mitigatedBy, []);
          assert.equal(threatOf(row, [withControls(CONTROL_KINDS)])?.status, 'needs-review');
        });
      }

      if (row.blockedBy) {
        it('is not mitigated by its controls while its blocked reason holds', () => {
          assert.equal(threatOf(row, [withControls(row.controls!), row.blockedBy!])?.status, 'needs-review');
        });
      }

      it(`needs review at ${row.severity} severity with neither findings nor controls`, () => {
        const t = threatOf(row);
        assert.equal(t?.status, 'needs-review');
        assert.equal(t?.severity, row.severity);
      });

      for (const [k, s] of (row.severities ?? []).entries()) {
        it(`is ${s.severity} under changed properties (${k + 1})`, () => assert.equal(threatOf(row, [s.change])?.severity, s.severity));
      }

      it('does not apply once the target changes', () => {
        assert.ok(threatOf(row), 'applies before the change');
        assert.equal(threatOf(row, [row.notApplicable]), undefined);
      });
    });
  }

  describe('catalogue', () => {
    it('has exactly one row for every template', () => {
      const rows = ROWS.map((r) => r.template);
      assert.equal(new Set(rows).size, rows.length, 'no template has two rows');
      for (const t of TEMPLATES) assert.ok(rows.includes(t.id), `${t.id} has a row in template-table.test.ts`);
    });

    it('tests a rule of every template that names rules, the controls of every template that has them, and every blocked reason', () => {
      for (const row of ROWS) {
        const t = TEMPLATES.find((x) => x.id === row.template)!;
        assert.equal(!!row.rule, t.rules.length > 0, `${t.id}: a rule is tested exactly when the template names rules`);
        assert.equal(!!row.controls, t.mitigatedBy.length > 0, `${t.id}: controls are tested exactly when the template has a mitigating group`);
        assert.equal(!!row.blockedBy, !!t.blocked, `${t.id}: a blocked reason is tested exactly when the template has one`);
      }
    });
  });
});
