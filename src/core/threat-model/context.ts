// What every inference contributor works on: the indexed facts, the builder it adds parts
// through, the trust zones, and the little state contributors hand on to later ones (model
// loads for the joins, runtime services of image builds, DVC stores, stores with TLS off).

import type { DataStoreFact, Facts, LineageFact, WorkloadFact } from '../facts/model';
import type { Format, Loc } from '../model';
import { ModelBuilder } from './builder';
import { hostName } from './classify';
import { InferenceIndex } from './fact-index';
import type { ImageBuildHint } from './joins';
import type { ReviewConfig, ReviewLocator } from './review';
import { Zones } from './zones';

export const CLUSTER_FORMATS = new Set<Format>(['kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training']);

/** What the configuration and the workspace add to the facts: the review section and build hints. */
export interface InferenceInput {
  review: ReviewConfig;
  reviewLocator?: ReviewLocator;
  buildHints: readonly ImageBuildHint[];
  rootName?: string;
}

/** A model a serving component loads: its flow and asset, for the model-URI join. */
export interface ModelLoad {
  flow: string;
  asset: string;
  uri: string;
  loc: Loc;
}

export class InferenceContext {
  readonly b = new ModelBuilder();
  readonly zones = new Zones(this.b);
  readonly index: InferenceIndex;
  readonly modelLoads: ModelLoad[] = [];
  private readonly modelLoadKeys = new Set<string>();
  /** Runtime service processes started by an image's CMD, keyed by the build element. */
  readonly buildRuntimes = new Map<string, string[]>();
  /** Data stores DVC stages read from and write to. */
  readonly dvcStores: { id: string; fact: DataStoreFact }[] = [];
  /** Store element ids whose TLS verification is switched off, with where. */
  readonly storeTlsOff = new Map<string, Loc>();
  private dvcStoreId: { id: string | undefined } | undefined;

  constructor(
    readonly facts: Facts,
    readonly input: InferenceInput,
  ) {
    this.index = new InferenceIndex(facts);
  }

  get lineage(): LineageFact[] {
    return this.index.lineage;
  }

  /** The element of a fact's workload: by id, else the smallest workload whose definition contains the location. */
  workloadElement(workloadId: string | undefined, loc: Loc | undefined): string | undefined {
    if (workloadId) {
      const id = this.b.byWorkload.get(workloadId);
      if (id) return id;
    }
    const w = loc ? this.index.containingWorkload(loc) : undefined;
    return w ? this.b.byWorkload.get(w.id) : undefined;
  }

  workloadFact(elementId: string): WorkloadFact | undefined {
    const e = this.b.elements.get(elementId);
    return e?.workloads.length ? this.index.workload(e.workloads[0]) : undefined;
  }

  /** Records a model load once per flow and asset. */
  addModelLoad(load: ModelLoad): void {
    const key = `${load.flow}|${load.asset}`;
    if (this.modelLoadKeys.has(key)) return;
    this.modelLoadKeys.add(key);
    this.modelLoads.push(load);
  }

  /**
   * Where each resource extends, with the elements of the workloads it runs: a finding about the
   * resource itself (its service account, its replicas) lies outside every container but belongs
   * to what the resource runs.
   */
  resourceScopes(): { loc: Loc; targets: string[] }[] {
    const out: { loc: Loc; targets: string[] }[] = [];
    for (const r of this.index.resources) {
      const targets = [...new Set(r.workloads.map((w) => this.b.byWorkload.get(w)).filter((x): x is string => !!x))];
      if (targets.length) out.push({ loc: r.loc, targets });
    }
    return out;
  }

  /**
   * The workload behind an in-cluster service name (`NAME.NAMESPACE.svc[.cluster.local]`): the
   * resource of that name in that namespace, as Services usually share their Deployment's name.
   */
  clusterServiceWorkload(host: string): { id: string; reason: string; evidence: Loc[] } | undefined {
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.|$)/.exec(hostName(host));
    if (!m) return undefined;
    const [, name, ns] = m;
    // KServe names the Services of an InferenceService's components `<isvc>-predictor` (and `-transformer`, `-explainer`, `-default`).
    const isvc = /^(.+?)-(predictor|transformer|explainer)(-default)?$/.exec(name);
    const candidates: [string, string][] = [[name, 'the in-cluster name of'], ...(isvc ? [[isvc[1], `the ${isvc[2]} Service KServe creates for`] as [string, string]] : [])];
    for (const [resource, how] of candidates) {
      for (const r of this.index.resourcesNamed(resource, ns)) {
        if (resource !== name && r.kind !== 'InferenceService') continue;
        const id = r.workloads.map((w) => this.b.byWorkload.get(w)).find((x) => !!x);
        if (id) return { id, reason: `${hostName(host)} is ${how} ${r.kind} ${resource} in namespace ${ns}`, evidence: [r.loc] };
      }
    }
    return undefined;
  }

  /** The store DVC stages read untracked inputs from and push outputs to: the default remote, else the cache. */
  dvcStore(): string | undefined {
    this.dvcStoreId ??= { id: this.pickDvcStore() };
    return this.dvcStoreId.id;
  }

  private pickDvcStore(): string | undefined {
    if (!this.dvcStores.length) return undefined;
    const defaultName = this.facts.settings.find((s) => s.origin === 'dvc-remote' && /^(core\.)?remote$/.test(s.name.value))?.value?.value;
    const sorted = [...this.dvcStores].sort(
      (a, b) =>
        Number(b.fact.kind === 'dvc-remote') - Number(a.fact.kind === 'dvc-remote') ||
        Number(b.fact.name === defaultName) - Number(a.fact.name === defaultName) ||
        (a.fact.name < b.fact.name ? -1 : a.fact.name > b.fact.name ? 1 : 0),
    );
    return sorted[0].id;
  }
}
