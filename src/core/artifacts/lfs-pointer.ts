// Recognises Git LFS pointer files: the small text file git keeps in place of a large file until
// `git lfs pull` fetches it. A pointer named like a model means the model itself is not there.

/** Pointer files are at most this long (the Git LFS specification's limit). */
export const LFS_POINTER_MAX = 1024;

const VERSIONS = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1'];

export interface LfsPointer {
  /** The object id, `sha256:<hex>`, when the pointer has one. */
  oid?: string;
  /** The size of the file the pointer stands for. */
  size?: number;
}

/** The pointer's fields when `head` (the file's first bytes) is a whole Git LFS pointer file. */
export function parseLfsPointer(head: Buffer, fileSize: number): LfsPointer | undefined {
  if (fileSize > LFS_POINTER_MAX || head.length < fileSize) return undefined;
  const text = head.subarray(0, fileSize).toString('latin1');
  const lines = text.split('\n');
  if (!VERSIONS.includes(lines[0].replace(/\r$/, ''))) return undefined;
  const pointer: LfsPointer = {};
  for (const line of lines.slice(1)) {
    const m = /^([a-z0-9.-]+) (.*?)\r?$/.exec(line);
    if (!m) continue;
    if (m[1] === 'oid' && /^sha256:[0-9a-f]{64}$/.test(m[2])) pointer.oid = m[2];
    else if (m[1] === 'size' && /^\d{1,16}$/.test(m[2])) pointer.size = Number(m[2]);
  }
  return pointer;
}

/** One sentence naming what the pointer stands for. */
export function describeLfsPointer(p: LfsPointer): string {
  const what = [p.size !== undefined ? `${p.size} bytes` : undefined, p.oid].filter(Boolean).join(', ');
  return `a Git LFS pointer${what ? ` (to ${what})` : ''}: the file itself was never fetched`;
}
