// The container.host-escape threat template: the pod shares the node’s namespaces or mounts a host
// path, so code in it can read other pods’ data or write to the node.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'container.host-escape',
  target: 'flow',
  match: (f) => f.kind === 'host-access',
  title: (f, v) => `${v.elements.get(f.target)?.name ?? 'A pod'} reaches into the node through ${v.elements.get(f.source)?.name ?? 'the host'}`,
  severity: () => 'high',
  description: 'The pod shares the node’s namespaces or mounts a host path, so code in it can read other pods’ data or write to the node.',
  impact: 'Node takeover; shared model and dataset caches on the host can be poisoned for every pod that mounts them.',
  mitigation: 'Use volumes or CSI drivers instead of host paths, and never share host namespaces in ML workloads.',
  detection: 'Applies to every host-access flow. Open when a host path or host namespace is reported.',
  falsePositives: 'Node agents that need host access by design.',
  stride: ['E', 'T'],
  atlas: ['AML.T0105', 'AML.T0020'],
  owasp: ['ML10'],
  cwe: ['CWE-250'],
  references: [`${ATLAS}AML.T0105`],
  rules: ['container/host-path-mount', 'container/host-namespace', 'container/privileged'],
  mitigatedBy: [],
});
