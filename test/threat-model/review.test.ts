// Review as code: the `threat-model` section of `.mlsec.yaml` validated by the schema, elements
// and flows the files cannot show, personal data, corrections, scope and decisions by stable id.

import * as assert from 'node:assert/strict';
import { parseConfig } from '../../src/core/config';
import { buildThreatModel, ReviewLocator } from '../../src/core/threat-model';
import type { ThreatModel } from '../../src/core/threat-model/model';
import { churnScenario } from './fixtures';

const s = churnScenario();
const base = buildThreatModel({ facts: s.facts, findings: s.findings });
const id = (name: string, role?: string) => base.elements.find((e) => e.name === name && (!role || e.role === role))!.id;
const spoofChurn = base.threats.find((t) => t.template === 'stride.process.spoofing' && t.targets[0] === id('churn'))!;
const extraction = base.threats.find((t) => t.template === 'ml.model-extraction' && t.targets[0] === id('churn'))!;

const CONFIG = `# Threat model review of the churn pipeline.
threat-model:
  title: Churn prediction pipeline
  boundaries:
    - id: confluent
      name: Confluent Cloud
      kind: third-party-service
      parent: internet
  elements:
    - id: feature-store
      name: Feast online store
      kind: store
      role: feature-store
      boundary: ${'tb-'}placeholder
      personal: true
      properties: { encrypted: true }
    - id: events
      name: Kafka clickstream
      kind: store
      role: stream
      boundary: confluent
    - id: customers
      name: Customers
      kind: external-entity
      role: client
  flows:
    - { from: events, to: feature-store, kind: data-write, name: features, encrypted: true }
    - { from: feature-store, to: ${id('train', 'pipeline-step')}, kind: data-read, name: training features, personal: true }
    - { from: customers, to: churn, kind: inference-request, name: scoring calls }
  personal: [data/clean.csv]
  properties:
    churn: { authenticated: true, publicNetwork: false }
  outOfScope:
    Docker Hub: the base images are mirrored by the platform team
  decisions:
    ${spoofChurn.id}:
      status: transferred
      reason: the ingress gateway authenticates every call
      by: security@example.com
      date: 2025-06-30
    th-000000000000: { status: accepted, reason: an old decision }
`;

function build(text: string): { model: ThreatModel; errors: string[] } {
  const { config, errors } = parseConfig(text, new Set());
  const model = buildThreatModel({ facts: s.facts, findings: s.findings, review: config['threat-model'], reviewLocator: new ReviewLocator('.mlsec.yaml', text) });
  return { model, errors: errors.map((e) => e.message) };
}

