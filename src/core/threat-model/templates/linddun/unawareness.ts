// The linddun.unawareness threat template: people whose data is collected, used for training or
// logged from inference are not told, and cannot see, correct or withdraw it.

import { actorOnly, label } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.unawareness',
  target: 'any',
  match: actorOnly,
  title: (t, v) => `${label(t, v)} unaware of how their data trains or feeds models`,
  severity: () => 'medium',
  description: 'People whose data is collected, used for training or logged from inference are not told, and cannot see, correct or withdraw it.',
  impact: 'Loss of trust and of the data subject’s control; a model cannot unlearn withdrawn data.',
  mitigation: 'Inform data subjects about training use, offer access and deletion, and document how withdrawn data leaves future models.',
  detection: 'Applies to outside parties the reviewer marks as personal.',
  falsePositives: 'Parties that are systems, not people.',
  linddun: ['unawareness'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: [],
  references: [`${LINDDUN_REF}unawareness`],
  rules: [],
  mitigatedBy: [],
});
