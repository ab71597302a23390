// What threat-model inference indexes beyond the facts index: image builds, Dockerfile stage
// extents, project folders, model-storage URLs, and lineage outputs by path and by every folder
// above it. Built once per model on the shared facts index, so each contributor looks a fact's
// neighbours up instead of scanning whole collections, and inference stays linear in the facts.

import { groupBy } from '../collections';
import { FactIndex } from '../facts/fact-index';
import type { DataStoreFact, Facts, LineageFact, ModelFact, UrlFact, WorkloadFact } from '../facts/model';
import type { Loc } from '../model';
import type { DockerfileFact } from '../facts/dockerfile';
import type { ResourceFact } from '../facts/pods';
import { normalisePath } from './classify';
import { ancestorsOf, dirOf, locKey } from './locs';

/** Workloads whose command-line storage URIs count as what they read and write. */
const ARGUMENT_LINEAGE_KINDS = new Set<WorkloadFact['kind']>(['pipeline-step', 'training-job', 'container']);
const STORAGE_URI = /^(s3|s3a|gs|gcs|az|abfss?|wasbs?|hdfs|minio|oss):\/\/[^/\s]+/i;
/** Option names that say the URI is written: --output, --model-out, --export-dir, --save-to… */
const OUTPUT_OPTION = /(^|[-_.])(out|output|outputs|dest|destination|save|export|upload|target|write)([-_.]|$)|model[-_]?(dir|path|uri)$/i;

/** One stage of a Dockerfile reader's model, with its place in the file's stage list. */
export interface StageExtent {
  file: string;
  fromLoc: Loc;
  endOffset: number;
  last: boolean;
  /** Where the file's first stage starts (global ARGs lie before it). */
  firstStart: number;
}

export class InferenceIndex extends FactIndex {
  /** The last image-build stage of each Dockerfile: the stage that names the image. */
  readonly lastBuildStage = new Map<string, WorkloadFact>();
  /** Workloads by the exact location of their image reference (one image, several MLproject entries). */
  readonly workloadsByImageLoc: Map<string, WorkloadFact[]>;
  /** MLproject entries and DVC stages by folder: an environment file beside them is what they install. */
  readonly projectWorkloadsByDir: Map<string, WorkloadFact[]>;
  readonly stagesByWorkload = new Map<string, StageExtent[]>();
  readonly resources: ResourceFact[];
  /** Locations of the commands that launch services. */
  readonly serviceLocs: Set<string>;
  /** DVC remotes of each file, by start. */
  readonly dvcRemotesByFile: Map<string, DataStoreFact[]>;
  /** Model-storage URLs by their value. */
  readonly modelStorageUrls: Map<string, UrlFact[]>;
  /** The first model fact at each normalised path. */
  readonly modelByPath = new Map<string, ModelFact>();
  /** The readers' lineage plus the storage URIs pipeline steps take as arguments. */
  readonly lineage: LineageFact[];
  readonly outputs: LineageFact[];
  /** Outputs by normalised path, and by each folder above it. */
  private readonly outputsAt: Map<string, LineageFact[]>;
  private readonly outputsUnder: Map<string, LineageFact[]>;
  private readonly outputOrder = new Map<LineageFact, number>();

