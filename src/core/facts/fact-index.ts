// The facts of one analysis, indexed once: by file, by workload id, by the workload containing a
// location, by resource and Service name, by host, model files by path and Dockerfiles by the
// image name they build. Rules and threat-model inference look neighbours up here instead of
// scanning whole collections per fact, so both stay linear in the number of facts. Each index is
// built on first use, so an analysis pays only for the lookups its rules make.

import type { Loc } from '../model';
import { urlHost } from './classify';
import type { DockerfileFact } from './dockerfile';
import type { DataStoreFact, Facts, UrlFact, WorkloadFact } from './model';
import type { ModelFileFact } from './model-files';
import type { ServiceFact } from './network';
import type { ResourceFact } from './pods';

/** The workloads of one file by start, with the furthest end reached so far, for containment lookups. */
interface FileWorkloads {
  byStart: WorkloadFact[];
  maxEnd: number[];
}

/** Groups values under every key `keys` gives, keeping the order of `items`. */
function groupInto<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const k of keys(item)) {
      const list = out.get(k);
      if (list) list.push(item);
      else out.set(k, [item]);
    }
  }
  return out;
}

/** The names a Dockerfile's image is likely tagged with: its folder (`base/Dockerfile`) or its suffix (`Dockerfile.base`, `base.Dockerfile`), lower-cased. */
export function builtImageNames(file: string): string[] {
  const parts = file.split('/');
  const base = parts[parts.length - 1];
  const m = /^dockerfile\.(.+)$/i.exec(base) ?? /^(.+)\.dockerfile$/i.exec(base);
  if (m) return [m[1].toLowerCase()];
  return /^dockerfile$/i.test(base) && parts.length > 1 ? [parts[parts.length - 2].toLowerCase()] : [];
}

/** `NAME.NAMESPACE.svc[.cluster.local]` split into the Service name and namespace. */
function clusterServiceName(host: string): { name: string; namespace: string } | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?\.?$/.exec(host.toLowerCase());
  return m ? { name: m[1], namespace: m[2] } : undefined;
}

const NONE: readonly never[] = [];

export class FactIndex {
  private byId?: Map<string, WorkloadFact>;
  private order?: Map<WorkloadFact, number>;
  private inFile?: Map<string, FileWorkloads>;
  private locsByWorkload?: Map<string, Loc[]>;
  private resourcesByName?: Map<string, ResourceFact[]>;
  private servicesByName?: Map<string, ServiceFact[]>;
  private storesByHost?: Map<string, DataStoreFact[]>;
  private urlsByHost?: Map<string, UrlFact[]>;
  private modelFilesByPath?: Map<string, ModelFileFact>;
  private dockerfilesByName?: Map<string, DockerfileFact[]>;
  private scriptsByFile?: Map<string, Facts['scripts']>;
  private settingsByFile?: Map<string, Facts['settings']>;
  private tlsDisablesByFile?: Map<string, Facts['tlsDisables']>;

  constructor(readonly facts: Facts) {}

  /** The workload with this id (the last fact, should two share it: a repeat describes the same workload). */
  workload(id: string): WorkloadFact | undefined {
    this.byId ??= new Map(this.facts.workloads.map((w) => [w.id, w]));
    return this.byId.get(id);
  }

  /** The workloads defined in a file, by where they start. */
  workloadsIn(file: string): readonly WorkloadFact[] {
    return this.fileWorkloads().get(file)?.byStart ?? NONE;
  }

