// Facts about the structure of a Dockerfile beyond the shared facts: stages, users and build
// mounts, which the user and build-secret rules and the threat model read.

import type { Loc } from '../model';
import type { ImageRef, Str } from './model';

export interface DockerfileUser {
  /** The user as resolved (`root`, `0`, `1000:1000`, `app`). */
  value: string;
  loc: Loc;
  dynamic: boolean;
}

export interface DockerfileStage {
  index: number;
  name?: string;
  workloadId: string;
  /** The FROM instruction. */
  fromLoc: Loc;
  /** End of the stage's last instruction (where an added instruction goes). */
  endOffset: number;
  image?: ImageRef;
  /** Index of the stage this one builds on (`FROM builder`). */
  baseStage?: number;
  scratch: boolean;
  users: DockerfileUser[];
  /** ARG and ENV names whose value is handed to the build as a secret mount instead. */
  secretMounts: string[];
  /** COPY and ADD instructions of the stage, in order. */
  copies: DockerfileCopy[];
}

/** A COPY or ADD: its sources as written (after variable substitution) and where they come from. */
export interface DockerfileCopy {
  keyword: 'COPY' | 'ADD';
  sources: Str[];
  /** `--from=<stage or image>`: the sources come from there, not from the build context. */
  from?: string;
  /** The whole instruction. */
  loc: Loc;
}

export interface DockerfileFact {
  file: string;
  escape: string;
  stages: DockerfileStage[];
  /** Global ARGs declared before the first FROM. */
  globalArgs: Str[];
  /** Line break used by the file, for inserted instructions. */
  eol: string;
  /** Length of the file text, and whether it ends with a line break. */
  textLength: number;
  finalNewline: boolean;
}

/** The workspace path of a COPY source relative to the Dockerfile's directory, or undefined for globs, URLs and paths leaving the workspace. */
export function contextPath(dockerfile: string, source: string): string | undefined {
  if (/[*?[\]${}]/.test(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.startsWith('<<')) return undefined;
  const dir = dockerfile.includes('/') ? dockerfile.slice(0, dockerfile.lastIndexOf('/')) : '';
  const parts = dir ? dir.split('/') : [];
  for (const p of source.replace(/\\/g, '/').split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}