  constructor(facts: Facts) {
    super(facts);
    for (const [file, list] of groupBy(facts.workloads, (w) => [w.loc.file])) {
      const builds = list.filter((x) => x.kind === 'image-build');
      if (builds.length)
        this.lastBuildStage.set(
          file,
          builds.reduce((a, b) => (b.loc.start > a.loc.start ? b : a), builds[0]),
        );
    }
    this.workloadsByImageLoc = groupBy(facts.workloads, (w) => (w.image ? [locKey(w.image.loc)] : []));
    this.projectWorkloadsByDir = groupBy(facts.workloads, (w) => (w.format === 'mlflow' || w.format === 'dvc' ? [dirOf(w.loc.file)] : []));
    this.indexStages(facts.dockerfiles);
    this.resources = facts.resources;
    this.serviceLocs = new Set(facts.services.map((s) => locKey(s.loc)));
    this.dvcRemotesByFile = groupBy(
      facts.dataStores.filter((d) => d.kind === 'dvc-remote').sort((a, b) => a.loc.start - b.loc.start),
      (d) => [d.loc.file],
    );
    this.modelStorageUrls = groupBy(facts.urls, (u) => (u.role === 'model-storage' ? [u.url.value] : []));
    for (const m of facts.models) {
      const p = normalisePath(m.path);
      if (!this.modelByPath.has(p)) this.modelByPath.set(p, m);
    }
    this.lineage = [...facts.lineage, ...this.argumentLineage()];
    this.outputs = this.lineage.filter((l) => l.direction === 'output');
    this.outputs.forEach((o, i) => this.outputOrder.set(o, i));
    this.outputsAt = groupBy(this.outputs, (o) => [normalisePath(o.path)]);
    this.outputsUnder = groupBy(this.outputs, (o) => ancestorsOf(normalisePath(o.path)));
  }

  private indexStages(models: DockerfileFact[]): void {
    for (const model of models) {
      const stages = model.stages;
      // Each workload's first stage in the model, as a search from the start finds it.
      const first = new Map<string, number>();
      stages.forEach((st, i) => first.has(st.workloadId) || first.set(st.workloadId, i));
      for (const [workloadId, i] of first) {
        const list = this.stagesByWorkload.get(workloadId) ?? [];
        list.push({ file: model.file, fromLoc: stages[i].fromLoc, endOffset: stages[i].endOffset, last: i === stages.length - 1, firstStart: stages[0].fromLoc.start });
        this.stagesByWorkload.set(workloadId, list);
      }
    }
  }

  /** Outputs of other workloads at a path, inside it, or holding it, in lineage order. */
  producersOf(input: LineageFact): LineageFact[] {
    const path = normalisePath(input.path);
    const found = new Set<LineageFact>([...(this.outputsAt.get(path) ?? []), ...(this.outputsUnder.get(path) ?? [])]);
    for (const a of ancestorsOf(path)) for (const o of this.outputsAt.get(a) ?? []) found.add(o);
    return [...found].filter((o) => o.workloadId !== input.workloadId).sort((a, b) => this.outputOrder.get(a)! - this.outputOrder.get(b)!);
  }

  /** Whether some stage writes the path or a folder holding it. */
  isWritten(path: string): boolean {
    return this.outputsAt.has(path) || ancestorsOf(path).some((a) => this.outputsAt.has(a));
  }

  /**
   * Storage URIs in the command lines of pipeline steps, training jobs and containers, as lineage:
   * `--model-out s3://…` (an option naming an output) is written, any other is read. This is how
   * a model a KFP or Argo step writes meets the model a serving component loads.
   */
  private argumentLineage(): LineageFact[] {
    const out: LineageFact[] = [];
    const known = new Set(this.facts.lineage.map((l) => `${l.workloadId}|${l.path}`));
    for (const sf of this.facts.scripts) {
      const w = sf.workloadId ? this.workload(sf.workloadId) : undefined;
      if (!w || !ARGUMENT_LINEAGE_KINDS.has(w.kind)) continue;
      for (const c of sf.script.commands) {
        // A service's own options (an MLflow server's artifact root) are drawn with the service.
        if (this.serviceLocs.has(locKey(c.loc))) continue;
        c.words.forEach((word, i) => {
          const eq = /^(--?[\w.-]+)=(.*)$/.exec(word.value);
          const value = eq ? eq[2] : word.value;
          if (word.dynamic || !STORAGE_URI.test(value)) return;
          const option = eq ? eq[1] : i > 0 && c.words[i - 1].value.startsWith('-') ? c.words[i - 1].value : '';
          const key = `${w.id}|${value}`;
          if (known.has(key)) return;
          known.add(key);
          out.push({ workloadId: w.id, direction: OUTPUT_OPTION.test(option) ? 'output' : 'input', path: value, hashes: {}, loc: word.loc });
        });
      }
    }
    return out;
  }
}
