// transport/plaintext-http: pipeline endpoints reached over unencrypted HTTP.

import type { PackageRequirement } from '../../facts/model';
import type { Report, RuleContext } from '../rule';
import { defineRule } from '../rule';
import { isClusterInternalHost, isLoopbackHost, urlHost } from '../util';

/** The plaintext scheme of a VCS or URL requirement (`git+git://…`, `pkg @ git+http://…`, `http://…/pkg.whl`). */
const PLAIN_REQUIREMENT = /(?:^|[\s@+])((git|http):\/\/)/i;

/**
 * A VCS or URL requirement fetched over git:// or http://: the code installed can be swapped in
 * transit. Located on the scheme, with the edit that asks for https:// instead.
 */
function plaintextRequirement(ctx: RuleContext, p: PackageRequirement): Report | undefined {
  const m = PLAIN_REQUIREMENT.exec(p.spec);
  if (!m) return undefined;
  const url = p.spec.slice(m.index + m[0].length - m[1].length);
  const host = urlHost(url);
  if (!host || isLoopbackHost(host)) return undefined;
  const scheme = m[1];
  const text = ctx.index.source(p.loc.file)?.text;
  const at = text?.slice(p.loc.start, p.loc.end).indexOf(scheme) ?? -1;
  const loc = at >= 0 ? { file: p.loc.file, start: p.loc.start + at, end: p.loc.start + at + scheme.length } : p.loc;
  const pinned = /@[0-9a-f]{40}(#|$)/.test(url);
  const git = m[2].toLowerCase() === 'git';
  const how = git ? 'the git:// protocol, which neither encrypts nor authenticates the server' : 'plain HTTP';
  return {
    message: `The requirement "${p.spec}" is fetched with ${how}, so the code installed can be read and altered in transit${git && !pinned ? ', and no commit id pins what is installed' : ''}.`,
    loc,
    severity: isClusterInternalHost(host) ? 'low' : 'medium',
    ...(at >= 0 ? { fixes: [{ title: 'Use https://', kind: 'review' as const, edits: [{ file: loc.file, start: loc.start, end: loc.end, newText: 'https://' }] }] } : {}),
  };
}

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
      'Reports `http://` URLs to a non-loopback host for tracking URIs, model storage URIs, DVC remotes and URL dependencies, package indexes, downloads and ADD sources, and VCS or URL requirements fetched over `git://` (`git+git://…`, which neither encrypts nor authenticates) or `http://`. Hosts that only resolve inside a cluster (`*.svc`, `*.cluster.local`, single-label names) are reported at low severity.',
    explanation:
      'Plain HTTP carries data, models, packages and the credentials sent with them in clear text and lets anyone on the path alter them: a poisoned dataset, a swapped model or a malicious package arrives with nothing to detect it.',
    example: {
      language: 'yaml',
      bad: 'storageUri: http://models.example.com/fraud/v3',
      good: 'storageUri: https://models.example.com/fraud/v3',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'requirements', 'python', 'compose', 'github-actions', 'gitlab-ci'],
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
    for (const inst of ctx.facts.packageInstalls) {
      for (const p of inst.packages) {
        if (p.kind !== 'vcs' && p.kind !== 'url') continue;
        const f = plaintextRequirement(ctx, p);
        const k = f && `${f.loc.file}:${f.loc.start}`;
        if (!f || seen.has(k!)) continue;
        seen.add(k!);
        yield f;
      }
    }
  },
});
