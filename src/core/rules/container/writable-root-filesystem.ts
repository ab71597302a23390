// container/writable-root-filesystem: a container that does not set `readOnlyRootFilesystem: true`.

import { POD_FORMATS, securedContainers } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'container/writable-root-filesystem',
    title: 'Container root filesystem is writable',
    description: 'A container whose securityContext does not set `readOnlyRootFilesystem: true`.',
    explanation:
      'A writable root filesystem lets an attacker who gets code execution in the container replace the serving code, the Python packages or the model files the process loads next, and keep that foothold for the life of the container. Training and serving containers should write only to mounted volumes (emptyDir for scratch, a PVC or object store for outputs).',
    example: {
      language: 'yaml',
      bad: 'containers:\n- name: serve\n  image: registry.example.com/serve:1.4.2',
      good: 'containers:\n- name: serve\n  image: registry.example.com/serve:1.4.2\n  securityContext:\n    readOnlyRootFilesystem: true',
    },
    formats: [...POD_FORMATS],
    severity: 'info',
    fixes: ['safe'],
    stride: ['T'],
    atlas: ['AML.T0105'],
    owasp: ['ML10'],
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    equivalents: ['Trivy KSV-0014', 'Checkov CKV_K8S_22', 'KICS Root Container Not Mounted As Read-only'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w, c } of securedContainers(ctx.factIndex)) {
      const sc = w.container!.securityContext;
      if (sc.readOnlyRootFilesystem === true) continue;
      const loc = sc.readOnlyRootFilesystem === false && sc.locs.readOnlyRootFilesystem ? sc.locs.readOnlyRootFilesystem : c.securityAnchor;
      const edits = c.securityEdits.readOnlyRootFilesystem;
      out.push({
        message: `Container "${c.name}" has a writable root filesystem, so an intruder can alter its code, packages and models in place.`,
        loc,
        ...(edits ? { fixes: [fixOf('Make the root filesystem read-only', 'safe', loc, edits)] } : {}),
      });
    }
    return out;
  },
});
