// Table tests of threat templates: for each, the element or flow that makes it open (a finding
// of one of its rules), mitigated (its controls), needs review (neither) and not applicable.

import * as assert from 'node:assert/strict';
import type { ControlKind, Element, Flow, ModelFinding, ThreatStatus } from '../../src/core/threat-model/model';
import { evaluateThreats } from '../../src/core/threat-model/threats';
import { ModelView } from '../../src/core/threat-model/view';

const LOC = { file: 'deploy/app.yaml', start: 10, end: 20 };

function element(id: string, over: Partial<Element>): Element {
  return { id, kind: 'process', role: 'container', name: id, properties: {}, controls: [], assets: [], evidence: [LOC], origin: 'inferred', workloads: [], ...over };
}

function flow(id: string, over: Partial<Flow>): Flow {
  return { id, source: 'src', target: 'dst', kind: 'data-read', name: id, assets: [], integrity: {}, controls: [], crosses: [], evidence: [LOC], origin: 'inferred', ...over };
}

const control = (kind: ControlKind) => ({ kind, text: kind, origin: 'inferred' as const, loc: LOC });

function finding(ruleId: string, target: string): ModelFinding {
  return { ruleId, severity: 'high', message: ruleId, loc: LOC, range: { start: { line: 0, character: 10 }, end: { line: 0, character: 20 } }, targets: [target] };
}

/** The status of the template's threat on the target, or undefined when the template does not apply. */
function statusOf(template: string, target: Element | Flow, findings: ModelFinding[] = []): ThreatStatus | undefined {
  const isFlow = 'source' in target;
  const ends = [element('src', { kind: 'external-entity', role: 'container-registry' }), element('dst', {})];
  const view = new ModelView({ elements: isFlow ? ends : [target as Element], flows: isFlow ? [target as Flow] : [], boundaries: [], assets: [] });
  return evaluateThreats(view, findings, {}).find((t) => t.template === template && t.targets[0] === target.id)?.status;
}

/** Fields to override on the target, of an element or of a flow. */
type Over = Record<string, unknown>;

interface Row {
  template: string;
  make: (over: Over) => Element | Flow;
  rule: string;
  controls: ControlKind[];
  notApplicable: Over;
}

const ROWS: Row[] = [
  {
    template: 'stride.process.spoofing',
    make: (o) => element('svc', { role: 'inference-service', ...(o as Partial<Element>) }),
    rule: 'serving/unauthenticated-ml-service',
    controls: ['authenticated'],
    notApplicable: { role: 'container' },
  },
  {
    template: 'supply-chain.image-substitution',
    make: (o) => flow('pull', { kind: 'image-pull', ...(o as Partial<Flow>) }),
    rule: 'supply-chain/unpinned-image',
    controls: ['digest-pinned'],
    notApplicable: { kind: 'data-read' },
  },
  {
    template: 'container.host-escape',
    make: (o) => flow('host', { kind: 'host-access', ...(o as Partial<Flow>) }),
    rule: 'container/host-path-mount',
    controls: [],
    notApplicable: { kind: 'data-read' },
  },
];

describe('threat template tables', () => {
  for (const row of ROWS) {
    describe(row.template, () => {
      it(`is open when ${row.rule} reports on the target`, () => {
        const target = row.make({});
        assert.equal(statusOf(row.template, target, [finding(row.rule, target.id)]), 'open');
      });
      if (row.controls.length) {
        it(`is mitigated by ${row.controls.join(' and ')}`, () => {
          assert.equal(statusOf(row.template, row.make({ controls: row.controls.map(control) })), 'mitigated');
        });
      }
      it('needs review with neither findings nor controls', () => {
        assert.equal(statusOf(row.template, row.make({})), 'needs-review');
      });
      it('does not apply to other targets', () => {
        assert.equal(statusOf(row.template, row.make(row.notApplicable)), undefined);
      });
    });
  }
});
