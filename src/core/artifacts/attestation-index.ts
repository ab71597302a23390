// Which attestation covers which artifact, for the lineage report and the ML-BOM: the
// attestations in the workspace's default folder (.mlsec/attestations/*.intoto.json) and any
// named explicitly, read for their subjects. Naming is not verifying: the signature and the
// digests are checked by `mlsec verify-attestation`.

import type { WorkspaceIO } from '../workspace/io';
import { ATTESTATION_DIR, ATTESTATION_SUFFIX } from './attestation';
import { envelopeOf } from './signature-bundle';
import { readEnvelope, readStatement } from './attestation-verify';

export interface AttestationSummary {
  /** Workspace-relative path (or the path as given for a file outside the workspace). */
  file: string;
  /** The subject names: workspace-relative output files. */
  subjects: string[];
  /** The workspace files it records as dependencies (inputs, dvc.yaml, dvc.lock). */
  dependencies: string[];
}

export interface AttestationIndex {
  attestations: AttestationSummary[];
  /** Attestation files that could not be read, with why. */
  problems: string[];
}

const LIMIT = 64 * 1024 * 1024;

const names = (list: { name?: unknown; uri?: unknown; digest?: Record<string, string> }[]) =>
  list.filter((d) => d.uri === undefined && typeof d.digest?.sha256 === 'string' && typeof d.name === 'string').map((d) => d.name as string);

/** Reads one attestation's subjects and file dependencies from its text. Throws with a sentence when it is not one. */
export function attestationFiles(text: string): { subjects: string[]; dependencies: string[] } {
  const env = envelopeOf(readEnvelope(text));
  if (!env) throw new Error('it is not a DSSE envelope');
  const st = readStatement(env.payloadType, env.payload);
  return { subjects: names(st.subjects), dependencies: names(st.dependencies) };
}

/** The attestations in the default folder, and `extra` ones given as texts with their names. */
export async function findAttestations(io: WorkspaceIO, extra: { file: string; text: string }[] = []): Promise<AttestationIndex> {
  const found: { file: string; text?: string }[] = [];
  for (const name of ((await io.readDir(ATTESTATION_DIR)) ?? []).sort()) {
    if (name.endsWith(ATTESTATION_SUFFIX)) found.push({ file: `${ATTESTATION_DIR}/${name}` });
  }
  for (const e of extra) if (!found.some((f) => f.file === e.file)) found.push(e);
  const index: AttestationIndex = { attestations: [], problems: [] };
  for (const f of found) {
    try {
      const text = f.text ?? (await io.readFile(f.file, LIMIT)).toString('utf8');
      index.attestations.push({ file: f.file, ...attestationFiles(text) });
    } catch (e) {
      index.problems.push(`${f.file}: not a readable attestation (${(e as Error).message})`);
    }
  }
  return index;
}

export interface Coverage {
  file: string;
  /** `output`: a subject of the attestation; `dependency`: one of its recorded inputs. */
  role: 'output' | 'dependency';
}

/** The attestations that name `path` (or files under it), as an output or else as a dependency. */
export function attestationsCovering(index: AttestationIndex, path: string): Coverage[] {
  const covers = (list: string[]) => list.some((s) => s === path || s.startsWith(`${path}/`));
  return index.attestations.flatMap((a): Coverage[] => (covers(a.subjects) ? [{ file: a.file, role: 'output' }] : covers(a.dependencies) ? [{ file: a.file, role: 'dependency' }] : []));
}
