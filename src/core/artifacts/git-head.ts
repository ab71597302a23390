// The commit a workspace is checked out at, read from the files of `.git` (HEAD, loose refs,
// packed-refs, a `gitdir:` link of a worktree or submodule) and the origin's URL from
// `.git/config`. Git itself is never run; a repository that cannot be read gives undefined.

import type { WorkspaceIO } from '../workspace/io';

export interface GitHead {
  commit: string;
  /** The branch HEAD points at (`refs/heads/main`), absent for a detached HEAD. */
  ref?: string;
  /** `remote "origin"` url from the repository's config, when set. */
  remote?: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const LIMIT = 1024 * 1024;

async function readText(io: WorkspaceIO, rel: string, limit = LIMIT): Promise<string | undefined> {
  try {
    const st = await io.stat(rel);
    if (!st?.isFile || st.size > limit) return undefined;
    return (await io.readFile(rel, limit)).toString('utf8');
  } catch {
    return undefined;
  }
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The git directory of the workspace at `dir`: `.git` itself, or where a `.git` file points inside the workspace. */
async function gitDir(io: WorkspaceIO, dir: string): Promise<string | undefined> {
  const dotGit = join(dir, '.git');
  const st = await io.stat(dotGit);
  if (st?.isDirectory) return dotGit;
  const link = st?.isFile ? await readText(io, dotGit, 4096) : undefined;
  const m = link ? /^gitdir:\s*(.+?)\s*$/m.exec(link) : null;
  if (!m || m[1].startsWith('/') || /^[a-zA-Z]:/.test(m[1])) return undefined;
  const parts: string[] = dir ? dir.split('/') : [];
  for (const seg of m[1].split('/')) {
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** `commondir` of a worktree's git directory: where its refs and config live. */
async function commonDir(io: WorkspaceIO, git: string): Promise<string> {
  const text = (await readText(io, `${git}/commondir`, 4096))?.trim();
  if (!text || text.startsWith('/')) return git;
  const parts = git.split('/');
  for (const seg of text.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

async function resolveRef(io: WorkspaceIO, dirs: string[], ref: string): Promise<string | undefined> {
  if (!/^refs\/[\w./-]+$/.test(ref) || ref.includes('..')) return undefined;
  for (const d of dirs) {
    const loose = (await readText(io, `${d}/${ref}`, 4096))?.trim();
    if (loose && SHA.test(loose)) return loose;
  }
  for (const d of dirs) {
    const packed = await readText(io, `${d}/packed-refs`, 64 * 1024 * 1024);
    for (const line of packed?.split('\n') ?? []) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && SHA.test(sha)) return sha;
    }
  }
  return undefined;
}

function originUrl(config: string | undefined): string | undefined {
  if (!config) return undefined;
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return m[1].trim();
    }
  }
  return undefined;
}

/** Credentials in a remote URL (`https://user:token@host/…`) are never recorded. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** The commit HEAD of the repository at `dir` (workspace-relative, '' for the root) resolves to. */
export async function readGitHead(io: WorkspaceIO, dir = ''): Promise<GitHead | undefined> {
  const git = await gitDir(io, dir);
  if (git === undefined) return undefined;
  const head = (await readText(io, `${git}/HEAD`, 4096))?.trim();
  if (!head) return undefined;
  const common = await commonDir(io, git);
  const remote = originUrl(await readText(io, `${common}/config`));
  const extra = remote ? { remote: withoutCredentials(remote) } : {};
  if (SHA.test(head)) return { commit: head, ...extra };
  const m = /^ref:\s*(\S+)$/.exec(head);
  if (!m) return undefined;
  const commit = await resolveRef(io, [...new Set([git, common])], m[1]);
  return commit ? { commit, ref: m[1], ...extra } : undefined;
}
