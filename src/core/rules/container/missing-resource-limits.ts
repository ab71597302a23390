// container/missing-resource-limits: a container or pipeline step without cpu and memory limits.

import { containers, POD_FORMATS } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

const GPU = /^(nvidia\.com\/gpu|amd\.com\/gpu|gpu\.intel\.com\/.+|nvidia\.com\/mig-.+)$/;

export default defineRule({
  meta: {
    id: 'container/missing-resource-limits',
    title: 'Container without resource limits',
    description: 'A container, Argo template or KFP executor without a cpu or memory limit, or one that requests a GPU without a limit for it.',
    explanation:
      'Without limits one runaway or malicious training step — a decompression bomb in a dataset, a model that allocates without bound, a crypto-miner dropped by a compromised package — takes the node’s CPU, memory and GPUs from every other workload, and on autoscaling clusters turns into a cloud bill. GPUs are scheduled by their limit; a request without a limit is rejected or misread.',
    example: {
      language: 'yaml',
      bad: 'containers:\n- name: train\n  image: registry.example.com/train:3.1.0',
      good: 'containers:\n- name: train\n  image: registry.example.com/train:3.1.0\n  resources:\n    limits:\n      cpu: "4"\n      memory: 16Gi',
    },
    formats: [...POD_FORMATS, 'kfp'],
    severity: 'info',
    fixes: ['guided'],
    stride: ['D'],
    atlas: ['AML.T0029', 'AML.T0034'],
    owasp: [],
    references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/', 'https://kubernetes.io/docs/tasks/manage-gpus/scheduling-gpus/'],
    equivalents: ['Trivy KSV-0011/0018', 'Checkov CKV_K8S_10..13'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w, c } of containers(ctx.factIndex)) {
      if (!c.limitsApply) continue;
      const { limits, requests } = w.container!.resources;
      const missing = ['cpu', 'memory'].filter((k) => !limits[k]);
      if (missing.length) {
        out.push({
          message: `Container "${c.name}" has no ${missing.join(' or ')} limit, so it can starve the node's other workloads.`,
          loc: c.resourcesAnchor,
          ...(c.limitsEdits ? { fixes: [fixOf('Add cpu and memory limits', 'guided', c.resourcesAnchor, c.limitsEdits)] } : {}),
        });
      }
      for (const [k, v] of Object.entries(requests)) {
        if (GPU.test(k) && !limits[k]) out.push({ message: `Container "${c.name}" requests ${k} without a limit for it; GPUs are allocated by their limit.`, loc: v.loc });
      }
    }
    return out;
  },
});
