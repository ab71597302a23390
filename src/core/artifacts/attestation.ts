// The provenance of a DVC pipeline's outputs as an in-toto Statement v1 with a SLSA provenance
// v1 predicate: every output file (a directory output as each of its files) is a subject with its
// SHA-256 from disk; each stage's command, dependencies and outputs are the external parameters;
// every dependency file, dvc.yaml, dvc.lock, params files and the git commit are resolved
// dependencies. Signed like a model signature: a DSSE envelope in a Sigstore bundle v0.3.

import type { Lockfile, Pipeline } from '../facts/dvc';
import { compareCodePoints } from '../formats/dvc/hashing';
import { insideWorkspace } from '../formats/dvc/paths';
import type { WorkspaceIO } from '../workspace/io';
import { readGitHead, type GitHead } from './git-head';
import { hashFiles } from './model-sign';
import { listModelFiles, STATEMENT_TYPE } from './signature-manifest';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** What the build definition means: the stages of DVC pipelines as mlsec records them. */
export const DVC_BUILD_TYPE = 'https://github.com/mlsec/mlsec/attestation/dvc-pipeline/v1';
export const MLSEC_BUILDER = 'https://github.com/mlsec/mlsec';
/** Where `mlsec attest` writes and where the lineage report and BOM look for attestations. */
export const ATTESTATION_DIR = '.mlsec/attestations';
export const ATTESTATION_SUFFIX = '.intoto.json';
/** Never part of an output directory's listing. */
const IGNORED_IN_DIRS = ['.git', '.dvc'];

export interface ResourceDescriptor {
  name?: string;
  uri?: string;
  digest?: Record<string, string>;
  annotations?: Record<string, unknown>;
}

export interface AttestedStage {
  name: string;
  /** The dvc.yaml that defines it. */
  pipeline: string;
  cmd: string[];
  /** Workspace-relative paths (or URLs) as the stage names them, resolved against its wdir. */
  deps: string[];
  outs: string[];
  params: string[];
}

export interface PipelineStatement {
  _type: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: { pipelines: string[]; stages: AttestedStage[] };
      resolvedDependencies: ResourceDescriptor[];
    };
    runDetails: { builder: { id: string; version: Record<string, string> } };
  };
}

/** Why a pipeline cannot be attested, naming the path. */
export class AttestError extends Error {}

export interface AttestRequest {
  io: WorkspaceIO;
  pipelines: Pipeline[];
  records: Lockfile[];
  toolVersion: string;
}

export interface AttestResult {
  statement: PipelineStatement;
  /** Things worth saying that do not stop the attestation (a stage without a lock entry, no git). */
  warnings: string[];
  git?: GitHead;
}

/** The files a workspace path stands for: itself, or every file under a directory (sorted). */
export async function filesOf(io: WorkspaceIO, target: string): Promise<string[] | undefined> {
  const st = await io.stat(target);
  if (!st) return undefined;
  if (st.isFile) return [target];
  if (!st.isDirectory) return undefined;
  return (await listModelFiles(io, target, IGNORED_IN_DIRS)).map((f) => `${target}/${f}`);
}

function stageOf(p: Pipeline, s: Pipeline['stages'][number]): AttestedStage {
  return {
    name: s.name,
    pipeline: p.path,
    cmd: s.commands.map((c) => c.text),
    deps: s.deps.map((d) => d.target),
    outs: s.outs.map((o) => o.target),
    params: [...new Set(s.params.map((x) => x.file))],
  };
}

/** Hashes every path; fails naming each one that is absent, with what to run. */
async function digestsOf(io: WorkspaceIO, paths: Map<string, string>): Promise<Map<string, string>> {
  const files: string[] = [];
  const absent: string[] = [];
  for (const [p, why] of paths) {
    const f = await filesOf(io, p);
    if (!f) absent.push(`${p} (${why})`);
    else files.push(...f);
  }
  if (absent.length) throw new AttestError(`not in the workspace: ${absent.join(', ')}; run the pipeline (dvc repro) or fetch its data (dvc pull) first`);
  const unique = [...new Set(files)].sort(compareCodePoints);
  const digests = await hashFiles(io, unique);
  return new Map(unique.map((f, i) => [f, digests[i]]));
}

