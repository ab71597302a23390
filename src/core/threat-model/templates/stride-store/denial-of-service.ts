// The stride.store.denial-of-service threat template: the store that serving or training reads from
// is deleted, throttled or made unreachable.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.store.denial-of-service',
  target: 'element',
  match: (e, v) => e.kind === 'store' && v.outOf(e.id).some((f) => f.kind === 'model-load' || (f.kind === 'data-read' && v.isTraining(v.elements.get(f.target)))),
  title: (e) => `${e.name} unavailable to the pipeline`,
  severity: () => 'low',
  description: 'The store that serving or training reads from is deleted, throttled or made unreachable.',
  impact: 'Model servers cannot start or scale; training cannot run.',
  mitigation: 'Keep replicas or a cache of production models; protect buckets against deletion (object lock, retention).',
  detection: 'Applies to stores that serving or training reads from. A reviewer confirms availability measures.',
  falsePositives: 'Stores used only in development.',
  stride: ['D'],
  atlas: ['AML.T0029'],
  owasp: [],
  cwe: ['CWE-400'],
  references: [],
  rules: [],
  mitigatedBy: [],
});
