// What DVC records and defines, as its readers parse it: the stages of a dvc.yaml with their
// commands, dependencies and outputs, and the entries of dvc.lock and .dvc files with the hashes
// they record. The DVC rules, provenance and the threat model read them.

import type { Loc } from '../model';
import type { Str } from './model';
import type { HashName } from './records';

/** One command of a stage: its resolved text and where each of its characters is written. */
export interface StageCommand {
  text: string;
  offsetAt(i: number): number;
  loc: Loc;
  unresolved: string[];
}

export type PathSection = 'deps' | 'outs' | 'metrics' | 'plots';

export interface StagePath {
  /** Resolved path as written in the stage (relative to its wdir), at the loc of its scalar. */
  path: Str;
  /** Workspace-relative path, or the URL for external dependencies. */
  target: string;
  section: PathSection;
  cache: boolean;
  /** Still holds a `${…}` that could not be resolved. */
  unresolved: boolean;
}

export interface StageParams {
  file: string;
  keys: string[];
  loc: Loc;
}

export interface PipelineStage {
  id: string;
  /** Stage name as DVC reports it (`train@1`, `train@us-small` for generated stages). */
  name: string;
  /** The stage's key in dvc.yaml (shared by every stage a `foreach`/`matrix` generates). */
  nameLoc: Loc;
  loc: Loc;
  generatedBy?: 'foreach' | 'matrix';
  commands: StageCommand[];
  wdir: string;
  deps: StagePath[];
  outs: StagePath[];
  params: StageParams[];
  frozen: boolean;
  /** Template names that could not be resolved anywhere in the stage. */
  unresolved: string[];
}

export interface Pipeline {
  kind: 'pipeline';
  path: string;
  stages: PipelineStage[];
  /** Files named in `vars` (and the default params.yaml) that the templates read. */
  varsFiles: string[];
}

export interface RecordedRepo {
  url: Str;
  rev?: Str;
  revLock?: Str;
  loc: Loc;
}

export interface RecordedEntry {
  path: Str;
  /** Workspace-relative path, or the URL of an external dependency. */
  target: string;
  section: 'deps' | 'outs';
  hashName: HashName;
  md5?: Str;
  etag?: Str;
  checksum?: Str;
  versionId?: Str;
  size?: number;
  nfiles?: number;
  /** The md5 names a directory listing (`….dir`). */
  isDir: boolean;
  cache: boolean;
  /** Every recorded hash, as written (md5, etag, checksum, version_id). */
  hashes: Record<string, string>;
  repo?: RecordedRepo;
  /** The entry's mapping. */
  loc: Loc;
}

export interface LockStage {
  id: string;
  name: Str;
  cmd?: Str;
  deps: RecordedEntry[];
  outs: RecordedEntry[];
  loc: Loc;
}

export interface Lockfile {
  kind: 'lock';
  path: string;
  /** '2.0' for `schema: '2.0'`, '1' for the DVC 1 layout. */
  schema: '2.0' | '1';
  pipeline: string;
  stages: LockStage[];
}

export interface DvcFile {
  kind: 'dvcfile';
  path: string;
  id: string;
  deps: RecordedEntry[];
  outs: RecordedEntry[];
  frozen?: Str;
  loc: Loc;
}
