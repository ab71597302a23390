// Checks a pipeline attestation against a workspace: the DSSE signature with the trusted keys,
// then every subject and every file dependency rehashed from disk, naming each file that changed,
// is missing, or appeared in an attested directory. Paths come from the attestation, so one
// that would leave the workspace is refused, never read.

import { envelopeOf, parseBundle, verifySignatureLayer, type Signer } from './signature-bundle';
import type { Problem } from '../model';
import type { WorkspaceIO } from '../workspace/io';
import { insideWorkspace, workspacePath } from '../formats/dvc/paths';
import { filesOf, SLSA_PROVENANCE_V1, type AttestedStage, type ResourceDescriptor } from './attestation';
import { readGitHead } from './git-head';
import { hashFiles } from './model-sign';
import { BUNDLE_V03_MEDIA_TYPE } from './signing-key';
import { STATEMENT_TYPE } from './signature-manifest';
import type { Trust } from './signature-trust';

export interface AttestedFileCheck {
  name: string;
  /** A subject (an output) or a resolved dependency (an input, the pipeline, the lock file). */
  kind: 'subject' | 'dependency';
  status: 'ok' | 'changed' | 'missing' | 'extra' | 'refused';
  expected?: string;
  actual?: string;
}

export interface AttestationResult {
  ok: boolean;
  source: string;
  signatureOk: boolean;
  signer?: Signer;
  /** Problems with the envelope, signature or statement (not with files). */
  errors: Problem[];
  files: AttestedFileCheck[];
  stages: AttestedStage[];
  /** Dependencies that are not workspace files (URLs), so they were not rehashed. */
  notChecked: string[];
  git?: { attested: string; ref?: string; current?: string };
}

/** A bundle, or a bare DSSE envelope wrapped as one. */
export function readEnvelope(text: string) {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the attestation is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (json && typeof json === 'object' && !('mediaType' in json) && 'payloadType' in json && 'signatures' in json) {
    json = { mediaType: BUNDLE_V03_MEDIA_TYPE, verificationMaterial: { publicKey: { hint: '' }, tlogEntries: [] }, dsseEnvelope: json };
  }
  return parseBundle(JSON.stringify(json));
}

export interface Statement {
  subjects: ResourceDescriptor[];
  dependencies: ResourceDescriptor[];
  stages: AttestedStage[];
}

export function readStatement(payloadType: string, payload: Buffer): Statement {
  if (payloadType !== 'application/vnd.in-toto+json') throw new Error(`the signed payload is ${payloadType}, not an in-toto statement`);
  const st = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  if (st._type !== STATEMENT_TYPE) throw new Error(`the statement type is ${JSON.stringify(st._type)}, not ${STATEMENT_TYPE}`);
  if (st.predicateType !== SLSA_PROVENANCE_V1) throw new Error(`the predicate type is ${JSON.stringify(st.predicateType)}, not ${SLSA_PROVENANCE_V1}`);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is ResourceDescriptor => !!x && typeof x === 'object') : []);
  const def = ((st.predicate as Record<string, unknown> | undefined)?.buildDefinition ?? {}) as Record<string, unknown>;
  const stages = ((def.externalParameters as { stages?: unknown } | undefined)?.stages ?? []) as AttestedStage[];
  return { subjects: list(st.subject), dependencies: list(def.resolvedDependencies), stages: Array.isArray(stages) ? stages.filter((s) => s && typeof s === 'object') : [] };
}

const safePath = (name: string) => insideWorkspace(name) && workspacePath('', name) === name && !name.split('/').includes('..');

