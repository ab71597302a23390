// The linddun.non-repudiation threat template: logs, run records or signed artifacts bind a person
// to an action or attribute they may want to deny (a diagnosis, a search).

import { label, notActor } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.non-repudiation',
  target: 'any',
  match: notActor,
  title: (t, v) => `${label(t, v)} keeps records people cannot deny`,
  severity: () => 'low',
  description: 'Logs, run records or signed artifacts bind a person to an action or attribute they may want to deny (a diagnosis, a search).',
  impact: 'Data subjects are exposed by records kept longer or in more detail than needed.',
  mitigation: 'Keep only what the purpose needs and set retention on logs and run records.',
  detection: 'Applies to processes, stores and flows the reviewer marks as personal.',
  falsePositives: 'Records kept on a legal basis that requires them.',
  linddun: ['non-repudiation'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: ['CWE-359'],
  references: [`${LINDDUN_REF}non-repudiation`],
  rules: [],
  mitigatedBy: [],
});
