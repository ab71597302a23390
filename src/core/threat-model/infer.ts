// Infers the data-flow diagram of a pipeline from format-independent facts: the processes that
// run, the stores and outside parties they touch, the flows between them and the trust zones
// they sit in. Every part keeps the locations it was read from.

import type {
  DataStoreFact,
  DownloadFact,
  Facts,
  ImageRef,
  LineageFact,
  ModelFact,
  PackageInstallFact,
  ServiceLaunchFact,
  ShellCommand,
  ShellScript,
  SettingFact,
  Str,
  TlsDisableFact,
  UrlFact,
  WorkloadFact,
} from '../facts/model';
import { groupBy } from '../collections';
import type { Format, Loc } from '../model';
import { K8S_RESOURCE, type K8sResourceExtra } from '../formats/k8s/facts';
import { addLocs, ModelBuilder } from './builder';
import {
  assetKindOfPath,
  CLOUD_NAMES,
  clusterServiceNamespace,
  hostName,
  isPrivateHost,
  isStorageScheme,
  normalisePath,
  packageIndex,
  parseUri,
  pathSegments,
  providerOfHost,
  registryOf,
  serializationOfPath,
  storageLocation,
  thirdPartyService,
  type CloudProvider,
  type StorageLocation,
} from './classify';
import type { AssetKind, ElementRole, Flow, FlowKind, ProcessRole, StoreRole } from './model';

const CLUSTER_FORMATS = new Set<Format>(['kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training']);

const ROLE_OF_WORKLOAD: Record<WorkloadFact['kind'], ProcessRole> = {
  'image-build': 'image-build',
  container: 'container',
  'init-container': 'container',
  'pipeline-step': 'pipeline-step',
  'training-job': 'training-job',
  'inference-service': 'inference-service',
  notebook: 'notebook',
  'dvc-stage': 'dvc-stage',
  'mlproject-entry': 'training-job',
};

const ROLE_OF_SERVICE: Record<ServiceLaunchFact['service'], ProcessRole> = {
  'mlflow-server': 'tracking-server',
  'mlflow-models-serve': 'inference-service',
  jupyter: 'notebook',
  tensorboard: 'ml-service',
  'ray-head': 'ml-service',
  other: 'ml-service',
};

const SERVICE_NAMES: Record<ServiceLaunchFact['service'], string> = {
  'mlflow-server': 'MLflow tracking server',
  'mlflow-models-serve': 'MLflow model server',
  jupyter: 'Jupyter server',
  tensorboard: 'TensorBoard',
  'ray-head': 'Ray head',
  other: 'ML service',
};

/** Roles a plain container or step may be promoted from when it turns out to run a service. */
const PROMOTABLE = new Set<ElementRole>(['container', 'pipeline-step', 'training-job']);

const CREDENTIAL_NAME = /(passw(or)?d|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth)/i;

const DB_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mssql', 'sqlite', 'oracle', 'mongodb', 'redis', 'mariadb']);

function contains(outer: Loc, inner: Loc): boolean {
  return outer.file === inner.file && outer.start <= inner.start && inner.end <= outer.end;
}

export function overlaps(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
}

function baseOf(p: string): string {
  const segs = pathSegments(p);
  return segs[segs.length - 1] ?? p;
}

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Workloads whose command-line storage URIs count as what they read and write. */
const ARGUMENT_LINEAGE_KINDS = new Set<WorkloadFact['kind']>(['pipeline-step', 'training-job', 'container']);
const STORAGE_URI = /^(s3|s3a|gs|gcs|az|abfss?|wasbs?|hdfs|minio|oss):\/\/[^/\s]+/i;
/** Option names that say the URI is written: --output, --model-out, --export-dir, --save-to… */
const OUTPUT_OPTION = /(^|[-_.])(out|output|outputs|dest|destination|save|export|upload|target|write)([-_.]|$)|model[-_]?(dir|path|uri)$/i;

/** The inference state: the builder plus indexes over the facts. */
/** What workloadExtent reads of a Dockerfile reader's model. */
interface DockerfileStages {
  file?: string;
  stages?: { workloadId: string; fromLoc: Loc; endOffset: number }[];
}

export class Inference {
  readonly b = new ModelBuilder();
  private readonly workloadsByFile = new Map<string, WorkloadFact[]>();
  private readonly workloadById = new Map<string, WorkloadFact>();
  /** Data stores DVC stages read from and write to, best first. */
  private dvcStores: { id: string; fact: DataStoreFact }[] = [];
  /** Store element ids whose TLS verification is switched off, with where. */
  private readonly storeTlsOff = new Map<string, Loc>();
  /** Model asset ids by the element that loads them. */
  readonly modelLoads: { flow: string; asset: string; uri: string; loc: Loc }[] = [];
  /** Runtime service processes started by an image's CMD, keyed by the build element. */
  readonly buildRuntimes = new Map<string, string[]>();

  /** The readers' lineage plus the storage URIs pipeline steps take as arguments. */
  lineage: LineageFact[] = [];

  constructor(readonly facts: Facts) {}

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
        if (this.facts.services.some((x) => x.loc.file === c.loc.file && x.loc.start === c.loc.start && x.loc.end === c.loc.end)) continue;
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

  run(): void {
    this.indexWorkloads();
    this.lineage = [...this.facts.lineage, ...this.argumentLineage()];
    for (const w of this.facts.workloads) this.addWorkload(w);
    for (const s of this.facts.services) this.addService(s);
    for (const w of this.facts.workloads) if (w.kind === 'inference-service') this.addClients(this.b.byWorkload.get(w.id)!, 'inference-service', w.anchor);
    for (const i of this.facts.images) this.addImage(i);
    for (const p of this.facts.packageInstalls) this.addPackageInstall(p);
    for (const d of this.facts.downloads) this.addDownload(d);
    for (const r of this.facts.remoteExecs) this.addRemoteExec(r);
    for (const d of this.facts.dataStores) this.addDataStore(d);
    for (const u of this.facts.urls) this.addUrl(u);
    for (const s of this.facts.settings) this.addSetting(s);
    for (const w of this.facts.workloads) this.addPodParts(w);
    for (const m of this.facts.models) this.addModel(m);
    this.addLineage(this.lineage);
    this.addTaskDependencies();
    for (const t of this.facts.tlsDisables) this.applyTlsDisable(t);
    this.applyStoreTls();
  }

  // Boundaries ---------------------------------------------------------------------------------

  internet(): string {
    return this.b.boundary('internet', 'internet', 'Internet');
  }

  thirdParty(name: string): string {
    return this.b.boundary('third-party-service', name, name, this.internet());
  }

  cloud(p: CloudProvider): string {
    return this.b.boundary('cloud-account', p, CLOUD_NAMES[p]);
  }

  cluster(): string {
    return this.b.boundary('cluster', 'kubernetes', 'Kubernetes cluster');
  }

  namespace(ns: string, evidence?: Loc[]): string {
    return this.b.boundary('namespace', ns, `namespace ${ns}`, this.cluster(), evidence);
  }

  node(): string {
    return this.b.boundary('node-host', 'kubernetes-node', 'Kubernetes node', this.cluster());
  }

  containerHost(): string {
    return this.b.boundary('node-host', 'container-host', 'Container host');
  }

  workstation(): string {
    return this.b.boundary('developer-workstation', 'workstation', 'Developer workstation');
  }