/** Rehashes the named files and lists the files of attested directories that no record names. */
async function checkFiles(
  io: WorkspaceIO,
  records: { name: string; sha256: string; kind: AttestedFileCheck['kind'] }[],
  dirs: { path: string; kind: AttestedFileCheck['kind'] }[],
): Promise<AttestedFileCheck[]> {
  const checks: AttestedFileCheck[] = [];
  const present: { rec: (typeof records)[number] }[] = [];
  for (const rec of records) {
    if (!safePath(rec.name)) checks.push({ name: rec.name, kind: rec.kind, status: 'refused', expected: rec.sha256 });
    else if ((await io.stat(rec.name))?.isFile) present.push({ rec });
    else checks.push({ name: rec.name, kind: rec.kind, status: 'missing', expected: rec.sha256 });
  }
  const digests = await hashFiles(
    io,
    present.map((p) => p.rec.name),
  );
  present.forEach(({ rec }, i) => checks.push({ name: rec.name, kind: rec.kind, status: digests[i] === rec.sha256 ? 'ok' : 'changed', expected: rec.sha256, actual: digests[i] }));
  const named = new Set(records.map((r) => r.name));
  for (const d of dirs) {
    if (!safePath(d.path) || !(await io.stat(d.path))?.isDirectory) continue;
    for (const f of (await filesOf(io, d.path)) ?? []) {
      if (!named.has(f)) {
        named.add(f);
        checks.push({ name: f, kind: d.kind, status: 'extra' });
      }
    }
  }
  return checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Verifies the attestation text against the workspace of `io`. Never throws. */
export async function verifyAttestation(io: WorkspaceIO, text: string, source: string, trust: Trust): Promise<AttestationResult> {
  const result: AttestationResult = { ok: false, source, signatureOk: false, errors: [], files: [], stages: [], notChecked: [] };
  let statement: Statement;
  try {
    const bundle = readEnvelope(text);
    const env = envelopeOf(bundle);
    if (!env) throw new Error('the bundle signs a file directly; an attestation is a DSSE envelope over an in-toto statement');
    const layer = await verifySignatureLayer(bundle, trust, undefined);
    result.signatureOk = layer.ok;
    if (layer.signer) result.signer = layer.signer;
    if (layer.error) result.errors.push(layer.error);
    statement = readStatement(env.payloadType, env.payload);
  } catch (e) {
    result.errors.push({ level: 'error', code: 'INVALID_ATTESTATION', message: (e as Error).message });
    return result;
  }
  result.stages = statement.stages;
  const records: { name: string; sha256: string; kind: AttestedFileCheck['kind'] }[] = [];
  for (const s of statement.subjects) {
    if (typeof s.name === 'string' && typeof s.digest?.sha256 === 'string') records.push({ name: s.name, sha256: s.digest.sha256.toLowerCase(), kind: 'subject' });
    else result.errors.push({ level: 'error', code: 'INVALID_ATTESTATION', message: `a subject has no name or no sha256 digest (${JSON.stringify(s).slice(0, 120)})` });
  }
  for (const d of statement.dependencies) {
    if (d.digest?.gitCommit && d.name === 'git') {
      const ref = typeof d.annotations?.ref === 'string' ? d.annotations.ref : undefined;
      result.git = { attested: d.digest.gitCommit, ...(ref ? { ref } : {}) };
    } else if (d.uri !== undefined || typeof d.name !== 'string' || typeof d.digest?.sha256 !== 'string') result.notChecked.push(d.uri ?? d.name ?? JSON.stringify(d).slice(0, 120));
    else records.push({ name: d.name, sha256: d.digest.sha256.toLowerCase(), kind: 'dependency' });
  }
  const dirs = statement.stages.flatMap((s) => [
    ...(Array.isArray(s.outs) ? s.outs : []).map((p) => ({ path: String(p), kind: 'subject' as const })),
    ...(Array.isArray(s.deps) ? s.deps : []).map((p) => ({ path: String(p), kind: 'dependency' as const })),
  ]);
  result.files = await checkFiles(io, records, dirs);
  if (result.git) {
    const now = await readGitHead(io);
    if (now) result.git.current = now.commit;
  }
  result.ok = result.signatureOk && result.errors.length === 0 && result.files.every((f) => f.status === 'ok');
  return result;
}
