// Parses container image references (`registry/repo:tag@sha256:…`) into their parts.

import type { ImageRef, Str } from './model';

export interface ImageParts {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits a reference the way the Docker reference grammar does (registry only when it looks like a host). */
export function parseImageParts(ref: string): ImageParts {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
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
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { ...(registry ? { registry } : {}), repository: rest, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** A well-formed content digest (`sha256:` + 64 hex, or sha384/sha512). */
export function isDigest(d: string | undefined): boolean {
  return !!d && /^sha(256:[a-f0-9]{64}|384:[a-f0-9]{96}|512:[a-f0-9]{128})$/.test(d);
}

/** Builds an ImageRef fact from a written reference and its resolved value. */
export function makeImageRef(written: Str, resolved: string, unresolved: boolean, role: ImageRef['role'], workloadId?: string): ImageRef {
  return {
    raw: written.value,
    resolved,
    loc: written.loc,
    ...parseImageParts(resolved),
    unresolved,
    role,
    ...(workloadId ? { workloadId } : {}),
  };
}
