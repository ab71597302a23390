// Parsing a container image reference written in a manifest into registry, repository, tag and
// digest, noting template placeholders that leave it unresolved.

import type { ImageRef, Str } from '../../facts/model';

/** Placeholders of the templating systems found in manifests: Argo/KFP `{{…}}`, `$(VAR)`, `${VAR}`, `$VAR`. */
const PLACEHOLDER = /\{\{|\$\(|\$\{|\$[A-Za-z_]|\{[A-Za-z_][\w.-]*\}/;

/** Splits an image reference; `role` and `workloadId` say where it is used. */
export function imageRef(s: Str, role: ImageRef['role'], workloadId?: string): ImageRef {
  const raw = s.value.trim();
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return {
    raw,
    resolved: raw,
    loc: s.loc,
    ...(registry ? { registry } : {}),
    repository: rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    unresolved: PLACEHOLDER.test(raw),
    role,
    ...(workloadId ? { workloadId } : {}),
  };
}
