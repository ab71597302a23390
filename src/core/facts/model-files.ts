// Facts about model artifacts read as bytes: what each model file's content is and what in it
// runs code on load, the signature files found, their verification, and which signatures cover
// which model. The scanners in artifacts/ produce them; the model rules and the threat model read them.

import type { Problem, TextEdit } from '../model';

/** A model file's format as its content shows it. */
export type ContentFormat =
  'pickle' | 'pytorch-zip' | 'pytorch-legacy' | 'pytorch-tar' | 'numpy' | 'npz' | 'keras' | 'h5' | 'safetensors' | 'onnx' | 'gguf' | 'zip' | 'model-archive' | 'compressed' | 'lfs-pointer' | 'unknown';

/** One thing in a model that runs code on load, described for findings and reports. */
export interface Hazard {
  /** `os.system`, or `Lambda layer "scale"`. */
  what: string;
  reason: string;
  /** Where in the file, in words. */
  where: string;
  called: boolean;
  /** It sits in a pickle that a string or bytes value only carries: no loader in the file runs it. */
  carried?: boolean;
}

/** What the scan of one model file found, reduced to what findings and reports say. */
export interface ModelFileFact {
  path: string;
  format: ContentFormat;
  /** The format in words ("a PyTorch zip checkpoint"). */
  formatName: string;
  /** The name promises another format than the content has, in a sentence. */
  mismatch?: string;
  /** The file holds pickle streams. */
  hasPickles: boolean;
  /** Everything that could hold code was read to its end. */
  complete: boolean;
  /** Corrupt or unreadable parts, in sentences. */
  problems: string[];
  /** What runs code on load, and what imports a global on no list, in file order. */
  dangerous: Hazard[];
  unknown: Hazard[];
  /** The Git LFS pointer the file is, in words, when the model itself was never fetched. */
  lfsPointer?: string;
}

/** A signature file: a Sigstore bundle or a model_signing `model.sig`. */
export interface SignatureFileFact {
  /** The bundle file, workspace-relative. */
  bundle: string;
  /** The signed file or directory. */
  target: string;
  kind: 'sigstore-bundle' | 'model-signing';
}

/** The verification of one signature file. */
export interface ModelSignatureFact {
  location: SignatureFileFact;
  ok: boolean;
  /** The signed file or directory as the signature names it ('' for the workspace root), when it names one. */
  verifiedTarget?: string;
  /** Why it failed, most important first, each with its code; empty when ok. */
  errors: Problem[];
  /** The manifest's files and how each compares with the workspace. */
  files: { name: string; status: 'ok' | 'changed' | 'missing' | 'extra' }[];
  /** Who signed it, in words, when the signature shows it. */
  signer?: string;
  /** It failed only because nothing configured can vouch for the signer. */
  untrusted: boolean;
  /** Parts of `models.trust` that could not be loaded. */
  trustProblems: string[];
  /** The `.mlsec.yaml` edit that trusts the signer, when trusting it is all the signature lacks. */
  trustFix?: { title: string; edit: TextEdit };
}

/** For each model file, the signature files that cover it. */
export interface ModelCoverageFact {
  /** The model file. */
  path: string;
  /** Signature files that cover it (a bundle named after it, or a model.sig above it). */
  signatures: string[];
}

/** One line per hazard, for finding details and the CLI. */
export function hazardLines(list: readonly Hazard[]): string[] {
  return list.map((h) => `${h.what}: ${h.reason} (${h.where})`);
}
