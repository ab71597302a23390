// The provenance of a workspace's artifacts: which stage or .dvc file produced each file, from
// which inputs, with which recorded hashes, and whether the workspace copy still matches.
// Built from parsed DVC and MLflow documents and the DVC integrity results.

import type { DocumentIndex } from '../document';
import type { ModelFact } from '../facts/model';
import type { IntegrityFact, IntegrityStatus } from '../facts/records';
import type { DvcFile, HashName, Lockfile, RecordedEntry } from '../formats/dvc/lock';
import { looksLikeModel } from '../formats/dvc/models';
import { isUrl } from '../formats/dvc/paths';
import type { Pipeline } from '../formats/dvc/pipeline';
import type { MlmodelFact } from '../facts/records';

export type ArtifactKind = 'model' | 'data' | 'metrics' | 'code' | 'params' | 'external';

/** One hash record of an artifact, as a dvc.lock or .dvc file wrote it. */
export interface HashRecord {
  recordedIn: string;
  stage?: string;
  section: 'deps' | 'outs';
  hashName: HashName;
  md5?: string;
  etag?: string;
  checksum?: string;
  size?: number;
  nfiles?: number;
}

export interface ImportSource {
  repo?: string;
  rev?: string;
  revLock?: string;
  path: string;
}

export interface StageRecord {
  id: string;
  name: string;
  /** The dvc.yaml (or .dvc file) that defines it. */
  definedIn: string;
  commands: string[];
  inputs: string[];
  outputs: string[];
  /** dvc.lock (or the .dvc file) records hashes for it. */
  locked: boolean;
}

/** `unrecorded`: no dvc.lock or .dvc entry holds a hash for it. */
export type ArtifactStatus = IntegrityStatus | 'unrecorded';

export interface ArtifactRecord {
  path: string;
  kind: ArtifactKind;
  /** Id of the stage that writes it, or of the .dvc file that tracks it. */
  producedBy?: string;
  /** Ids of the stages that read it. */
  consumedBy: string[];
  records: HashRecord[];
  status: ArtifactStatus;
  /** Workspace hash and why it differs, from the integrity check. */
  workspace?: { md5?: string; size?: number; nfiles?: number; reason?: string; changedFiles?: string[]; inCache?: boolean };
  importedFrom?: ImportSource;
  /** Attestation files that name it as an output (a subject) or a dependency; named, not verified. */
  attestations?: { file: string; role: 'output' | 'dependency' }[];
  /** MLflow metadata when an MLmodel describes it. */
  mlflow?: { flavors: string[]; runId?: string; modelUuid?: string; signature: boolean };
}

export interface ProvenanceReport {
  stages: StageRecord[];
  artifacts: ArtifactRecord[];
}

const CODE = /\.(py|sh|bash|ipynb|r|jl|js|ts|scala|java|sql)$/i;
const PARAMS = /(^|\/)params\.(ya?ml|json|toml|py)$/i;

function record(e: RecordedEntry, recordedIn: string, stage?: string): HashRecord {
  return {
    recordedIn,
    ...(stage ? { stage } : {}),
    section: e.section,
    hashName: e.hashName,
    ...(e.md5 ? { md5: e.md5.value } : {}),
    ...(e.etag ? { etag: e.etag.value } : {}),
    ...(e.checksum ? { checksum: e.checksum.value } : {}),
    ...(e.size !== undefined ? { size: e.size } : {}),
    ...(e.nfiles !== undefined ? { nfiles: e.nfiles } : {}),
  };
}

const STATUS_ORDER: ArtifactStatus[] = ['mismatch', 'not-checked', 'match', 'not-checked-out', 'unrecorded'];

/** The stages and artifacts of a workspace as they are read, one kind of document after another. */
class ProvenanceBuilder {
  readonly stages = new Map<string, StageRecord>();
  readonly artifacts = new Map<string, ArtifactRecord>();
  readonly metricPaths = new Set<string>();
  readonly lockedStages = new Set<string>();

  artifact(path: string): ArtifactRecord {
    let a = this.artifacts.get(path);
    if (!a) {
      a = { path, kind: 'data', consumedBy: [], records: [], status: 'unrecorded' };
      this.artifacts.set(path, a);
    }
    return a;
  }

  /** The hashes dvc.lock files record, and which stages they lock. */
  readLock(ast: Lockfile): void {
    for (const st of ast.stages) {
      this.lockedStages.add(st.id);
      for (const e of [...st.deps, ...st.outs]) this.artifact(e.target).records.push(record(e, ast.path, st.name.value));
    }
  }

