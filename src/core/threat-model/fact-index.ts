// The indexed view of the facts that threat-model inference reads: built once per model, so each
// contributor looks a fact's neighbours up by file, workload, location, name or path instead of
// scanning whole collections, and inference stays linear in the number of facts.

import { groupBy } from '../collections';
import type { DataStoreFact, Facts, LineageFact, ModelFact, UrlFact, WorkloadFact } from '../facts/model';
import type { Loc } from '../model';
import type { DockerfileFact } from '../facts/dockerfile';
import type { ResourceFact } from '../facts/pods';
import { normalisePath } from './classify';
import { ancestorsOf, contains, dirOf, locKey } from './locs';

/** Workloads whose command-line storage URIs count as what they read and write. */
const ARGUMENT_LINEAGE_KINDS = new Set<WorkloadFact['kind']>(['pipeline-step', 'training-job', 'container']);
const STORAGE_URI = /^(s3|s3a|gs|gcs|az|abfss?|wasbs?|hdfs|minio|oss):\/\/[^/\s]+/i;
/** Option names that say the URI is written: --output, --model-out, --export-dir, --save-to… */
const OUTPUT_OPTION = /(^|[-_.])(out|output|outputs|dest|destination|save|export|upload|target|write)([-_.]|$)|model[-_]?(dir|path|uri)$/i;

/** The workloads of one file by start, with the furthest end reached so far, for containment lookups. */
interface FileWorkloads {
  byStart: WorkloadFact[];
  maxEnd: number[];
}

/** One stage of a Dockerfile reader's model, with its place in the file's stage list. */
export interface StageExtent {
  file: string;
  fromLoc: Loc;
  endOffset: number;
  last: boolean;
  /** Where the file's first stage starts (global ARGs lie before it). */
  firstStart: number;
}

export class FactIndex {
  readonly workloadById = new Map<string, WorkloadFact>();
  private readonly workloadsInFile = new Map<string, FileWorkloads>();
  /** The last image-build stage of each Dockerfile: the stage that names the image. */
  readonly lastBuildStage = new Map<string, WorkloadFact>();
  /** Workloads by the exact location of their image reference (one image, several MLproject entries). */
  readonly workloadsByImageLoc: Map<string, WorkloadFact[]>;
  /** MLproject entries and DVC stages by folder: an environment file beside them is what they install. */
  readonly projectWorkloadsByDir: Map<string, WorkloadFact[]>;
  /** Locations of the facts that name each workload. */
  readonly factLocs: Map<string, Loc[]>;
  readonly stagesByWorkload = new Map<string, StageExtent[]>();
  readonly resources: ResourceFact[];
  /** Resources by `name|namespace`, in fact order. */
  readonly resourcesByName: Map<string, ResourceFact[]>;
  /** Locations of the commands that launch services. */
  readonly serviceLocs: Set<string>;
  readonly scriptsByFile: Map<string, Facts['scripts']>;
  /** DVC remotes of each file, by start. */
  readonly dvcRemotesByFile: Map<string, DataStoreFact[]>;
  readonly settingsByFile: Map<string, Facts['settings']>;
  readonly tlsDisablesByFile: Map<string, Facts['tlsDisables']>;
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

  constructor(readonly facts: Facts) {
    for (const w of facts.workloads) this.workloadById.set(w.id, w);
    for (const [file, list] of groupBy(facts.workloads, (w) => [w.loc.file])) {
      const byStart = [...list].sort((a, b) => a.loc.start - b.loc.start);
      let max = -1;
      this.workloadsInFile.set(file, { byStart, maxEnd: byStart.map((w) => (max = Math.max(max, w.loc.end))) });
      const builds = list.filter((x) => x.kind === 'image-build');
      if (builds.length)
        this.lastBuildStage.set(
          file,
          builds.reduce((a, b) => (b.loc.start > a.loc.start ? b : a), builds[0]),
        );
    }
    this.workloadsByImageLoc = groupBy(facts.workloads, (w) => (w.image ? [locKey(w.image.loc)] : []));
    this.projectWorkloadsByDir = groupBy(facts.workloads, (w) => (w.format === 'mlflow' || w.format === 'dvc' ? [dirOf(w.loc.file)] : []));
    this.factLocs = factLocations(facts);
    this.indexStages(facts.dockerfiles);
    this.resources = facts.resources;
    this.resourcesByName = groupBy(this.resources, (r) => [`${r.name}|${r.namespace}`]);
    this.serviceLocs = new Set(facts.services.map((s) => locKey(s.loc)));
    this.scriptsByFile = groupBy(facts.scripts, (s) => [s.script.loc.file]);
    this.dvcRemotesByFile = groupBy(
      facts.dataStores.filter((d) => d.kind === 'dvc-remote').sort((a, b) => a.loc.start - b.loc.start),
      (d) => [d.loc.file],
    );
    this.settingsByFile = groupBy(facts.settings, (s) => [s.name.loc.file]);
    this.tlsDisablesByFile = groupBy(facts.tlsDisables, (t) => [t.loc.file]);
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

  /** The smallest workload whose definition contains the location. */
  containingWorkload(loc: Loc): WorkloadFact | undefined {
    const inFile = this.workloadsInFile.get(loc.file);
    if (!inFile) return undefined;
    const { byStart, maxEnd } = inFile;
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byStart[mid].loc.start <= loc.start) lo = mid + 1;
      else hi = mid;
    }
    let best: WorkloadFact | undefined;
    // Only workloads starting at or before the location can contain it; stop once none reaches its end.
    for (let i = lo - 1; i >= 0 && maxEnd[i] >= loc.end; i--) {
      const w = byStart[i];
      if (
        contains(w.loc, loc) &&
        (!best || w.loc.end - w.loc.start < best.loc.end - best.loc.start || (w.loc.end - w.loc.start === best.loc.end - best.loc.start && this.factOrder(w) < this.factOrder(best)))
      )
        best = w;
    }
    return best;
  }

  private order: Map<WorkloadFact, number> | undefined;

  private factOrder(w: WorkloadFact): number {
    this.order ??= new Map(this.facts.workloads.map((x, i) => [x, i]));
    return this.order.get(w) ?? 0;
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
      const w = sf.workloadId ? this.workloadById.get(sf.workloadId) : undefined;
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

/** Locations of the facts that name each workload. */
function factLocations(f: Facts): Map<string, Loc[]> {
  const m = new Map<string, Loc[]>();
  const add = (id: string | undefined, loc: Loc) => {
    if (id === undefined) return;
    const list = m.get(id);
    if (list) list.push(loc);
    else m.set(id, [loc]);
  };
  for (const x of f.images) add(x.workloadId, x.loc);
  for (const x of f.scripts) add(x.workloadId, x.script.loc);
  for (const x of f.packageInstalls) add(x.workloadId, x.loc);
  for (const x of f.downloads) add(x.workloadId, x.loc);
  for (const x of f.remoteExecs) add(x.workloadId, x.loc);
  for (const x of f.tlsDisables) add(x.workloadId, x.loc);
  for (const x of f.settings) add(x.workloadId, x.name.loc);
  for (const x of f.services) add(x.workloadId, x.loc);
  return m;
}
