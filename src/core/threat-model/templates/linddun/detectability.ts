// The linddun.detectability threat template: merely observing that a record, request or model output
// exists reveals something about a person (membership in a dataset, use of a service).

import { label, notActor } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.detectability',
  target: 'any',
  match: notActor,
  title: (t, v) => `Presence of a person detectable through ${label(t, v)}`,
  severity: () => 'low',
  description: 'Merely observing that a record, request or model output exists reveals something about a person (membership in a dataset, use of a service).',
  impact: 'Sensitive membership is disclosed without reading the content.',
  mitigation: 'Avoid per-person artifacts, pad or batch requests, and keep payload logging off.',
  detection: 'Applies to processes, stores and flows the reviewer marks as personal. Open when inference payload logging is reported.',
  falsePositives: 'Membership that is public anyway.',
  linddun: ['detectability'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: ['CWE-203'],
  references: [`${LINDDUN_REF}detecting`],
  rules: [],
  mitigatedBy: [],
});
