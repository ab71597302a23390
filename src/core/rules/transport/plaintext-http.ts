// transport/plaintext-http: pipeline endpoints reached over unencrypted HTTP.

import { defineRule } from '../rule';
import { isClusterInternalHost, isLoopbackHost, urlHost } from '../util';

const ROLE_TEXT: Record<string, string> = {
  'package-index': 'package index',
  download: 'download',
  'add-source': 'ADD source',
  'tracking-server': 'tracking server',
  'model-storage': 'model storage URI',
  'data-remote': 'data remote',
  'data-dependency': 'data dependency',
  'artifact-store': 'artifact store',
  registry: 'registry',
  other: 'endpoint',
};

export default defineRule({
  meta: {
    id: 'transport/plaintext-http',
    title: 'Plaintext HTTP to a pipeline endpoint',
    description:
      'Reports `http://` URLs to a non-loopback host for tracking URIs, model storage URIs, DVC remotes and URL dependencies, package indexes, downloads and ADD sources. Hosts that only resolve inside a cluster (`*.svc`, `*.cluster.local`, single-label names) are reported at low severity.',
    explanation:
      'Plain HTTP carries data, models, packages and the credentials sent with them in clear text and lets anyone on the path alter them: a poisoned dataset, a swapped model or a malicious package arrives with nothing to detect it.',
    example: {
      language: 'yaml',
      bad: 'storageUri: http://models.example.com/fraud/v3',
      good: 'storageUri: https://models.example.com/fraud/v3',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'requirements', 'python'],
    severity: 'medium',
    fixes: ['review'],
    stride: ['T', 'I'],
    atlas: ['AML.T0010.002', 'AML.T0010.003'],
    owasp: ['ML06'],
    references: ['https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure'],
  },
  *check(ctx) {
    const seen = new Set<string>();
    for (const u of ctx.facts.urls) {
      const v = u.url.value.trim();
      if (!/^http:\/\//i.test(v)) continue;
      const host = urlHost(v);
      if (!host || isLoopbackHost(host)) continue;
      const k = `${u.url.loc.file}:${u.url.loc.start}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const internal = isClusterInternalHost(host);
      const loc = u.url.loc;
      const index = ctx.index.source(loc.file)?.text;
      const exact = index !== undefined && /^http:\/\//i.test(index.slice(loc.start, loc.start + 7));
      yield {
        message: `The ${ROLE_TEXT[u.role] ?? 'endpoint'} ${v} is reached over plain HTTP, so its content and credentials can be read and altered in transit.`,
        loc,
        severity: internal ? 'low' : 'medium',
        ...(exact ? { fixes: [{ title: 'Use https://', kind: 'review' as const, edits: [{ file: loc.file, start: loc.start, end: loc.start + 7, newText: 'https://' }] }] } : {}),
      };
    }
  },
});
