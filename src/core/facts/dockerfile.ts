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