  /** The smallest workload whose definition contains the location; of two the same size, the first fact. */
  containingWorkload(loc: Loc): WorkloadFact | undefined {
    const inFile = this.fileWorkloads().get(loc.file);
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
      if (w.loc.start > loc.start || w.loc.end < loc.end) continue;
      const size = w.loc.end - w.loc.start;
      const bestSize = best ? best.loc.end - best.loc.start : Infinity;
      if (size < bestSize || (size === bestSize && this.factOrder(w) < this.factOrder(best!))) best = w;
    }
    return best;
  }

  /** Where the facts that name a workload are: its images, scripts, installs, downloads, remote executions, TLS switches, settings and services. */
  locationsOf(workloadId: string): readonly Loc[] {
    this.locsByWorkload ??= factLocations(this.facts);
    return this.locsByWorkload.get(workloadId) ?? NONE;
  }

  /** Kubernetes-style resources of a name in a namespace (`undefined` for none written), in fact order. */
  resourcesNamed(name: string, namespace: string | undefined): readonly ResourceFact[] {
    this.resourcesByName ??= groupInto(this.facts.resources, (r) => [`${r.name}|${r.namespace}`]);
    return this.resourcesByName.get(`${name}|${namespace}`) ?? NONE;
  }

  /** Kubernetes Services of a name in a namespace (`undefined` for none written), in fact order. */
  servicesNamed(name: string, namespace: string | undefined): readonly ServiceFact[] {
    this.servicesByName ??= groupInto(this.facts.k8sServices, (s) => [`${s.name}|${s.namespace ?? ''}`]);
    return this.servicesByName.get(`${name}|${namespace ?? ''}`) ?? NONE;
  }

  /** The Kubernetes Services an in-cluster host name (`NAME.NAMESPACE.svc[.cluster.local]`) reaches. */
  servicesAtHost(host: string): readonly ServiceFact[] {
    const svc = clusterServiceName(host);
    return svc ? this.servicesNamed(svc.name, svc.namespace) : NONE;
  }

  /** Data stores whose URL names the host (lower-case), in fact order. */
  dataStoresAtHost(host: string): readonly DataStoreFact[] {
    this.storesByHost ??= groupInto(this.facts.dataStores, (d) => hostKeys(d.url?.value));
    return this.storesByHost.get(host.toLowerCase()) ?? NONE;
  }

  /** URLs that name the host (lower-case), in fact order. */
  urlsAtHost(host: string): readonly UrlFact[] {
    this.urlsByHost ??= groupInto(this.facts.urls, (u) => hostKeys(u.url.value));
    return this.urlsByHost.get(host.toLowerCase()) ?? NONE;
  }

  /** The scan of the model file at a path; when a path was scanned twice, the later scan. */
  modelFile(path: string): ModelFileFact | undefined {
    this.modelFilesByPath ??= new Map(this.facts.modelFiles.map((s) => [s.path, s]));
    return this.modelFilesByPath.get(path);
  }

  /** The Dockerfiles whose image is likely tagged with the name (see `builtImageNames`), in fact order. */
  dockerfilesBuilding(name: string): readonly DockerfileFact[] {
    this.dockerfilesByName ??= groupInto(this.facts.dockerfiles, (d) => builtImageNames(d.file));
    return this.dockerfilesByName.get(name.toLowerCase()) ?? NONE;
  }

  /** Scripts written in a file, in fact order. */
  scriptsIn(file: string): Facts['scripts'] {
    this.scriptsByFile ??= groupInto(this.facts.scripts, (s) => [s.script.loc.file]);
    return this.scriptsByFile.get(file) ?? [];
  }

  /** Settings whose name is written in a file, in fact order. */
  settingsIn(file: string): Facts['settings'] {
    this.settingsByFile ??= groupInto(this.facts.settings, (s) => [s.name.loc.file]);
    return this.settingsByFile.get(file) ?? [];
  }

  /** TLS verification switches written in a file, in fact order. */
  tlsDisablesIn(file: string): Facts['tlsDisables'] {
    this.tlsDisablesByFile ??= groupInto(this.facts.tlsDisables, (t) => [t.loc.file]);
    return this.tlsDisablesByFile.get(file) ?? [];
  }

  private fileWorkloads(): Map<string, FileWorkloads> {
    if (!this.inFile) {
      this.inFile = new Map();
      for (const [file, list] of groupInto(this.facts.workloads, (w) => [w.loc.file])) {
        const byStart = [...list].sort((a, b) => a.loc.start - b.loc.start);
        let max = -1;
        this.inFile.set(file, { byStart, maxEnd: byStart.map((w) => (max = Math.max(max, w.loc.end))) });
      }
    }
    return this.inFile;
  }

  private factOrder(w: WorkloadFact): number {
    this.order ??= new Map(this.facts.workloads.map((x, i) => [x, i]));
    return this.order.get(w) ?? 0;
  }
}

function hostKeys(url: string | undefined): string[] {
  const host = url ? urlHost(url) : undefined;
  return host ? [host] : [];
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
  for (const x of f.signatureBypasses) add(x.workloadId, x.loc);
  for (const x of f.settings) add(x.workloadId, x.name.loc);
  for (const x of f.services) add(x.workloadId, x.loc);
  return m;
}
