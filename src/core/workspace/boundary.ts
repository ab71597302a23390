// The workspace boundary's vocabulary: how a path written in the workspace is checked before it is
// resolved, the error a refused path raises, and the log that turns refusals into notes. A refusal
// names the path as the workspace wrote it and never anything found outside.

/** A path that was not read, listed, hashed or written, and why (in the workspace's own terms). */
export interface Refusal {
  path: string;
  reason: string;
}

export class BoundaryError extends Error {
  readonly code = 'EMLSECBOUNDARY';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path} was not read: ${reason}`);
  }
}

/**
 * The normalised workspace-relative form of `rel`, or why it is refused before touching the disk:
 * absolute paths and paths that climb above the root with `..` name places outside by construction.
 */
export function lexicalPath(rel: string): string | { reason: string } {
  if (rel.includes('\0')) return { reason: 'it contains a NUL character' };
  if (rel.startsWith('/') || rel.startsWith('\\') || /^[A-Za-z]:/.test(rel)) {
    return { reason: 'it is an absolute path, and only paths inside the workspace are read' };
  }
  const parts: string[] = [];
  for (const p of rel.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') {
      if (!parts.length) return { reason: 'it leads out of the workspace through ../' };
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}

/** Collects refusals once each until they are taken. */
export class RefusalLog {
  private pending: Refusal[] = [];
  private readonly seen = new Set<string>();

  refuse(path: string, reason: string): BoundaryError {
    const key = `${path}\0${reason}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.pending.push({ path, reason });
    }
    return new BoundaryError(path, reason);
  }

  take(): Refusal[] {
    const out = this.pending;
    this.pending = [];
    this.seen.clear();
    return out;
  }
}

/** The note a refusal becomes, on the file that named the path when it is known. */
export function refusalNote(r: Refusal): { file: string; level: 'warning'; message: string } {
  const file = typeof lexicalPath(r.path) === 'string' ? r.path : '';
  return { file, level: 'warning', message: `${r.path} was not read: ${r.reason}` };
}
