// Facts from the records ML tools keep about their artifacts: the integrity of the data a DVC
// record hashes, and what an MLflow MLmodel says about the model it describes.

import type { Loc } from '../model';
import type { ModelSerialization, Str } from './model';

/**
 * match: the workspace copy has the recorded hash. mismatch: it differs. not-checked-out: the
 * path is absent (the data lives only in the DVC cache or a remote), which is not a mismatch.
 * not-checked: it could not be verified (why is in `reason`).
 */
export type IntegrityStatus = 'match' | 'mismatch' | 'not-checked-out' | 'not-checked';

/**
 * How a DVC record's md5 was computed. DVC 3 marks entries it hashed from the raw bytes with
 * `hash: md5`; entries without that field were written by DVC 1 or 2, whose md5 of a text file is
 * taken after converting CRLF to LF (DVC 3 calls this `md5-dos2unix`).
 */
export type HashName = 'md5' | 'md5-dos2unix';

/** A DVC record (a dvc.lock or .dvc entry) compared with the workspace copy of what it hashes. */
export interface IntegrityFact {
  /** The dvc.lock or .dvc file that holds the record. */
  recordedIn: string;
  workloadId: string;
  /** Stage name for dvc.lock entries. */
  stage?: string;
  section: 'deps' | 'outs';
  /** Workspace-relative path of the file or directory. */
  path: string;
  /** The recorded md5 value in the record (the entry when it has none). */
  entryLoc: Loc;
  hashName: HashName;
  recorded: { md5: string; size?: number; nfiles?: number };
  status: IntegrityStatus;
  actual?: { md5?: string; size?: number; nfiles?: number };
  /** Why it mismatched or was not checked, in words. */
  reason?: string;
  /** For directories whose recorded listing is in the local cache: files added, removed or changed. */
  changedFiles?: string[];
  /** Whether the local DVC cache holds the recorded object. */
  inCache?: boolean;
  /** The content differs from the record only in CRLF/LF line endings. */
  lineEndingsOnly?: boolean;
}

/** What an MLmodel says about itself. */
export interface MlmodelFact {
  path: string;
  /** Directory of the model (the MLmodel's folder). */
  modelDir: string;
  flavors: { name: Str; serialization?: ModelSerialization; file?: string }[];
  runId?: Str;
  modelUuid?: Str;
  artifactPath?: Str;
  mlflowVersion?: Str;
  signature?: { inputs?: Str; outputs?: Str; loc: Loc };
  inputExample?: Str;
  /** Where a finding about the whole model is shown (the `flavors` key, else the file start). */
  anchor: Loc;
}
