// Reads one compose service into a container workload: its image, environment, commands,
// published ports, volumes and security settings, as the facts the container, secrets,
// transport and serving rules read.

import type { Node, Scalar } from 'yaml';
import { appendAll } from '../../collections';
import type { ContainerFacts, PodFacts, ServiceLaunchFact, SettingFact, Str, WorkloadFact } from '../../facts/model';
import type { ContainerSecurityFact, PodFact } from '../../facts/pods';
import { addCommandFacts, addStringScriptFacts } from '../k8s/commands';
import type { FactsBuilder } from '../k8s/facts';
import { imageRef } from '../k8s/image';
import type { YamlDoc } from '../yaml/nodes';
import { readEnvironment } from './env';
import { isLoopbackAddress, readPorts, type PublishedPort } from './ports';
import { readNamespaces, readSecurityContext, securityEdits } from './security';
import { readVolumes } from './volumes';

/** `entrypoint` and `command`: list forms run as exec argv, string forms are read as shell. */
function addCommands(b: FactsBuilder, service: Node, id: string, settings: SettingFact[]): void {
  const y = b.y;
  const lists = ['entrypoint', 'command'].filter((k) => y.seq(y.get(service, k)));
  addCommandFacts(b, service, id, 'container-command', settings, lists);
  for (const key of ['entrypoint', 'command']) {
    const s = y.scalar(y.get(service, key));
    if (s && typeof s.value === 'string' && s.value.trim()) addStringScriptFacts(b, s as Scalar, id, 'container-command');
  }
}

/** Published ports as container ports, with where they are published. */
function containerPorts(ports: readonly PublishedPort[]): ContainerFacts['ports'] {
  const out: ContainerFacts['ports'] = [];
  for (const p of ports) {
    if (p.containerPort === undefined) continue;
    const published = p.unknown ? undefined : p.all ? 'all-interfaces' : isLoopbackAddress(p.hostIp) ? 'loopback' : 'address';
    out.push({ containerPort: p.containerPort, loc: p.loc, ...(published ? { published } : {}) });
  }
  return out;
}

/**
 * A server in a container listens on every interface of the container by design; what exposes it
 * is where the service publishes its ports. A loopback fix binds the published ports to 127.0.0.1,
 * and a service published on loopback only is not exposed beyond the host.
 */
function adjustServices(services: ServiceLaunchFact[], id: string, ports: readonly PublishedPort[]): void {
  const open = ports.filter((p) => p.all);
  const local = ports.length > 0 && ports.every((p) => !p.unknown && isLoopbackAddress(p.hostIp));
  for (const s of services) {
    if (s.workloadId !== id || s.authenticated) continue;
    if (local) s.loopbackOnly = true;
    if (!s.remedy || !/loopback/i.test(s.remedy.title)) continue;
    const edits = open.map((p) => p.loopback);
    if (open.length && edits.every((e) => e)) s.remedy = { title: 'Publish the service’s ports on 127.0.0.1 only', edits: edits.map((e) => e!) };
    else delete s.remedy;
  }
}

/** Reads a service; returns its workload id. */
export function readService(b: FactsBuilder, key: Str, node: Node): string | undefined {
  const y: YamlDoc = b.y;
  const m = y.map(node);
  if (!m) return undefined;
  const name = key.value;
  const id = b.uniqueId(`${b.idPrefix}/services/${name}`);
  const loc = y.nodeLoc(node) ?? key.loc;
  const pod: PodFacts = { volumes: [] };
  const hostPaths: PodFact['hostPaths'] = [];
  const mounts: ContainerFacts['mounts'] = [];
  for (const v of readVolumes(y, node)) {
    pod.volumes.push(v.volume);
    if (v.mount) mounts.push(v.mount);
    if (v.hostPath) hostPaths.push({ volume: v.volume.name, path: v.hostPath });
  }
  readNamespaces(y, m, pod);
  const ports = readPorts(y, node);
  const container: ContainerFacts = { securityContext: readSecurityContext(y, node), mappingLoc: loc, mounts, resources: { limits: {}, requests: {} }, ports: containerPorts(ports) };
  const w: WorkloadFact = { id, kind: 'container', name, format: 'compose', loc, anchor: key.loc, pod, container, dependsOn: [] };
  const img = y.str(y.get(node, 'image'));
  // An image the service builds is a tag of the local build, not a pull.
  if (img && !y.pair(node, 'build')) {
    w.image = imageRef(img, 'container', id);
    b.facts.images.push(w.image);
  }
  b.facts.workloads.push(w);
  b.facts.pods.push({ id, format: 'compose', kind: 'service', name, anchor: key.loc, serviceAccountApplies: false, hostPaths, workloadKind: 'container' });
  const security: ContainerSecurityFact = {
    workloadId: id,
    podId: id,
    name,
    securityAnchor: key.loc,
    securityContextApplies: true,
    securityEdits: {},
    capabilitiesAdd: [],
    resourcesAnchor: key.loc,
    limitsApply: false,
  };
  securityEdits(y, m, security);
  b.facts.containerSecurity.push(security);
  const settings = readEnvironment(y, node, id);
  appendAll(b.facts.settings, settings);
  addCommands(b, node, id, settings);
  adjustServices(b.facts.services, id, ports);
  return id;
}
