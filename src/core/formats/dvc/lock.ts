// Reads what DVC recorded: `dvc.lock` (schema 2.0 and the DVC 1 layout with stages at the top
// level) and `*.dvc` files (added data, `dvc import` with its source repository, `dvc import-url`).

import { isMap, isScalar, type Node } from 'yaml';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';
import { dirOf, dvcFileId, pipelineOfLock, stageId, workspacePath } from './paths';
import { mapEntries, mapGet, nodeLoc, scalarText, seqItems, strOf, type YamlDoc } from './yaml';

import type { DvcFile, LockStage, Lockfile, RecordedEntry, RecordedRepo } from '../../facts/dvc';
import type { HashName } from '../../facts/records';

export type { HashName, RecordedRepo, RecordedEntry, LockStage, Lockfile, DvcFile };

function numberOf(n: unknown): number | undefined {
  if (isScalar(n) && typeof n.value === 'number') return n.value;
  if (isScalar(n) && typeof n.value === 'string' && /^\d+$/.test(n.value)) return Number(n.value);
  return undefined;
}

function readEntry(doc: YamlDoc, file: SourceFile, node: Node, section: 'deps' | 'outs', base: string): RecordedEntry | undefined {
  const path = strOf(doc, mapGet(doc, node, 'path'));
  if (!path) return undefined;
  const get = (k: string) => strOf(doc, mapGet(doc, node, k));
  const md5 = get('md5');
  const hashField = get('hash');
  const hashes: Record<string, string> = {};
  const etag = get('etag');
  const checksum = get('checksum');
  const versionId = get('version_id');
  if (md5) hashes.md5 = md5.value;
  if (etag) hashes.etag = etag.value;
  if (checksum) hashes.checksum = checksum.value;
  if (versionId) hashes.version_id = versionId.value;
  const cacheNode = mapGet(doc, node, 'cache');
  let repo: RecordedRepo | undefined;
  const repoNode = mapGet(doc, node, 'repo');
  const url = strOf(doc, mapGet(doc, repoNode, 'url'));
  if (url) repo = { url, rev: strOf(doc, mapGet(doc, repoNode, 'rev')), revLock: strOf(doc, mapGet(doc, repoNode, 'rev_lock')), loc: nodeLoc(doc, repoNode) };
  return {
    path,
    target: repo ? path.value : workspacePath(base, path.value),
    section,
    hashName: hashField?.value === 'md5' ? 'md5' : 'md5-dos2unix',
    md5,
    etag,
    checksum,
    versionId,
    size: numberOf(mapGet(doc, node, 'size')),
    nfiles: numberOf(mapGet(doc, node, 'nfiles')),
    isDir: !!md5 && md5.value.endsWith('.dir'),
    cache: !(isScalar(cacheNode) && cacheNode.value === false),
    hashes,
    repo,
    loc: nodeLoc(doc, node),
  };
}

function readEntries(doc: YamlDoc, file: SourceFile, node: unknown, section: 'deps' | 'outs', base: string): RecordedEntry[] {
  const out: RecordedEntry[] = [];
  for (const item of seqItems(doc, node)) {
    if (!isMap(item)) continue;
    const e = readEntry(doc, file, item, section, base);
    if (e) out.push(e);
  }
  return out;
}

/** Reads a parsed dvc.lock. */
export function readLock(doc: YamlDoc, file: SourceFile): { lock: Lockfile; notes: Problem[] } {
  const notes: Problem[] = [];
  const schemaNode = mapGet(doc, doc.root, 'schema');
  const schema = isScalar(schemaNode) ? scalarText(doc, schemaNode) : undefined;
  if (schema !== undefined && schema !== '2.0') notes.push({ file: file.path, level: 'warning', message: `unknown dvc.lock schema "${schema}"; read as 2.0` });
  const stagesNode = schema !== undefined ? mapGet(doc, doc.root, 'stages') : doc.root;
  const pipeline = pipelineOfLock(file.path);
  const dir = dirOf(file.path);
  const stages: LockStage[] = [];
  for (const st of mapEntries(doc, stagesNode)) {
    if (!st.value || !isMap(st.value)) continue;
    const wdirNode = mapGet(doc, st.value, 'wdir');
    const base = isScalar(wdirNode) ? workspacePath(dir, scalarText(doc, wdirNode)) : dir;
    stages.push({
      id: stageId(pipeline, st.key.value),
      name: st.key,
      cmd: strOf(doc, mapGet(doc, st.value, 'cmd')),
      deps: readEntries(doc, file, mapGet(doc, st.value, 'deps'), 'deps', base),
      outs: readEntries(doc, file, mapGet(doc, st.value, 'outs'), 'outs', base),
      loc: nodeLoc(doc, st.pair.value as Node, st.key.loc),
    });
  }
  return { lock: { kind: 'lock', path: file.path, schema: schema === undefined ? '1' : '2.0', pipeline, stages }, notes };
}

/** Reads a parsed `.dvc` file. */
export function readDvcFile(doc: YamlDoc, file: SourceFile): DvcFile {
  const wdirNode = mapGet(doc, doc.root, 'wdir');
  const dir = dirOf(file.path);
  const base = isScalar(wdirNode) ? workspacePath(dir, scalarText(doc, wdirNode)) : dir;
  return {
    kind: 'dvcfile',
    path: file.path,
    id: dvcFileId(file.path),
    deps: readEntries(doc, file, mapGet(doc, doc.root, 'deps'), 'deps', base),
    outs: readEntries(doc, file, mapGet(doc, doc.root, 'outs'), 'outs', base),
    frozen: strOf(doc, mapGet(doc, doc.root, 'frozen')),
    loc: nodeLoc(doc, doc.root),
  };
}
