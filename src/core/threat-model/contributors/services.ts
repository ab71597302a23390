// Contributor: the services workloads launch (MLflow, Jupyter, model servers…): the workload
// itself promoted to the service, or a runtime process of the image a Dockerfile builds, with
// its clients, its authentication and exposure, and an MLflow server's stores.

import type { ServiceLaunchFact, ShellCommand, ShellScript, Str } from '../../facts/model';
import { connectionEncryption } from '../../facts/connections';
import { parseUri, storageLocation } from '../classify';
import type { InferenceContext } from '../context';
import { addLocs } from '../builder';
import { contains } from '../locs';
import type { ElementRole, ProcessRole } from '../model';
import { addClients, databaseElement, DB_SCHEMES, storeElement, trackingTarget } from '../parts';
import type { Contributor } from './contributor';

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

/** The element that runs the service: its workload, promoted, or a runtime process of the image it builds. */
function serviceElement(ctx: InferenceContext, s: ServiceLaunchFact, role: ProcessRole): string {
  const b = ctx.b;
  const hostId = ctx.workloadElement(s.workloadId, s.loc);
  const host = hostId ? b.elements.get(hostId) : undefined;
  if (host && host.role !== 'image-build') {
    if (PROMOTABLE.has(host.role)) host.role = role;
    addLocs(host.evidence, [s.loc]);
    return host.id;
  }
  const file = s.loc.file;
  const name = host ? `${SERVICE_NAMES[s.service]} (image of ${host.name})` : SERVICE_NAMES[s.service];
  const id = b.element(`runtime|${file}|${s.service}`, {
    kind: 'process',
    role,
    name,
    description: `${SERVICE_NAMES[s.service]} started by ${file}`,
    boundary: host ? ctx.zones.containerHost() : b.elements.get(hostId ?? '')?.boundary,
    evidence: [s.loc],
  });
  if (host) {
    const list = ctx.buildRuntimes.get(host.id) ?? [];
    if (!list.includes(id)) list.push(id);
    ctx.buildRuntimes.set(host.id, list);
    b.flow({ kind: 'image-pull', source: host.id, target: id, name: 'runs image', evidence: [s.loc] });
  }
  return id;
}

function addService(ctx: InferenceContext, s: ServiceLaunchFact): void {
  const role = ROLE_OF_SERVICE[s.service];
  const exposed = !!s.bind;
  const id = serviceElement(ctx, s, role);
  const el = ctx.b.elements.get(id)!;
  el.properties.authenticated = el.properties.authenticated === false ? false : s.authenticated;
  if (s.authenticated) ctx.b.control(el, { kind: 'authenticated', text: `${SERVICE_NAMES[s.service]} requires authentication`, loc: s.loc });
  if (!exposed) ctx.b.control(el, { kind: 'private-network', text: 'bound to the loopback interface only', loc: s.loc });
  addClients(ctx, id, role, s.loc, exposed ? `${SERVICE_NAMES[s.service]} listens on ${s.bind}` : undefined);
  if (s.service === 'mlflow-server') addTrackingStores(ctx, id, s);
}

/** The command that launched a service, found among the scripts of its file by location. */
function launchCommand(ctx: InferenceContext, s: ServiceLaunchFact): ShellCommand | undefined {
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
  for (const sf of ctx.index.scriptsIn(s.loc.file)) {
    if (!contains(sf.script.loc, s.loc)) continue;
    const c = visit(sf.script);
    if (c) return c;
  }
  return undefined;
}

/**
 * Whether a URI with unresolved expansions still names its store: the scheme and host are
 * written out and only the credentials or path are variables (`postgresql://u:$(PASSWORD)@db/x`),
 * so a password kept out of the file does not hide the database.
 */
function staticAddress(value: string): boolean {
  const u = parseUri(value);
  return !!u.scheme && !!u.host && !/[$`]/.test(u.scheme + u.host);
}

/** The backend database and artifact store an `mlflow server` command names. */
function addTrackingStores(ctx: InferenceContext, serverId: string, s: ServiceLaunchFact): void {
  const words = launchCommand(ctx, s)?.words ?? [];
  const option = (name: string): Str | undefined => {
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const next = words[i + 1];
      if (w.value === name && next && (!next.dynamic || staticAddress(next.value))) return { value: next.value, loc: next.loc };
      if (w.value.startsWith(`${name}=`) && (!w.dynamic || staticAddress(w.value.slice(name.length + 1)))) return { value: w.value.slice(name.length + 1), loc: w.loc };
    }
    return undefined;
  };
  const backend = option('--backend-store-uri');
  if (backend) {
    const scheme = parseUri(backend.value).scheme;
    const store = scheme && DB_SCHEMES.has(scheme) ? databaseElement(ctx, backend.value, 'tracking-backend', [backend.loc], serverId) : trackingTarget(ctx, backend, serverId);
    const encrypted = connectionEncryption(backend.value);
    if (store && store !== serverId) {
      ctx.b.flow({
        kind: 'tracking',
        source: serverId,
        target: store,
        name: 'run metadata',
        bidirectional: true,
        ...(scheme ? { protocol: scheme } : {}),
        ...(encrypted === undefined ? {} : { encrypted }),
        evidence: [backend.loc],
      });
    }
  }
  for (const name of ['--default-artifact-root', '--artifacts-destination']) {
    const root = option(name);
    if (!root) continue;
    const sl = storageLocation(root.value);
    if (sl.local) continue;
    const store = storeElement(ctx, sl, 'artifact-store', [root.loc]);
    const scheme = parseUri(root.value).scheme;
    ctx.b.flow({ kind: 'tracking', source: serverId, target: store, name: 'run artifacts', bidirectional: true, ...(scheme ? { protocol: scheme } : {}), evidence: [root.loc] });
  }
}

export const services: Contributor = {
  id: 'services',
  description: 'The services workloads launch, with their clients, authentication, exposure and an MLflow server’s stores; the clients of inference services.',
  contribute(ctx) {
    for (const s of ctx.facts.services) addService(ctx, s);
    for (const w of ctx.facts.workloads) if (w.kind === 'inference-service') addClients(ctx, ctx.b.byWorkload.get(w.id)!, 'inference-service', w.anchor);
  },
};
