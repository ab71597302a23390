// Reads how a model folder was downloaded and what the download recorded about each file: a
// Hugging Face hub cache snapshot (files are links into `blobs/`, each blob named by its SHA-256
// for LFS files or its git blob SHA-1 otherwise; `refs/` names the branches and tags that resolved
// to the commit), a `local_dir` download (`.cache/huggingface/download/<file>.metadata`: commit and
// etag per file) or a plain folder. Everything goes through WorkspaceIO, so the snapshot's links
// are followed only while they stay inside the verified root.

import * as path from 'node:path';
import type { WorkspaceIO } from '../../workspace/io';

export type DownloadLayout = 'hf-cache' | 'hf-local-dir' | 'folder';

export interface FileRecord {
  algorithm: 'sha256' | 'git-sha1';
  digest: string;
  /** Where the record is: the blob name or the metadata file (workspace-relative). */
  source: string;
}

export interface DownloadFile {
  /** Relative to the model folder, POSIX. */
  name: string;
  /** Relative to the IO root. */
  path: string;
  record?: FileRecord;
  /** The file is listed but cannot be read (a broken link, or one leaving the verified root). */
  unreadable?: string;
}

export interface DownloadListing {
  layout: DownloadLayout;
  /** The model folder, relative to the IO root. */
  folder: string;
  repo?: string;
  repoType?: 'model' | 'dataset' | 'space';
  commit?: string;
  /** Branches or tags (`refs/…` files) that resolved to the commit; empty for a download by commit hash. */
  refs?: string[];
  /** The revision asked for was the commit hash itself (known for hub caches only). */
  pinned?: boolean;
  files: DownloadFile[];
  notes: string[];
}

const REPO_DIR = /^(models|datasets|spaces)--(.+)$/;
const SHA256 = /^[0-9a-f]{64}$/;
const SHA1 = /^[0-9a-f]{40}$/;
const WALK_LIMIT = 20_000;
const join = (a: string, b: string) => (a ? `${a}/${b}` : b);

/**
 * The root to give WorkspaceIO for verifying `absPath`, and the path inside it: a hub cache
 * snapshot is verified from above its `models--…` folder, so its links into `blobs/` stay inside.
 */
export function downloadRoot(absPath: string): { root: string; rel: string } {
  const parts = path.resolve(absPath).split(path.sep);
  const n = parts.length;
  if (n >= 4 && parts[n - 2] === 'snapshots' && REPO_DIR.test(parts[n - 3])) {
    return { root: parts.slice(0, n - 3).join(path.sep) || path.sep, rel: parts.slice(n - 3).join('/') };
  }
  if (n >= 2 && REPO_DIR.test(parts[n - 1])) return { root: parts.slice(0, n - 1).join(path.sep) || path.sep, rel: parts[n - 1] };
  return { root: path.dirname(path.resolve(absPath)), rel: path.basename(path.resolve(absPath)) };
}