  ciBuild(): string {
    return this.b.boundary('ci-build', 'image-build', 'Image build (CI)');
  }

  orgRegistry(host: string, provider?: CloudProvider, evidence?: Loc[]): string {
    return this.b.boundary('organisation-registry', host, `Organisation registry ${host}`, provider ? this.cloud(provider) : undefined, evidence);
  }

  /** The zone of a storage location: its bucket inside the cloud account, the third party, or the workstation. */
  storageZone(sl: StorageLocation, evidence?: Loc[]): string {
    if (sl.local) return this.workstation();
    if (sl.thirdParty) return this.thirdParty(sl.thirdParty);
    const parent = sl.provider ? this.cloud(sl.provider) : undefined;
    return this.b.boundary('object-storage', sl.key, sl.name, parent, evidence);
  }

  /** A host's zone for outside parties: third-party service, the internet, or none for private hosts. */
  hostZone(host: string | undefined): string | undefined {
    const tp = thirdPartyService(host);
    if (tp) return this.thirdParty(tp);
    if (!host || isPrivateHost(host)) return undefined;
    return this.internet();
  }

  // Workloads ----------------------------------------------------------------------------------

  private indexWorkloads(): void {
    for (const w of this.facts.workloads) {
      this.workloadById.set(w.id, w);
      const list = this.workloadsByFile.get(w.loc.file) ?? [];
      list.push(w);
      this.workloadsByFile.set(w.loc.file, list);
    }
  }

  /** The element of a fact's workload: by id, else the smallest workload whose definition contains the location. */
  workloadElement(workloadId: string | undefined, loc: Loc | undefined): string | undefined {
    if (workloadId) {
      const id = this.b.byWorkload.get(workloadId);
      if (id) return id;
    }
    const w = loc ? this.containingWorkload(loc) : undefined;
    return w ? this.b.byWorkload.get(w.id) : undefined;
  }

  /** The Kubernetes-style resources of the facts (Deployments, InferenceServices, Workflows…). */
  private resources(): K8sResourceExtra[] {
    return ((this.facts.extra[K8S_RESOURCE] ?? []) as K8sResourceExtra[]).filter((r) => r && r.loc && Array.isArray(r.workloads));
  }