describe('threat-model review in .mlsec.yaml', () => {
  const text = CONFIG.replace('tb-placeholder', base.boundaries.find((b) => b.kind === 'cloud-account')!.id);
  const { model, errors } = build(text);
  const el = (name: string) => model.elements.find((e) => e.name === name)!;

  it('validates against the configuration schema', () => {
    assert.deepEqual(errors, []);
  });

  it('adds the elements the files cannot show, in their boundaries, with flows to inferred elements', () => {
    assert.equal(model.title, 'Churn prediction pipeline');
    const store = el('Feast online store');
    assert.equal(store.origin, 'review');
    assert.equal(store.role, 'feature-store');
    assert.equal(model.boundaries.find((b) => b.id === store.boundary)!.kind, 'cloud-account');
    const stream = el('Kafka clickstream');
    const confluent = model.boundaries.find((b) => b.id === stream.boundary)!;
    assert.equal(confluent.name, 'Confluent Cloud');
    assert.equal(model.boundaries.find((b) => b.id === confluent.parent)!.kind, 'internet');
    const read = model.flows.find((f) => f.source === store.id && f.kind === 'data-read')!;
    assert.equal(read.target, id('train', 'pipeline-step'));
    assert.ok(model.flows.some((f) => f.source === el('Customers').id && f.target === id('churn') && f.name === 'scoring calls'));
    const at = store.evidence[0];
    assert.equal(at.file, '.mlsec.yaml');
    assert.match(text.slice(at.start, at.end), /^id: feature-store/);
  });

  it('applies threats to reviewed elements, including privacy threats for personal data', () => {
    const onStore = model.threats.filter((t) => t.targets[0] === el('Feast online store').id).map((t) => t.template);
    assert.ok(onStore.includes('stride.store.information-disclosure'));
    assert.ok(onStore.includes('linddun.identifiability'));
    const disclosure = model.threats.find((t) => t.template === 'stride.store.information-disclosure' && t.targets[0] === el('Feast online store').id)!;
    // Encrypted at rest by the reviewer's word, but the read into training is not known to use TLS.
    assert.ok(el('Feast online store').controls.some((c) => c.kind === 'encrypted-at-rest' && c.origin === 'review'));
    assert.equal(disclosure.status, 'needs-review');
    const personalFlow = model.flows.find((f) => f.name === 'training features')!;
    assert.ok(model.threats.some((t) => t.targets[0] === personalFlow.id && t.template === 'linddun.disclosure-of-information'));
    const handover = model.flows.find((f) => f.kind === 'artifact-handover' && f.name === 'artifacts')!;
    assert.ok(
      model.threats.some((t) => t.targets[0] === handover.id && t.template === 'linddun.linkability'),
      'marking a dataset personal reaches the flows that carry it',
    );
  });

  it('records decisions by stable id and keeps the computed status', () => {
    const t = model.threats.find((x) => x.id === spoofChurn.id)!;
    assert.equal(t.status, 'transferred');
    assert.equal(t.decision?.by, 'security@example.com');
    assert.equal(t.decision?.date, '2025-06-30');
    assert.equal(t.computedStatus, 'mitigated', 'the reviewer also confirmed authentication');
    const stale = model.notes.find((n) => n.message.includes('th-000000000000'))!;
    assert.ok(stale.loc && text.slice(stale.loc.start, stale.loc.end).startsWith('{ status: accepted'));
  });

  it('lets the reviewer correct properties, which count as controls', () => {
    const t = model.threats.find((x) => x.id === extraction.id)!;
    assert.equal(extraction.status, 'needs-review');
    assert.equal(t.status, 'mitigated');
    assert.ok(t.mitigations.every((c) => c.origin === 'review'));
  });

  it('draws out-of-scope elements without threats', () => {
    const hub = el('Docker Hub');
    assert.equal(hub.outOfScope, 'the base images are mirrored by the platform team');
    assert.equal(model.threats.filter((t) => t.targets.includes(hub.id)).length, 0);
  });

  it('reports references to elements that do not exist, and ambiguous names', () => {
    const { model: m2 } = build('threat-model:\n  flows:\n    - { from: nowhere, to: train, kind: data-read }\n  personal: [nothing-like-this]\n');
    const messages = m2.notes.map((n) => n.message);
    assert.ok(
      messages.some((x) => /names an element that is not in the model/.test(x)),
      'train is ambiguous and nowhere is unknown',
    );
    assert.ok(messages.some((x) => /nothing-like-this/.test(x)));
  });

  it('rejects malformed sections with the location of the problem', () => {
    const bad = `threat-model:\n  decisions:\n    ${spoofChurn.id}:\n      status: ignored\n      reason: nobody cares\n  element: []\n`;
    const { errors: errs } = parseConfig(bad, new Set());
    assert.ok(errs.some((e) => /unknown key "element"/.test(e.message) && bad.slice(e.span?.start, e.span?.end) === 'element'));
    assert.ok(errs.some((e) => /status/.test(e.message)));
    const badId = parseConfig('threat-model:\n  decisions:\n    churn-spoofing: { status: accepted, reason: x }\n', new Set());
    assert.ok(badId.errors.length > 0, 'decisions are keyed by threat ids');
  });

  it('maps an image to its Dockerfile when names do not match', () => {
    const s2 = churnScenario();
    const img = s2.facts.images.find((i) => i.repository === 'ml/trainer')!;
    img.repository = 'ml/churn-model-trainer';
    const unjoined = buildThreatModel({ facts: s2.facts, findings: [] });
    assert.equal(unjoined.elements.find((e) => e.name === 'train' && e.role === 'pipeline-step')!.builtBy, undefined);
    const joined = buildThreatModel({ facts: s2.facts, findings: [], review: { images: { 'registry.example.com/ml/churn-model-trainer': 'docker/trainer/Dockerfile' } } });
    const train = joined.elements.find((e) => e.name === 'train' && e.role === 'pipeline-step')!;
    assert.equal(joined.elements.find((e) => e.id === train.builtBy)!.name, 'docker/trainer/Dockerfile');
    assert.match(joined.flows.find((f) => f.kind === 'image-push')!.join!.reason, /\.mlsec\.yaml maps/);
  });

  it('ignores what the review section holds when it is not usable, with notes', () => {
    const m2 = buildThreatModel({ facts: s.facts, findings: [], review: { elements: [{ name: 'no id' }], decisions: { [spoofChurn.id]: { status: 'waived' } } } });
    assert.equal(m2.elements.length, base.elements.length);
    assert.equal(m2.notes.length, 2);
    assert.equal(m2.threats.find((t) => t.id === spoofChurn.id)!.status, spoofChurn.status);
  });
});