/** Builds the statement for every stage of `pipelines` over the files in the workspace. */
export async function attestPipelines(req: AttestRequest): Promise<AttestResult> {
  const { io } = req;
  if (!req.pipelines.length) throw new AttestError('no dvc.yaml with stages was found in the workspace');
  const warnings: string[] = [];
  const stages = req.pipelines.flatMap((p) => p.stages.map((s) => stageOf(p, s)));
  if (!stages.length) throw new AttestError('the pipelines define no stage');
  const outputs = new Map<string, string>();
  const inputs = new Map<string, string>();
  const usedBy = new Map<string, string[]>();
  for (const s of stages) {
    for (const o of s.outs) {
      if (!insideWorkspace(o)) warnings.push(`stage "${s.name}" writes ${o}, outside the workspace: it is not a subject`);
      else outputs.set(o, `output of stage "${s.name}"`);
    }
    for (const d of [...s.deps, ...s.params]) {
      if (insideWorkspace(d)) inputs.set(d, `dependency of stage "${s.name}"`);
      usedBy.set(d, [...(usedBy.get(d) ?? []), s.name]);
    }
  }
  const locks = req.records.filter((r) => r.kind === 'lock');
  const locked = new Set(locks.flatMap((l) => l.stages.map((s) => `${l.pipeline}:${s.name.value}`)));
  for (const s of stages) if (!locked.has(`${s.pipeline}:${s.name}`)) warnings.push(`stage "${s.name}" (${s.pipeline}) has no dvc.lock entry`);
  const subjects = await digestsOf(io, outputs);
  const dependencies = await digestsOf(io, inputs);
  const recorded = await digestsOf(io, new Map([...req.pipelines.map((p) => [p.path, 'pipeline'] as const), ...locks.map((l) => [l.path, 'lock file'] as const)]));

  const resolved: ResourceDescriptor[] = [];
  for (const p of req.pipelines) resolved.push({ name: p.path, digest: { sha256: recorded.get(p.path) ?? '' }, annotations: { role: 'pipeline' } });
  for (const l of locks) resolved.push({ name: l.path, digest: { sha256: recorded.get(l.path) ?? '' }, annotations: { role: 'lock' } });
  const git = await readGitHead(io);
  if (git)
    resolved.push({ ...(git.remote ? { uri: `git+${git.remote}` } : {}), name: 'git', digest: { gitCommit: git.commit }, annotations: { role: 'source', ...(git.ref ? { ref: git.ref } : {}) } });
  else warnings.push('no git commit could be read from .git: the source revision is not recorded');
  for (const [file, sha256] of dependencies) {
    const by = [...usedBy].filter(([d]) => file === d || file.startsWith(`${d}/`)).flatMap(([, names]) => names);
    resolved.push({ name: file, digest: { sha256 }, annotations: { role: 'dependency', stages: [...new Set(by)] } });
  }
  for (const s of stages) {
    for (const d of s.deps) if (!insideWorkspace(d)) resolved.push(externalDependency(d, locks, s));
  }
  const statement: PipelineStatement = {
    _type: STATEMENT_TYPE,
    subject: [...subjects].map(([name, sha256]) => ({ name, digest: { sha256 } })),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: { buildType: DVC_BUILD_TYPE, externalParameters: { pipelines: req.pipelines.map((p) => p.path), stages }, resolvedDependencies: resolved },
      runDetails: { builder: { id: MLSEC_BUILDER, version: { mlsec: req.toolVersion } } },
    },
  };
  return { statement, warnings, ...(git ? { git } : {}) };
}

/** A URL dependency: what dvc.lock recorded for it (md5, etag, checksum), since its bytes are not here. */
function externalDependency(url: string, locks: Lockfile[], s: AttestedStage): ResourceDescriptor {
  const entry = locks
    .filter((l) => l.pipeline === s.pipeline)
    .flatMap((l) => l.stages.filter((ls) => ls.name.value === s.name).flatMap((ls) => ls.deps))
    .find((d) => d.target === url);
  const digest: Record<string, string> = {};
  if (entry?.md5) digest.md5 = entry.md5.value;
  const annotations: Record<string, unknown> = { role: 'external', stage: s.name };
  if (entry?.etag) annotations.etag = entry.etag.value;
  if (entry?.checksum) annotations.checksum = entry.checksum.value;
  return { uri: url, ...(Object.keys(digest).length ? { digest } : {}), annotations };
}