  readPipeline(ast: Pipeline): void {
    for (const st of ast.stages) {
      this.stages.set(st.id, {
        id: st.id,
        name: st.name,
        definedIn: ast.path,
        commands: st.commands.map((c) => c.text),
        inputs: [...st.deps.map((x) => x.target), ...st.params.map((p) => p.file)],
        outputs: st.outs.map((x) => x.target),
        locked: this.lockedStages.has(st.id),
      });
      for (const x of st.deps) this.artifact(x.target).consumedBy.push(st.id);
      for (const p of st.params) this.artifact(p.file).consumedBy.push(st.id);
      for (const x of st.outs) {
        this.artifact(x.target).producedBy = st.id;
        if (x.section !== 'outs') this.metricPaths.add(x.target);
      }
    }
  }

  readDvcFile(ast: DvcFile): void {
    const inputs: string[] = [];
    for (const dep of ast.deps) {
      const source = dep.repo ? `${dep.repo.url.value}#${dep.path.value}` : dep.target;
      inputs.push(source);
      if (!dep.repo) this.artifact(dep.target).records.push(record(dep, ast.path));
    }
    this.stages.set(ast.id, { id: ast.id, name: ast.path, definedIn: ast.path, commands: [], inputs, outputs: ast.outs.map((o) => o.target), locked: true });
    for (const o of ast.outs) {
      const a = this.artifact(o.target);
      a.producedBy = ast.id;
      a.records.push(record(o, ast.path));
      const dep = ast.deps[0];
      if (dep) a.importedFrom = dep.repo ? { repo: dep.repo.url.value, rev: dep.repo.rev?.value, revLock: dep.repo.revLock?.value, path: dep.path.value } : { path: dep.target };
    }
  }

  readMlmodel(info: MlmodelFact): void {
    const a = this.artifact(info.modelDir || '.');
    a.kind = 'model';
    a.mlflow = { flavors: info.flavors.map((f) => f.name.value), runId: info.runId?.value, modelUuid: info.modelUuid?.value, signature: !!info.signature?.inputs };
  }

  /** The kind of every artifact an MLmodel does not already call a model. */
  classify(modelPaths: ReadonlySet<string>): void {
    for (const a of this.artifacts.values()) {
      if (a.kind === 'model') continue;
      if (isUrl(a.path) || a.path.includes('#')) a.kind = 'external';
      else if (modelPaths.has(a.path) || looksLikeModel(a.path)) a.kind = 'model';
      else if (PARAMS.test(a.path)) a.kind = 'params';
      else if (CODE.test(a.path)) a.kind = 'code';
      else if (this.metricPaths.has(a.path)) a.kind = 'metrics';
    }
  }

  /** The worst integrity status of each artifact, with the workspace hash behind it. */
  applyIntegrity(integrity: readonly IntegrityFact[]): void {
    for (const r of integrity) {
      const a = this.artifacts.get(r.path);
      if (!a) continue;
      const current = STATUS_ORDER.indexOf(a.status);
      if (STATUS_ORDER.indexOf(r.status) < current) {
        a.status = r.status;
        a.workspace = {
          ...(r.actual ?? {}),
          ...(r.reason ? { reason: r.reason } : {}),
          ...(r.changedFiles ? { changedFiles: r.changedFiles } : {}),
          ...(r.inCache !== undefined ? { inCache: r.inCache } : {}),
        };
      }
    }
  }

  report(): ProvenanceReport {
    for (const a of this.artifacts.values()) a.consumedBy = [...new Set(a.consumedBy)].sort();
    const byPath = (x: { path: string }, y: { path: string }) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);
    return {
      stages: [...this.stages.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
      artifacts: [...this.artifacts.values()].sort(byPath),
    };
  }
}

/** Builds the provenance report from the parsed documents and the integrity results. */
export function buildProvenance(index: DocumentIndex, integrity: readonly IntegrityFact[], models: readonly ModelFact[] = []): ProvenanceReport {
  const b = new ProvenanceBuilder();
  // Locks first, so each stage knows whether it is locked whatever the order of the documents.
  for (const d of index.ofFormat('dvc')) {
    const ast = d.ast as Lockfile | undefined;
    if (ast?.kind === 'lock') b.readLock(ast);
  }
  for (const d of index.ofFormat('dvc')) {
    const ast = d.ast as Pipeline | DvcFile | undefined;
    if (ast?.kind === 'pipeline') b.readPipeline(ast);
    else if (ast?.kind === 'dvcfile') b.readDvcFile(ast);
  }
  for (const d of index.ofFormat('mlflow')) {
    const info = d.ast as MlmodelFact | undefined;
    if (info && 'flavors' in info && 'modelDir' in info) b.readMlmodel(info);
  }
  b.classify(new Set(models.map((m) => m.path)));
  b.applyIntegrity(integrity);
  return b.report();
}