function recordOf(name: string, source: string): FileRecord | undefined {
  const digest = name.replace(/^"|"$/g, '').replace(/^W\//, '').toLowerCase();
  if (SHA256.test(digest)) return { algorithm: 'sha256', digest, source };
  if (SHA1.test(digest)) return { algorithm: 'git-sha1', digest, source };
  return undefined;
}

/** Files under `dir` (relative names), not entering the folders `skip` names at the top. */
async function walkFiles(io: WorkspaceIO, dir: string, skip: string[], notes: string[]): Promise<{ name: string; readable: boolean }[]> {
  const out: { name: string; readable: boolean }[] = [];
  const visited = new Set<string>();
  const visit = async (rel: string, depth: number): Promise<void> => {
    const real = await io.realPath(join(dir, rel));
    if (!real || visited.has(real) || depth > 32) return;
    visited.add(real);
    for (const entry of ((await io.readDir(join(dir, rel))) ?? []).sort()) {
      const name = join(rel, entry);
      if (depth === 0 && skip.includes(entry)) continue;
      if (out.length >= WALK_LIMIT) {
        notes.push(`More than ${WALK_LIMIT} files: the rest were not checked.`);
        return;
      }
      const st = await io.stat(join(dir, name));
      if (st?.isDirectory) await visit(name, depth + 1);
      else out.push({ name, readable: !!st?.isFile });
    }
  };
  await visit('', 0);
  return out;
}

async function readSmall(io: WorkspaceIO, rel: string): Promise<string | undefined> {
  try {
    return (await io.readFile(rel, 64 * 1024)).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Ref files under `refs/` (nested: `refs/pr/1`) whose content is `commit`. */
async function refsFor(io: WorkspaceIO, repoDir: string, commit: string): Promise<string[]> {
  const refs: string[] = [];
  const files = await walkFiles(io, `${repoDir}/refs`, [], []);
  for (const f of files) if ((await readSmall(io, `${repoDir}/refs/${f.name}`))?.trim() === commit) refs.push(f.name);
  return refs;
}

async function pickSnapshot(io: WorkspaceIO, repoDir: string, notes: string[]): Promise<string | undefined> {
  const main = (await readSmall(io, `${repoDir}/refs/main`))?.trim();
  const snapshots = (await io.readDir(`${repoDir}/snapshots`)) ?? [];
  if (main && snapshots.includes(main)) return main;
  if (snapshots.length === 1) return snapshots[0];
  notes.push(snapshots.length ? `${repoDir} holds ${snapshots.length} snapshots (${snapshots.sort().join(', ')}): name one of them.` : `${repoDir} holds no snapshot.`);
  return undefined;
}

async function readHubCache(io: WorkspaceIO, repoDir: string, commit: string | undefined, notes: string[]): Promise<DownloadListing> {
  const m = REPO_DIR.exec(path.posix.basename(repoDir)) as RegExpExecArray;
  const repoType = ({ models: 'model', datasets: 'dataset', spaces: 'space' } as const)[m[1] as 'models' | 'datasets' | 'spaces'];
  commit ??= await pickSnapshot(io, repoDir, notes);
  const listing: DownloadListing = { layout: 'hf-cache', folder: commit ? `${repoDir}/snapshots/${commit}` : repoDir, repo: m[2].split('--').join('/'), repoType, files: [], notes };
  if (!commit) return listing;
  listing.commit = commit;
  listing.refs = await refsFor(io, repoDir, commit);
  listing.pinned = SHA1.test(commit) && listing.refs.length === 0;
  const blobs = await io.realPath(`${repoDir}/blobs`);
  for (const f of await walkFiles(io, listing.folder, [], notes)) {
    const file: DownloadFile = { name: f.name, path: `${listing.folder}/${f.name}` };
    const real = f.readable ? await io.realPath(file.path) : undefined;
    if (!f.readable) file.unreadable = 'the link is broken (its blob is missing) or leads outside the verified folder';
    else if (real && blobs && path.dirname(real) === blobs) file.record = recordOf(path.basename(real), `${repoDir}/blobs/${path.basename(real)}`);
    listing.files.push(file);
  }
  return listing;
}

const METADATA_DIR = '.cache/huggingface/download';

async function readLocalDir(io: WorkspaceIO, folder: string, notes: string[]): Promise<DownloadListing> {
  const listing: DownloadListing = { layout: 'hf-local-dir', folder, files: [], notes };
  const commits = new Set<string>();
  for (const f of await walkFiles(io, folder, ['.cache'], notes)) {
    const file: DownloadFile = { name: f.name, path: join(folder, f.name) };
    if (!f.readable) file.unreadable = 'it is not a readable regular file inside the verified folder';
    const metaPath = join(folder, `${METADATA_DIR}/${f.name}.metadata`);
    const lines = (await readSmall(io, metaPath))?.split('\n');
    if (lines && lines.length >= 2) {
      if (SHA1.test(lines[0].trim())) commits.add(lines[0].trim());
      file.record = recordOf(lines[1].trim(), metaPath);
    }
    listing.files.push(file);
  }
  for (const m of await walkFiles(io, join(folder, METADATA_DIR), [], [])) {
    const name = m.name.replace(/\.metadata$/, '');
    if (m.name.endsWith('.metadata') && !listing.files.some((f) => f.name === name)) {
      const metaPath = join(folder, `${METADATA_DIR}/${m.name}`);
      const record = recordOf((await readSmall(io, metaPath))?.split('\n')[1]?.trim() ?? '', metaPath);
      listing.files.push({ name, path: join(folder, name), ...(record ? { record } : {}), unreadable: 'the download recorded it, but it is not in the folder' });
    }
  }
  if (commits.size === 1) listing.commit = [...commits][0];
  else if (commits.size > 1) notes.push(`The files were downloaded from ${commits.size} different commits (${[...commits].sort().join(', ')}).`);
  listing.files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return listing;
}

/** How `rel` (a folder) was downloaded, and the record of every file in it. */
export async function readDownload(io: WorkspaceIO, rel: string): Promise<DownloadListing> {
  const notes: string[] = [];
  const parts = rel.split('/');
  const n = parts.length;
  if (n >= 3 && parts[n - 2] === 'snapshots' && REPO_DIR.test(parts[n - 3])) return readHubCache(io, parts.slice(0, n - 2).join('/'), parts[n - 1], notes);
  if (REPO_DIR.test(parts[n - 1]) && (await io.stat(`${rel}/snapshots`))?.isDirectory) return readHubCache(io, rel, undefined, notes);
  if ((await io.stat(join(rel, METADATA_DIR)))?.isDirectory) return readLocalDir(io, rel, notes);
  const listing: DownloadListing = { layout: 'folder', folder: rel, files: [], notes };
  for (const f of await walkFiles(io, rel, ['.git'], notes)) {
    listing.files.push({ name: f.name, path: join(rel, f.name), ...(f.readable ? {} : { unreadable: 'it is not a readable regular file inside the verified folder' }) });
  }
  return listing;
}