  /**
   * Where each resource extends, with the elements of the workloads it runs: a finding about the
   * resource itself (its service account, its replicas) lies outside every container but belongs
   * to what the resource runs.
   */
  resourceScopes(): { loc: Loc; targets: string[] }[] {
    const out: { loc: Loc; targets: string[] }[] = [];
    for (const r of this.resources()) {
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
    for (const r of this.resources()) {
      if (r.name !== name || r.namespace !== ns) continue;
      const id = r.workloads.map((w) => this.b.byWorkload.get(w)).find((x) => !!x);
      if (id) return { id, reason: `${hostName(host)} is the in-cluster name of ${r.kind} ${name} in namespace ${ns}`, evidence: [r.loc] };
    }
    return undefined;
  }

  containingWorkload(loc: Loc): WorkloadFact | undefined {
    let best: WorkloadFact | undefined;
    for (const w of this.workloadsByFile.get(loc.file) ?? []) {
      if (contains(w.loc, loc) && (!best || w.loc.end - w.loc.start < best.loc.end - best.loc.start)) best = w;
    }
    return best;
  }

  workloadFact(elementId: string): WorkloadFact | undefined {
    const e = this.b.elements.get(elementId);
    return e?.workloads.length ? this.workloadById.get(e.workloads[0]) : undefined;
  }

  private workloadBoundary(w: WorkloadFact): string | undefined {
    if (w.kind === 'image-build' || w.format === 'dockerfile') return this.ciBuild();
    if (CLUSTER_FORMATS.has(w.format)) return w.pod?.namespace ? this.namespace(w.pod.namespace) : this.cluster();
    if (w.format === 'dvc' || w.format === 'mlflow') return this.workstation();
    return undefined;
  }

  private readonly seenWorkloadKeys = new Map<string, number>();

  /**
   * Where a workload's definition extends in its file. Some readers locate a workload by its
   * header only (a Dockerfile stage by its FROM line); the facts that belong to it, and the
   * stage extents a Dockerfile reader records, show how far it reaches, so findings inside it land on it.
   */
  /** Locations of the facts that name each workload, built once. */
  private factLocs: Map<string, Loc[]> | undefined;

  private factLocsOf(workloadId: string): Loc[] {
    if (!this.factLocs) {
      const m = new Map<string, Loc[]>();
      const add = (id: string | undefined, loc: Loc) => {
        if (id === undefined) return;
        const list = m.get(id);
        if (list) list.push(loc);
        else m.set(id, [loc]);
      };
      const f = this.facts;
      for (const x of f.images) add(x.workloadId, x.loc);
      for (const x of f.scripts) add(x.workloadId, x.script.loc);
      for (const x of f.packageInstalls) add(x.workloadId, x.loc);
      for (const x of f.downloads) add(x.workloadId, x.loc);
      for (const x of f.remoteExecs) add(x.workloadId, x.loc);
      for (const x of f.tlsDisables) add(x.workloadId, x.loc);
      for (const x of f.settings) add(x.workloadId, x.name.loc);
      for (const x of f.services) add(x.workloadId, x.loc);
      this.factLocs = m;
    }
    return this.factLocs.get(workloadId) ?? [];
  }

  /** The Dockerfile readers' models by file, built once. */
  private dockerfileModels: Map<string, DockerfileStages[]> | undefined;

  private dockerfileModelsIn(file: string): DockerfileStages[] {
    this.dockerfileModels ??= groupBy((this.facts.extra['dockerfile'] ?? []) as DockerfileStages[], (model) => (typeof model.file === 'string' ? [model.file] : []));
    return this.dockerfileModels.get(file) ?? [];
  }

  private workloadExtent(w: WorkloadFact): Loc[] {
    const file = w.loc.file;
    let start = w.loc.start;
    let end = w.loc.end;
    for (const l of this.factLocsOf(w.id)) {
      if (l.file !== file) continue;
      start = Math.min(start, l.start);
      end = Math.max(end, l.end);
    }
    const out: Loc[] = [{ file, start, end }];
    // An image named once for several entries (MLproject's docker_env) belongs to each of them.
    if (w.image?.loc.file === file && !contains(out[0], w.image.loc)) out.push(w.image.loc);
    for (const model of this.dockerfileModelsIn(file)) {
      if (!Array.isArray(model.stages)) continue;
      const i = model.stages.findIndex((st) => st.workloadId === w.id);
      if (i < 0) continue;
      const st = model.stages[i];
      out.push({ file, start: st.fromLoc.start, end: Math.max(st.endOffset, st.fromLoc.end) });
      // Global ARGs before the first FROM belong to the image the file builds: its last stage.
      if (i === model.stages.length - 1 && model.stages[0].fromLoc.start > 0) out.push({ file, start: 0, end: model.stages[0].fromLoc.start });
    }
    return out;
  }

  /** For Dockerfiles: the file names the image; a stage other than the last is named after it. */
  private workloadName(w: WorkloadFact): { name: string; intermediate: boolean } {
    if (w.kind !== 'image-build') return { name: w.name, intermediate: false };
    const stages = (this.workloadsByFile.get(w.loc.file) ?? []).filter((x) => x.kind === 'image-build');
    const last = stages.reduce((a, b) => (b.loc.start > a.loc.start ? b : a), stages[0]);
    return last === w ? { name: w.loc.file, intermediate: false } : { name: `${w.loc.file} (${w.name})`, intermediate: true };
  }

  private addWorkload(w: WorkloadFact): void {
    const base = `workload|${w.format}|${w.loc.file}|${w.kind}|${w.name}`;
    const n = this.seenWorkloadKeys.get(base) ?? 0;
    this.seenWorkloadKeys.set(base, n + 1);
    const sc = w.container?.securityContext;
    const pod = w.pod;
    const hostAccess =
      [pod?.hostNetwork, pod?.hostPID, pod?.hostIPC].some((s) => s?.value === 'true') || (pod?.volumes ?? []).some((v) => v.kind === 'hostPath');
    const runsAsRoot = sc?.runAsUser === 0 ? true : sc?.runAsNonRoot === true || (sc?.runAsUser ?? 0) > 0 ? false : undefined;
    const { name, intermediate } = this.workloadName(w);
    const id = this.b.element(n ? `${base}|${n}` : base, {
      kind: 'process',
      role: ROLE_OF_WORKLOAD[w.kind],
      name,
      description: `${w.kind.replace(/-/g, ' ')} defined in ${w.loc.file}`,
      boundary: this.workloadBoundary(w),
      properties: {
        ...(sc?.privileged !== undefined ? { privileged: sc.privileged } : {}),
        ...(runsAsRoot !== undefined ? { runsAsRoot } : {}),
        ...(hostAccess ? { hostAccess: true } : {}),
      },
      evidence: [w.anchor, w.loc, ...this.workloadExtent(w)],
      workloads: [w.id],
    });
    this.b.byWorkload.set(w.id, id);
    const el = this.b.elements.get(id)!;
    if (intermediate) el.intermediate = true;
    if (sc) {
      const nonRootLoc = sc.locs.runAsNonRoot ?? sc.locs.runAsUser;
      if (runsAsRoot === false) this.b.control(el, { kind: 'non-root', text: sc.runAsNonRoot ? 'runAsNonRoot: true' : `runs as user ${sc.runAsUser}`, ...(nonRootLoc ? { loc: nonRootLoc } : {}) });
      if (sc.allowPrivilegeEscalation === false && sc.privileged !== true) {
        const loc = sc.locs.allowPrivilegeEscalation;
        this.b.control(el, { kind: 'no-privilege-escalation', text: 'allowPrivilegeEscalation: false', ...(loc ? { loc } : {}) });
      }
      if (sc.readOnlyRootFilesystem === true) {
        const loc = sc.locs.readOnlyRootFilesystem;
        this.b.control(el, { kind: 'read-only-root-fs', text: 'readOnlyRootFilesystem: true', ...(loc ? { loc } : {}) });
      }
    }
    const limits = w.container?.resources.limits ?? {};
    if (limits.cpu && limits.memory) {
      const loc = w.container?.resources.loc ?? limits.memory.loc;
      this.b.control(el, { kind: 'resource-limits', text: `limits cpu ${limits.cpu.value}, memory ${limits.memory.value}`, loc });
    }
  }

  // Services and their clients -----------------------------------------------------------------

  private addService(s: ServiceLaunchFact): void {
    const hostId = this.workloadElement(s.workloadId, s.loc);
    const host = hostId ? this.b.elements.get(hostId) : undefined;
    const role = ROLE_OF_SERVICE[s.service];
    const exposed = !!s.bind;
    let id: string;
    if (host && host.role !== 'image-build') {
      if (PROMOTABLE.has(host.role)) host.role = role;
      addLocs(host.evidence, [s.loc]);
      id = host.id;
    } else {
      const file = s.loc.file;
      const name = host ? `${SERVICE_NAMES[s.service]} (image of ${host.name})` : SERVICE_NAMES[s.service];
      id = this.b.element(`runtime|${file}|${s.service}`, {
        kind: 'process',
        role,
        name,
        description: `${SERVICE_NAMES[s.service]} started by ${file}`,
        boundary: host ? this.containerHost() : this.b.elements.get(hostId ?? '')?.boundary,
        evidence: [s.loc],
      });
      if (host) {
        const list = this.buildRuntimes.get(host.id) ?? [];
        if (!list.includes(id)) list.push(id);
        this.buildRuntimes.set(host.id, list);
        this.b.flow({ kind: 'image-pull', source: host.id, target: id, name: 'runs image', evidence: [s.loc] });
      }
    }
    const el = this.b.elements.get(id)!;
    el.properties.authenticated = el.properties.authenticated === false ? false : s.authenticated;
    if (s.authenticated) this.b.control(el, { kind: 'authenticated', text: `${SERVICE_NAMES[s.service]} requires authentication`, loc: s.loc });
    if (!exposed) this.b.control(el, { kind: 'private-network', text: 'bound to the loopback interface only', loc: s.loc });
    this.addClients(id, role, s.loc, exposed ? `${SERVICE_NAMES[s.service]} listens on ${s.bind}` : undefined);
    if (s.service === 'mlflow-server') this.addTrackingStores(id, s);
  }

  /** The command that launched a service, found among the scripts of its workload by location. */
  private launchCommand(s: ServiceLaunchFact): ShellCommand | undefined {
    const visit = (script: ShellScript): ShellCommand | undefined => {
      for (const c of script.commands) {
        if (c.loc.file === s.loc.file && c.loc.start === s.loc.start && c.loc.end === s.loc.end) return c;
        for (const nested of [...(c.inner ? [c.inner] : []), ...c.substitutions]) {
          const found = visit(nested);
          if (found) return found;
        }
      }
      return undefined;
    };
    for (const sf of this.facts.scripts) {
      if (sf.script.loc.file !== s.loc.file || !contains(sf.script.loc, s.loc)) continue;
      const c = visit(sf.script);
      if (c) return c;
    }
    return undefined;
  }

  /** The backend database and artifact store an `mlflow server` command names. */
  private addTrackingStores(serverId: string, s: ServiceLaunchFact): void {
    const words = this.launchCommand(s)?.words ?? [];
    const option = (name: string): Str | undefined => {
      for (let i = 0; i < words.length; i++) {
        const w = words[i];
        if (w.value === name && words[i + 1] && !words[i + 1].dynamic) return { value: words[i + 1].value, loc: words[i + 1].loc };
        if (w.value.startsWith(`${name}=`) && !w.dynamic) return { value: w.value.slice(name.length + 1), loc: w.loc };
      }
      return undefined;
    };
    const backend = option('--backend-store-uri');
    if (backend) {
      const scheme = parseUri(backend.value).scheme;
      const store = scheme && DB_SCHEMES.has(scheme) ? this.databaseElement(backend.value, 'tracking-backend', [backend.loc], serverId) : this.trackingTarget(backend, serverId);
      if (store && store !== serverId) this.b.flow({ kind: 'tracking', source: serverId, target: store, name: 'run metadata', bidirectional: true, ...(scheme ? { protocol: scheme } : {}), evidence: [backend.loc] });
    }
    for (const name of ['--default-artifact-root', '--artifacts-destination']) {
      const root = option(name);
      if (!root) continue;
      const sl = storageLocation(root.value);
      if (sl.local) continue;
      const store = this.storeElement(sl, 'artifact-store', [root.loc]);
      this.b.flow({ kind: 'tracking', source: serverId, target: store, name: 'run artifacts', bidirectional: true, ...(parseUri(root.value).scheme ? { protocol: parseUri(root.value).scheme } : {}), evidence: [root.loc] });
    }
  }

  /** Clients of a service: inference clients for model servers, users for UIs. */
  addClients(serviceId: string, role: ProcessRole, loc: Loc, exposure?: string): void {
    const service = this.b.elements.get(serviceId);
    if (!service) return;
    const inference = role === 'inference-service';
    const clientId = this.b.element(`client|${serviceId}`, {
      kind: 'external-entity',
      role: 'client',
      name: inference ? `Clients of ${service.name}` : `Users of ${service.name}`,
      description: exposure ?? (inference ? 'Applications that send inference requests' : 'People and tools using the service'),
      evidence: [loc],
    });
    if (inference) {
      this.b.flow({ kind: 'inference-request', source: clientId, target: serviceId, evidence: [loc] });
      this.b.flow({ kind: 'inference-response', source: serviceId, target: clientId, evidence: [loc] });
      const payload = this.b.asset('inference-payload', `payload|${serviceId}`, `inference payloads of ${service.name}`, { evidence: [loc] });
      for (const f of this.b.flows.values()) if ((f.kind === 'inference-request' || f.kind === 'inference-response') && (f.source === serviceId || f.target === serviceId) && !f.assets.includes(payload)) f.assets.push(payload);
    } else {
      this.b.flow({ kind: 'inference-request', source: clientId, target: serviceId, name: 'requests', evidence: [loc] });
    }
  }

  // Images -------------------------------------------------------------------------------------

  registryElement(image: Pick<ImageRef, 'registry' | 'repository' | 'unresolved' | 'loc'>): string {
    if (image.unresolved) {
      this.b.note('info', `An image reference holds an unresolved variable; its registry is unknown.`, image.loc);
      return this.b.element('registry|unresolved', {
        kind: 'external-entity',
        role: 'container-registry',
        name: 'Registry of unresolved image references',
        evidence: [image.loc],
      });
    }
    const reg = registryOf(image);
    const boundary = reg.public ? this.internet() : this.orgRegistry(reg.name, reg.provider ?? providerOfHost(reg.host), [image.loc]);
    return this.b.element(`registry|${reg.name}`, {
      kind: 'external-entity',
      role: 'container-registry',
      name: reg.name,
      boundary,
      properties: { publicNetwork: reg.public },
      evidence: [image.loc],
    });
  }

  imageAsset(image: ImageRef): string {
    const reg = registryOf(image);
    const name = `${image.registry ? `${image.registry}/` : ''}${image.repository}${image.tag ? `:${image.tag}` : ''}`;
    return this.b.asset('container-image', `${reg.host}/${image.repository}:${image.tag ?? ''}`, name, {
      format: 'oci-image',
      ...(image.digest ? { hashes: { [image.digest.split(':')[0]]: image.digest.split(':')[1] ?? image.digest } } : {}),
      evidence: [image.loc],
    });
  }

  private addImage(image: ImageRef): void {
    const direct = this.workloadElement(image.workloadId, image.loc);
    // An image declared once for several workloads (MLproject's docker_env) is pulled by each.
    const users = direct
      ? [direct]
      : this.facts.workloads
          .filter((w) => w.image && w.image.loc.file === image.loc.file && w.image.loc.start === image.loc.start && w.image.loc.end === image.loc.end)
          .map((w) => this.b.byWorkload.get(w.id))
          .filter((x): x is string => !!x);
    if (!users.length) {
      this.b.note('info', `The image ${image.raw} is not used by a workload mlsec read; it is not drawn.`, image.loc);
      return;
    }
    for (const target of users) this.imagePull(image, target);
  }

  private imagePull(image: ImageRef, target: string): void {
    const registry = this.registryElement(image);
    const asset = this.imageAsset(image);
    const local = image.registry ? isPrivateHost(image.registry) && /^(localhost|127\.)/.test(hostName(image.registry)) : false;
    this.b.flow({
      kind: 'image-pull',
      source: registry,
      target,
      name: image.role === 'build-base' ? 'base image' : 'image pull',
      protocol: local ? 'http' : 'https',
      encrypted: !local,
      assets: [asset],
      integrity: { digest: !!image.digest, pinned: !!image.digest || (!!image.tag && image.tag !== 'latest') },
      evidence: [image.loc],
    });
  }

  // Package installs ---------------------------------------------------------------------------

  private installTargets(p: PackageInstallFact): string[] {
    const direct = this.workloadElement(p.workloadId, p.loc);
    if (direct) return [direct];
    // An environment file beside MLproject entries or DVC stages is what those entries install.
    const dir = dirOf(p.loc.file);
    const siblings = this.facts.workloads.filter((w) => (w.format === 'mlflow' || w.format === 'dvc') && dirOf(w.loc.file) === dir);
    if (siblings.length) return siblings.map((w) => this.b.byWorkload.get(w.id)!).filter(Boolean);
    return [
      this.b.element(`env-setup|${p.loc.file}`, {
        kind: 'process',
        role: 'environment-setup',
        name: `Install ${baseOf(p.loc.file)}`,
        description: `Installs the packages listed in ${p.loc.file}`,
        boundary: this.workstation(),
        evidence: [p.loc, ...p.packages.filter((x) => x.loc.file === p.loc.file).map((x) => x.loc)],
      }),
    ];
  }

  private addPackageInstall(p: PackageInstallFact): void {
    const targets = this.installTargets(p);
    const named = p.packages.filter((r) => r.kind === 'name');
    const loose = p.packages.some((r) => r.kind === 'url' || r.kind === 'vcs' || r.kind === 'local');
    const pinned = named.length && !loose ? named.every((r) => !!r.pinnedVersion) : named.some((r) => !r.pinnedVersion) || loose ? false : undefined;
    const names = p.packages.map((r) => r.name || r.spec).filter(Boolean).sort();
    const label = names.length > 4 ? `${names.slice(0, 4).join(', ')} +${names.length - 4}` : names.join(', ') || p.manager;
    const indexes: { url?: Str; extra: boolean }[] = p.indexUrls.length ? p.indexUrls.map((u) => ({ url: u, extra: false })) : [{ extra: false }];
    for (const u of p.extraIndexUrls) indexes.push({ url: u, extra: true });
    const trusted = new Set(p.trustedHosts.map((t) => hostName(t.value.toLowerCase())));
    for (const target of targets) {
      const asset = this.b.asset('package', `${p.manager}|${target}|${names.join(',')}`, `${p.manager}: ${label}`, { evidence: [p.loc] });
      this.b.hold(target, asset);
      for (const ix of indexes) {
        const info = packageIndex(p.manager, ix.url?.value);
        const systemManager = p.manager === 'apt' || p.manager === 'apk' || p.manager === 'yum';
        const boundary = info.public ? this.internet() : this.orgRegistry(info.key, info.provider, ix.url ? [ix.url.loc] : undefined);
        const source = this.b.element(`index|${info.key}`, {
          kind: 'external-entity',
          role: 'package-index',
          name: info.name,
          boundary,
          properties: { publicNetwork: info.public },
          evidence: ix.url ? [ix.url.loc] : [p.loc],
        });
        const scheme = info.url ? parseUri(info.url).scheme : undefined;
        const host = info.url ? parseUri(info.url).host : undefined;
        this.b.flow({
          kind: 'package-install',
          source,
          target,
          name: ix.extra ? 'package install (extra index)' : p.atRuntime ? 'package install at step start' : 'package install',
          ...(scheme ? { protocol: scheme } : {}),
          ...(scheme ? { encrypted: scheme === 'https' } : {}),
          ...(host && trusted.has(hostName(host)) ? { tlsVerified: false } : {}),
          assets: [asset],
          integrity: {
            ...(pinned !== undefined ? { pinned } : {}),
            checksum: p.requireHashes,
            ...(systemManager ? { signatureVerified: true } : {}),
          },
          evidence: [p.loc, ...(ix.url ? [ix.url.loc] : []), ...p.trustedHosts.map((t) => t.loc)],
        });
      }
    }
  }

  // Downloads ----------------------------------------------------------------------------------

  /** The element content at a URL comes from: a bucket store, a hub, a git host or a web source. */
  sourceOf(url: Str, payload: 'model' | 'data' | 'archive' | 'script' | 'other', git = false): { id: string; store: boolean } {
    const u = parseUri(url.value);
    const sl = storageLocation(url.value);
    if (isStorageScheme(u.scheme) || (sl.provider && sl.key !== `${u.scheme}://${u.host}`)) {
      return { id: this.storeElement(sl, 'object-store', [url.loc]), store: true };
    }
    if (u.scheme === 'hf' || thirdPartyService(u.host) === 'Hugging Face Hub') {
      return {
        id: this.b.element('hub|huggingface', { kind: 'external-entity', role: 'model-hub', name: 'Hugging Face Hub', boundary: this.thirdParty('Hugging Face Hub'), properties: { publicNetwork: true }, evidence: [url.loc] }),
        store: false,
      };
    }
    const host = u.host ? hostName(u.host) : url.value;
    const role: ElementRole = git || /\.git$/.test(u.path) ? 'git-repository' : payload === 'data' || payload === 'archive' ? 'dataset-source' : 'web-source';
    const zone = this.hostZone(u.host);
    return {
      id: this.b.element(`web|${host}`, {
        kind: 'external-entity',
        role,
        name: host,
        ...(zone ? { boundary: zone } : {}),
        properties: { publicNetwork: !!zone },
        evidence: [url.loc],
      }),
      store: false,
    };
  }

  payloadAsset(url: string, payload: DownloadFact['payload'], loc: Loc): string {
    const kind: AssetKind = payload === 'model' ? 'model' : payload === 'data' || payload === 'archive' ? 'dataset' : 'code';
    const u = parseUri(url);
    const name = baseOf(u.path) || u.host || url;
    return this.b.asset(kind, `uri|${url}`, name, { uri: url, ...(kind === 'model' ? { format: serializationOfPath(u.path) } : {}), evidence: [loc] });
  }

  private addDownload(d: DownloadFact): void {
    const target = this.workloadElement(d.workloadId, d.loc);
    if (!target) return;
    const src = this.sourceOf(d.url, d.payload, d.tool === 'git');
    const scheme = parseUri(d.url.value).scheme;
    const asset = this.payloadAsset(d.url.value, d.payload, d.url.loc);
    const kind: FlowKind = src.store ? (d.payload === 'model' ? 'model-load' : 'data-read') : 'download';
    this.b.flow({
      kind,
      source: src.id,
      target,
      ...(scheme ? { protocol: scheme } : {}),
      ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
      publicNetwork: !src.store && !!this.b.elements.get(src.id)?.boundary,
      assets: [asset],
      integrity: { checksum: d.verified },
      evidence: [d.loc, d.url.loc],
    });
  }

  private addRemoteExec(r: Facts['remoteExecs'][number]): void {
    const target = this.workloadElement(r.workloadId, r.loc);
    if (!target) return;
    const src = r.url
      ? this.sourceOf(r.url, 'script')
      : { id: this.b.element('web|unknown-script', { kind: 'external-entity', role: 'web-source', name: 'Remote script source', evidence: [r.loc] }), store: false };
    const scheme = r.url ? parseUri(r.url.value).scheme : undefined;
    const asset = this.payloadAsset(r.url?.value ?? `${r.fetcher} | ${r.interpreter}`, 'script', r.loc);
    this.b.flow({
      kind: 'download',
      source: src.id,
      target,
      name: `script piped to ${r.interpreter}`,
      ...(scheme ? { protocol: scheme, encrypted: scheme === 'https' } : {}),
      executes: true,
      assets: [asset],
      integrity: { checksum: false },
      evidence: [r.loc],
    });
  }

  // Stores -------------------------------------------------------------------------------------

  storeElement(sl: StorageLocation, role: StoreRole, evidence: Loc[], name?: string): string {
    return this.b.element(`store|${sl.key}`, {
      kind: 'store',
      role,
      name: name ?? sl.name,
      boundary: this.storageZone(sl, evidence),
      evidence,
    });
  }

  private databaseElement(url: string, role: StoreRole, evidence: Loc[], near?: string): string {
    const u = parseUri(url);
    const host = u.host ?? '';
    const db = u.scheme === 'sqlite' ? u.path : `${hostName(host)}${u.path ? `/${u.path.split('/')[0]}` : ''}`;
    const ns = clusterServiceNamespace(host);
    const provider = host ? providerOfHost(host) : undefined;
    const boundary =
      u.scheme === 'sqlite' ? (near ? this.b.elements.get(near)?.boundary : undefined) : ns ? this.namespace(ns) : provider ? this.cloud(provider) : host && /^(localhost|127\.)/.test(host) && near ? this.b.elements.get(near)?.boundary : undefined;
    return this.b.element(`db|${u.scheme}|${db}`, {
      kind: 'store',
      role,
      name: `${u.scheme} ${db}`,
      ...(boundary ? { boundary } : {}),
      properties: { storesCredentials: /:[^@/]+@/.test(url) ? true : undefined },
      evidence,
    });
  }

  private addDataStore(d: DataStoreFact): void {
    const raw = d.url?.value ?? d.name;
    const evidence = [d.loc, ...(d.url ? [d.url.loc] : [])];
    const scheme = parseUri(raw).scheme;
    let id: string;
    if (d.kind === 'dvc-cache') {
      id = this.b.element(`dvc-cache|${raw}`, { kind: 'store', role: 'dvc-cache', name: `DVC cache (${raw})`, boundary: this.workstation(), evidence });
    } else if (d.kind === 'database' || d.kind === 'tracking-backend' || (scheme && DB_SCHEMES.has(scheme))) {
      const near = this.workloadElement(undefined, d.loc);
      id = this.databaseElement(raw, d.kind === 'tracking-backend' ? 'tracking-backend' : 'database', evidence, near);
    } else if (d.kind === 'volume') {
      const w = this.containingWorkload(d.loc);
      const ns = w?.pod?.namespace;
      id = this.b.element(`volume|${ns ?? ''}|${raw}`, { kind: 'store', role: 'volume', name: `volume ${raw}`, boundary: ns ? this.namespace(ns) : CLUSTER_FORMATS.has(w?.format as Format) ? this.cluster() : undefined, evidence });
    } else {
      const role: StoreRole = d.kind === 'artifact-store' ? 'artifact-store' : d.kind === 'model-registry' ? 'model-registry' : 'object-store';
      const sl = storageLocation(raw);
      id = this.storeElement(sl, role, evidence, d.kind === 'dvc-remote' && sl.local ? `DVC remote ${d.name} (${raw})` : undefined);
    }
    const el = this.b.elements.get(id)!;
    if (d.kind === 'dvc-remote') addLocs(el.evidence, this.dvcRemoteSettings(d));
    if (d.holdsCredentials) el.properties.storesCredentials = true;
    if (!d.tlsVerified && !this.storeTlsOff.has(id)) this.storeTlsOff.set(id, d.loc);
    if (d.kind === 'dvc-remote' || d.kind === 'dvc-cache') {
      this.dvcStores.push({ id, fact: d });
      return;
    }
    const user = this.workloadElement(undefined, d.loc);
    // The store a serving component loads its model from is drawn by the model-load flow.
    const loadsModel = this.facts.urls.some((u) => u.role === 'model-storage' && u.url.value === raw && this.workloadElement(u.workloadId, u.url.loc) === user);
    if (user && user !== id && !loadsModel) {
      const kind: FlowKind = d.kind === 'model-registry' ? 'model-publish' : d.kind === 'tracking-backend' || d.kind === 'artifact-store' ? 'tracking' : 'data-write';
      this.b.flow({ kind, source: user, target: id, bidirectional: true, ...(scheme ? { protocol: scheme } : {}), evidence });
    }
  }

  /**
   * The settings of a DVC remote's section (credentials, `ssl_verify`), which lie between its
   * header and the next remote's: they describe the remote, so findings on them land on it.
   */
  private dvcRemoteSettings(d: DataStoreFact): Loc[] {
    const file = d.loc.file;
    const next = Math.min(...this.facts.dataStores.filter((x) => x.kind === 'dvc-remote' && x.loc.file === file && x.loc.start > d.loc.start).map((x) => x.loc.start), Number.MAX_SAFE_INTEGER);
    const inside = (l: Loc) => l.file === file && l.start > d.loc.start && l.end <= next;
    const settings = this.facts.settings
      .filter((x) => (x.origin === 'dvc-remote' || x.origin === 'dvc-config-local') && inside(x.name.loc))
      .map((x) => ({ file, start: x.name.loc.start, end: x.value && x.value.loc.file === file ? x.value.loc.end : x.name.loc.end }));
    return [...settings, ...this.facts.tlsDisables.filter((t) => inside(t.loc)).map((t) => t.loc)];
  }

  /** The store DVC stages read untracked inputs from and push outputs to: the default remote, else the cache. */
  private dvcStore(): string | undefined {
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

  private workspaceFiles(): string {
    return this.b.element('workspace-files', {
      kind: 'store',
      role: 'workspace-files',
      name: 'Repository files',
      description: 'Data and model files kept in the repository checkout',
      boundary: this.workstation(),
    });
  }

  // URLs and settings --------------------------------------------------------------------------

  /** The tracking server a URI names, as a process, third party or store. */
  trackingTarget(url: Str, near?: string): string | undefined {
    const raw = url.value.trim();
    const u = parseUri(raw);
    if (raw === 'databricks' || u.scheme === 'databricks' || thirdPartyService(u.host) === 'Databricks') {
      return this.b.element('tracking|databricks', {
        kind: 'external-entity',
        role: 'third-party-service',
        name: 'Databricks (MLflow tracking)',
        boundary: this.thirdParty('Databricks'),
        properties: { publicNetwork: true },
        evidence: [url.loc],
      });
    }
    if (u.scheme === 'http' || u.scheme === 'https') {
      const host = hostName(u.host ?? '');
      const inCluster = this.clusterServiceWorkload(host);
      if (inCluster) return inCluster.id;
      const tp = thirdPartyService(host);
      if (tp) {
        return this.b.element(`tracking|${host}`, { kind: 'external-entity', role: 'third-party-service', name: `${tp} (${host})`, boundary: this.thirdParty(tp), properties: { publicNetwork: true }, evidence: [url.loc] });
      }
      const ns = clusterServiceNamespace(host);
      const loopback = /^(localhost|127\.)/.test(host);
      const boundary = ns ? this.namespace(ns) : loopback && near ? this.b.elements.get(near)?.boundary : undefined;
      return this.b.element(`tracking|${loopback && near ? `${near}|` : ''}${host}`, {
        kind: 'process',
        role: 'tracking-server',
        name: `MLflow tracking server (${host})`,
        ...(boundary ? { boundary } : {}),
        properties: isPrivateHost(host) ? {} : { publicNetwork: true },
        evidence: [url.loc],
      });
    }
    if (u.scheme && DB_SCHEMES.has(u.scheme)) return this.databaseElement(raw, 'tracking-backend', [url.loc], near);
    if (!u.scheme || u.scheme === 'file') {
      return this.b.element(`mlruns|${u.path}`, { kind: 'store', role: 'artifact-store', name: `MLflow runs (${u.path || raw})`, boundary: this.workstation(), evidence: [url.loc] });
    }
    return undefined;
  }

  private addTracking(url: Str, workloadId: string | undefined): void {
    const owner = this.workloadElement(workloadId, url.loc);
    // An image's environment is used by the containers that run it, not by its build.
    const from = owner ? this.buildRuntimes.get(owner)?.[0] ?? owner : undefined;
    const to = this.trackingTarget(url, from);
    if (!from || !to || from === to) return;
    const scheme = parseUri(url.value).scheme;
    const inCluster = scheme === 'http' || scheme === 'https' ? this.clusterServiceWorkload(parseUri(url.value).host ?? '') : undefined;
    this.b.flow({
      kind: 'tracking',
      source: from,
      target: to,
      ...(scheme ? { protocol: scheme } : {}),
      ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
      evidence: [url.loc],
      ...(inCluster ? { join: { kind: 'service-name', reason: inCluster.reason, evidence: [url.loc, ...inCluster.evidence] } } : {}),
    });
    const el = this.b.elements.get(from);
    if (el) this.b.control(el, { kind: 'tracked-run', text: `runs are recorded in ${this.b.elements.get(to)?.name}`, loc: url.loc });
  }

  private addUrl(u: UrlFact): void {
    switch (u.role) {
      case 'tracking-server':
        this.addTracking(u.url, u.workloadId);
        return;
      case 'model-storage': {
        const sl = storageLocation(u.url.value);
        if (sl.local) return;
        const store = this.storeElement(sl, 'object-store', [u.url.loc]);
        const target = this.workloadElement(u.workloadId, u.url.loc);
        if (target && this.b.elements.get(target)?.role === 'inference-service') this.modelLoad(store, target, u.url.value, u.url.loc);
        return;
      }
      case 'data-dependency': {
        const target = this.workloadElement(u.workloadId, u.url.loc);
        const src = this.sourceOf(u.url, 'data');
        if (target && src.id !== target) {
          const scheme = parseUri(u.url.value).scheme;
          this.b.flow({
            kind: src.store ? 'data-read' : 'download',
            source: src.id,
            target,
            ...(scheme ? { protocol: scheme } : {}),
            ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
            assets: [this.payloadAsset(u.url.value, 'data', u.url.loc)],
            evidence: [u.url.loc],
          });
        }
        return;
      }
      case 'artifact-store':
      case 'data-remote': {
        const sl = storageLocation(u.url.value);
        const store = this.storeElement(sl, u.role === 'artifact-store' ? 'artifact-store' : 'object-store', [u.url.loc]);
        const from = this.workloadElement(u.workloadId, u.url.loc);
        if (from && u.role === 'artifact-store') this.b.flow({ kind: 'tracking', source: from, target: store, name: 'artifacts', evidence: [u.url.loc] });
        return;
      }
      case 'registry': {
        const parts = /^(?:[a-z]+:\/\/)?([^/]+)(?:\/(.*))?$/.exec(u.url.value.trim());
        if (parts) this.registryElement({ registry: parts[1], repository: parts[2] ?? '', unresolved: false, loc: u.url.loc });
        return;
      }
      default:
        return;
    }
  }

  private addSetting(s: SettingFact): void {
    const target = this.workloadElement(s.workloadId, s.name.loc);
    const name = s.name.value;
    if (/^MLFLOW_TRACKING_URI$/i.test(name) && s.value && !s.referenced) {
      this.addTracking(s.value, s.workloadId);
      return;
    }
    if (!target) return;
    if (s.referenced) {
      const w = this.workloadFact(target);
      const ns = w?.pod?.namespace;
      const inCluster = w && CLUSTER_FORMATS.has(w.format);
      const store = this.b.element(`secrets|${inCluster ? `k8s|${ns ?? ''}` : w?.format ?? 'other'}`, {
        kind: 'store',
        role: 'secret-store',
        name: inCluster ? `Kubernetes Secrets${ns ? ` (${ns})` : ''}` : 'Secret store',
        boundary: inCluster ? (ns ? this.namespace(ns) : this.cluster()) : this.b.elements.get(target)?.boundary,
        properties: { storesCredentials: true },
        evidence: [s.name.loc],
      });
      const asset = this.b.asset('credential', `secret|${name}`, name, { evidence: [s.name.loc] });
      this.b.hold(store, asset);
      this.b.flow({ kind: 'secret-mount', source: store, target, assets: [asset], evidence: [s.name.loc] });
      const el = this.b.elements.get(target)!;
      this.b.control(el, { kind: 'secret-reference', text: `${name} comes from a secret reference`, loc: s.name.loc });
      return;
    }
    if (s.value && s.value.value && CREDENTIAL_NAME.test(name)) {
      const el = this.b.elements.get(target)!;
      el.properties.storesCredentials = true;
      const asset = this.b.asset('credential', `literal|${s.name.loc.file}|${name}`, name, { evidence: [s.name.loc] });
      this.b.hold(target, asset);
    }
  }

  // Pod parts: volumes, host access ------------------------------------------------------------

  private addPodParts(w: WorkloadFact): void {
    const target = this.b.byWorkload.get(w.id);
    if (!target || !w.pod) return;
    const ns = w.pod.namespace;
    for (const v of w.pod.volumes) {
      const mounts = (w.container?.mounts ?? []).filter((m) => m.name === v.name);
      if (w.container && !mounts.length) continue;
      const readOnly = mounts.length > 0 && mounts.every((m) => m.readOnly);
      const evidence = [v.loc, ...mounts.map((m) => m.loc)];
      if (v.kind === 'hostPath') {
        const store = this.b.element(`hostpath|${v.path ?? v.name}`, { kind: 'store', role: 'host-path', name: `host path ${v.path ?? v.name}`, boundary: this.node(), evidence });
        this.b.flow({ kind: 'host-access', source: store, target, bidirectional: !readOnly, evidence });
      } else if (v.kind === 'pvc') {
        const store = this.b.element(`volume|${ns ?? ''}|${v.path ?? v.name}`, { kind: 'store', role: 'volume', name: `volume ${v.path ?? v.name}`, boundary: ns ? this.namespace(ns) : this.cluster(), evidence });
        if (readOnly) this.b.flow({ kind: 'data-read', source: store, target, evidence });
        else this.b.flow({ kind: 'data-write', source: target, target: store, bidirectional: true, evidence });
      } else if (v.kind === 'secret') {
        const store = this.b.element(`secrets|k8s|${ns ?? ''}`, {
          kind: 'store',
          role: 'secret-store',
          name: `Kubernetes Secrets${ns ? ` (${ns})` : ''}`,
          boundary: ns ? this.namespace(ns) : this.cluster(),
          properties: { storesCredentials: true },
          evidence,
        });
        const asset = this.b.asset('credential', `secret-volume|${v.path ?? v.name}`, v.path ?? v.name, { evidence });
        this.b.hold(store, asset);
        this.b.flow({ kind: 'secret-mount', source: store, target, assets: [asset], evidence });
      }
    }
    const hostNs = [w.pod.hostNetwork, w.pod.hostPID, w.pod.hostIPC].filter((s): s is Str => s?.value === 'true');
    if (hostNs.length) {
      const node = this.b.element('host|kubernetes-node', { kind: 'process', role: 'container', name: 'Node host namespaces', description: 'The node’s network, process and IPC namespaces', boundary: this.node(), evidence: hostNs.map((s) => s.loc) });
      this.b.flow({ kind: 'host-access', source: node, target, bidirectional: true, evidence: hostNs.map((s) => s.loc) });
    }
  }

  // Models -------------------------------------------------------------------------------------

  modelLoad(store: string, target: string, uri: string, loc: Loc, model?: ModelFact): string {
    const u = parseUri(uri);
    const format = model?.serialization ?? serializationOfPath(u.path);
    const asset = this.b.asset('model', `uri|${uri}`, baseOf(u.path) || uri, { uri, ...(format ? { format } : {}), evidence: [loc] });
    this.b.hold(store, asset);
    const scheme = u.scheme;
    const flow = this.b.flow({
      kind: 'model-load',
      source: store,
      target,
      ...(scheme ? { protocol: scheme } : {}),
      ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
      assets: [asset],
      evidence: [loc],
    });
    if (!this.modelLoads.some((m) => m.flow === flow && m.asset === asset)) this.modelLoads.push({ flow, asset, uri, loc });
    return flow;
  }

  private addModel(m: ModelFact): void {
    const u = parseUri(m.path);
    if (m.source === 'kserve' || m.source === 'seldon' || (m.source === 'kfp' && u.scheme)) {
      const target = this.workloadElement(undefined, m.loc);
      let store: string;
      if (u.scheme === 'pvc') {
        const w = target ? this.workloadFact(target) : undefined;
        const ns = w?.pod?.namespace;
        store = this.b.element(`volume|${ns ?? ''}|${u.host}`, { kind: 'store', role: 'volume', name: `volume ${u.host}`, boundary: ns ? this.namespace(ns) : this.cluster(), evidence: [m.loc] });
      } else if (u.scheme === 'models' || u.scheme === 'runs') {
        store = this.b.element('mlflow-registry', { kind: 'store', role: 'model-registry', name: 'MLflow model registry', evidence: [m.loc] });
      } else if (u.scheme === 'hf' || thirdPartyService(u.host) === 'Hugging Face Hub') {
        store = this.sourceOf({ value: m.path, loc: m.loc }, 'model').id;
      } else {
        store = this.storeElement(storageLocation(m.path), 'object-store', [m.loc]);
      }
      if (target) this.modelLoad(store, target, m.path, m.loc, m);
      else this.b.hold(store, this.b.asset('model', `uri|${m.path}`, baseOf(u.path) || m.path, { uri: m.path, evidence: [m.loc] }));
      return;
    }
    const path = normalisePath(m.path);
    const format = m.serialization ?? serializationOfPath(path);
    const asset = this.b.asset('model', `path|${path}`, baseOf(path), { uri: path, ...(format ? { format } : {}), evidence: [m.loc] });
    if (!this.lineage.some((l) => l.direction === 'output' && (normalisePath(l.path) === path || path.startsWith(`${normalisePath(l.path)}/`)))) {
      this.b.hold(this.workspaceFiles(), asset);
    }
  }

  // Lineage ------------------------------------------------------------------------------------

  private lineageAsset(l: LineageFact): string {
    const path = normalisePath(l.path);
    const kind = assetKindOfPath(path);
    const u = parseUri(path);
    const model = this.facts.models.find((m) => normalisePath(m.path) === path);
    const format = kind === 'model' ? model?.serialization ?? serializationOfPath(path) : undefined;
    return this.b.asset(kind, u.scheme ? `uri|${l.path}` : `path|${path}`, u.scheme ? l.path : path, {
      ...(u.scheme ? { uri: l.path } : { uri: path }),
      hashes: l.hashes,
      ...(format ? { format } : {}),
      evidence: [l.loc],
    });
  }

  private addLineage(lineage: LineageFact[]): void {
    const outputs = lineage.filter((l) => l.direction === 'output');
    const inputs = lineage.filter((l) => l.direction === 'input');
    const consumed = new Set<LineageFact>();
    for (const inp of inputs) {
      const consumer = this.b.byWorkload.get(inp.workloadId);
      if (!consumer) continue;
      const path = normalisePath(inp.path);
      const kind = assetKindOfPath(path);
      const asset = this.lineageAsset(inp);
      if (kind === 'code') {
        this.b.hold(consumer, asset);
        continue;
      }
      const hashed = Object.keys(inp.hashes).length > 0;
      const producers = outputs.filter((o) => {
        if (o.workloadId === inp.workloadId) return false;
        const op = normalisePath(o.path);
        return op === path || path.startsWith(`${op}/`) || op.startsWith(`${path}/`);
      });
      if (producers.length) {
        for (const o of producers) {
          consumed.add(o);
          const producer = this.b.byWorkload.get(o.workloadId);
          if (!producer) continue;
          const pw = this.workloadById.get(o.workloadId);
          const cw = this.workloadById.get(inp.workloadId);
          this.b.flow({
            kind: 'artifact-handover',
            source: producer,
            target: consumer,
            assets: [asset, this.lineageAsset(o)].filter((a, i, all) => all.indexOf(a) === i),
            integrity: { checksum: hashed && Object.keys(o.hashes).length > 0 },
            evidence: [o.loc, inp.loc],
            join: { kind: 'lineage', reason: `${pw?.name ?? 'a step'} writes ${normalisePath(o.path)} and ${cw?.name ?? 'a step'} reads ${path}`, evidence: [o.loc, inp.loc] },
          });
        }
        continue;
      }
      const u = parseUri(inp.path);
      if (u.scheme) {
        const src = this.sourceOf({ value: inp.path, loc: inp.loc }, kind === 'model' ? 'model' : 'data', u.scheme === 'git' || /\.git$/.test(u.path));
        this.b.flow({
          kind: src.store ? (kind === 'model' ? 'model-load' : 'data-read') : 'download',
          source: src.id,
          target: consumer,
          protocol: u.scheme,
          ...(u.scheme === 'http' || u.scheme === 'https' ? { encrypted: u.scheme === 'https' } : {}),
          assets: [asset],
          integrity: { checksum: hashed },
          evidence: [inp.loc],
        });
        if (src.store) this.b.hold(src.id, asset);
        continue;
      }
      const w = this.workloadById.get(inp.workloadId);
      const store = w?.format === 'dvc' ? this.dvcStore() ?? this.workspaceFiles() : this.workspaceFiles();
      this.b.hold(store, asset);
      this.b.flow({ kind: kind === 'model' ? 'model-load' : 'data-read', source: store, target: consumer, assets: [asset], integrity: { checksum: hashed }, evidence: [inp.loc] });
    }
    for (const o of outputs) {
      if (consumed.has(o)) continue;
      const producer = this.b.byWorkload.get(o.workloadId);
      if (!producer) continue;
      const path = normalisePath(o.path);
      const kind = assetKindOfPath(path);
      const asset = this.lineageAsset(o);
      const u = parseUri(o.path);
      const hashed = Object.keys(o.hashes).length > 0;
      let store: string | undefined;
      if (u.scheme && (isStorageScheme(u.scheme) || storageLocation(o.path).provider)) store = this.storeElement(storageLocation(o.path), 'object-store', [o.loc]);
      else if (!u.scheme) {
        const w = this.workloadById.get(o.workloadId);
        store = w?.format === 'dvc' ? this.dvcStore() ?? this.workspaceFiles() : undefined;
      }
      if (!store) continue;
      this.b.hold(store, asset);
      this.b.flow({ kind: kind === 'model' ? 'model-publish' : 'data-write', source: producer, target: store, assets: [asset], integrity: { checksum: hashed }, evidence: [o.loc] });
    }
  }

  private addTaskDependencies(): void {
    for (const w of this.facts.workloads) {
      const target = this.b.byWorkload.get(w.id);
      if (!target) continue;
      for (const dep of w.dependsOn) {
        const source = this.b.byWorkload.get(dep);
        if (!source || source === target) continue;
        const exists = [...this.b.flows.values()].some((f) => f.kind === 'artifact-handover' && f.source === source && f.target === target);
        if (exists) continue;
        const d = this.workloadById.get(dep);
        this.b.flow({
          kind: 'artifact-handover',
          source,
          target,
          name: 'task outputs',
          evidence: [w.anchor],
          join: { kind: 'task-dependency', reason: `${w.name} runs after ${d?.name ?? dep} and may read its outputs`, evidence: [w.anchor] },
        });
      }
    }
  }

  // Transport ----------------------------------------------------------------------------------

  private applyTlsDisable(t: TlsDisableFact): void {
    const all = [...this.b.flows.values()];
    let hit = all.filter((f) => f.evidence.some((l) => overlaps(l, t.loc)));
    if (!hit.length) {
      const owner = this.workloadElement(t.workloadId, t.loc);
      if (!owner) return;
      const kinds = tlsKinds(t.what);
      hit = all.filter((f) => (f.target === owner || f.source === owner) && kinds.includes(f.kind));
    }
    for (const f of hit) {
      f.tlsVerified = false;
      addLocs(f.evidence, [t.loc]);
    }
  }

  private applyStoreTls(): void {
    for (const [store, loc] of this.storeTlsOff) {
      for (const f of this.b.flows.values()) {
        if (f.source !== store && f.target !== store) continue;
        f.tlsVerified = false;
        addLocs(f.evidence, [loc]);
      }
    }
  }
}

/** Which flows a TLS switch affects, from what was written. */
function tlsKinds(what: string): FlowKind[] {
  if (/pip|trusted-host|conda|uv\b/i.test(what)) return ['package-install'];
  if (/MLFLOW/i.test(what)) return ['tracking', 'model-publish'];
  if (/curl|wget|--insecure|no-check-certificate/i.test(what)) return ['download'];
  if (/git/i.test(what)) return ['download'];
  if (/aws|s3|ssl_verify|dvc/i.test(what)) return ['data-read', 'data-write', 'model-load', 'model-publish'];
  return ['package-install', 'download', 'data-read', 'data-write', 'model-load', 'model-publish', 'tracking'];
}

export type { Flow };
