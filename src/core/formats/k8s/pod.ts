// Reads a Kubernetes pod spec (or anything shaped like one: pod templates, Argo templates, KServe
// predictors) into workload, image, setting and volume facts, with the edits the container fixes need.

import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ContainerFacts, ImageRef, PodFacts, ScriptOrigin, SecurityContextFact, SettingFact, Str, VolumeFact, VolumeMountFact, WorkloadFact } from '../../facts/model';
import type { Fix, Loc } from '../../model';
import { fillEmptyPair, insertMapping, insertPair, removeSeqItem, replacePair, replaceScalar, type YamlEdit } from '../yaml/edit';
import type { YamlDoc } from '../yaml/nodes';
import type { ContainerSecurityFact, PodFact, SecurityField } from '../../facts/pods';
import { FactsBuilder } from './facts';
import { imageRef } from './image';
import { addCommandFacts } from './commands';
import { isCredentialName } from '../../facts/classify';
import { appendAll } from '../../collections';

/** How a pod spec is read: what it belongs to and what it inherits. */
export interface PodContext {
  b: FactsBuilder;
  /** Unique id of the pod within the file, e.g. `deploy.yaml#0/Deployment/web`. */
  podId: string;
  kind: string;
  name: string;
  workloadKind: WorkloadFact['kind'];
  /** Where pod-level "missing" findings are shown. */
  anchor: Loc;
  /** The mapping a `serviceAccountName` fix inserts into (the pod spec, or the Argo workflow spec). */
  serviceAccountTarget?: YAMLMap;
  serviceAccountApplies: boolean;
  scriptOrigin: ScriptOrigin;
  imageRole: ImageRef['role'];
  namespace?: string;
  /** The pod template's labels. */
  labels?: Record<string, string>;
  /** Pod-level settings from an enclosing spec (an Argo workflow spec for its templates). */
  inherited?: Node;
  /** Extra container-like nodes of the pod besides `containers` (KServe `model`, Argo `script`). */
  extraContainers?: ExtraContainer[];
  /** The pod's (or pod template's) `metadata.annotations` mapping. */
  annotations?: Node;
  /** A container of the pod talks to the Kubernetes API. */
  needsApi?: boolean;
}

/** A container-like node outside `containers`, and whether the manifest controls its securityContext and limits. */
export interface ExtraContainer {
  node: Node;
  role?: ImageRef['role'];
  name?: string;
  securityContextApplies?: boolean;
  limitsApply?: boolean;
}

/** A Str for a node, or undefined. */
function strOf(y: YamlDoc, n: unknown): Str | undefined {
  return y.str(n);
}

const SECURITY_FIELDS: SecurityField[] = ['allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'runAsNonRoot'];
const SAFE_VALUE: Record<SecurityField, string> = { allowPrivilegeEscalation: 'false', readOnlyRootFilesystem: 'true', runAsNonRoot: 'true' };

/** Reads a pod spec node and every container in it. Returns the workload ids created. */
export function readPodSpec(pc: PodContext, spec: Node | undefined): string[] {
  const { b } = pc;
  const y = b.y;
  const inh = pc.inherited;
  const pick = (key: string) => (y.pair(spec, key) ? y.get(spec, key) : inh ? y.get(inh, key) : undefined);
  const pickPair = (key: string) => y.pair(spec, key) ?? (inh ? y.pair(inh, key) : undefined);
  const pod: PodFacts = { volumes: [] };
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    const v = y.bool(pick(f));
    if (v) pod[f] = { value: String(v.value), loc: v.loc };
  }
  const saPair = pickPair('serviceAccountName') ?? pickPair('serviceAccount');
  const sa = saPair ? strOf(y, saPair.value) : undefined;
  if (sa) pod.serviceAccountName = sa;
  const automountNode = pick('automountServiceAccountToken');
  const automount = y.bool(automountNode);
  if (automount) pod.automountServiceAccountToken = automount.value;
  if (pc.namespace) pod.namespace = pc.namespace;
  if (pc.labels) pod.labels = pc.labels;
  const specLoc = y.nodeLoc(spec);
  if (specLoc) pod.specLoc = specLoc;
  const hostPaths: PodFact['hostPaths'] = [];
  for (const vs of [y.get(spec, 'volumes'), inh ? y.get(inh, 'volumes') : undefined]) {
    for (const v of y.items(vs)) {
      const vf = readVolume(y, v);
      if (!vf) continue;
      pod.volumes.push(vf);
      const hp = strOf(y, y.path(v, 'hostPath', 'path'));
      if (vf.kind === 'hostPath' && hp) hostPaths.push({ volume: vf.name, path: hp });
    }
  }
  const podSc = y.get(spec, 'securityContext') ?? (inh ? y.get(inh, 'securityContext') : undefined);
  const saTarget = pc.serviceAccountTarget ?? y.map(spec);
  const podFact: PodFact = {
    id: pc.podId,
    format: b.format,
    kind: pc.kind,
    name: pc.name,
    anchor: pc.anchor,
    // A service account written as a template (`{serviceAccount}`, a flow mapping to YAML) is filled in by whoever renders it.
    serviceAccountApplies: pc.serviceAccountApplies && !(saPair && !sa),
    hostPaths,
    ...(sa ? { serviceAccountName: sa } : {}),
    workloadKind: pc.workloadKind,
    ...(pc.namespace ? { namespace: pc.namespace } : {}),
    ...(automount ? { automountToken: { value: automount.value, loc: automount.loc } } : {}),
    ...(pc.needsApi ? { needsApi: true } : {}),
  };
  const automountEdits = automountEdit(y, saTarget, automountNode, !!automount);
  if (automountEdits) podFact.automountEdits = automountEdits;
  if (!sa && saTarget) {
    const e = insertPair(y, saTarget, 'serviceAccountName', `${dnsName(pc.name)}-runner`);
    if (e) podFact.serviceAccountEdits = [e];
  }
  b.facts.pods.push(podFact);
  const ids: string[] = [];
  const groups: [string, 'container' | 'init-container', ImageRef['role']][] = [
    ['initContainers', 'init-container', 'init-container'],
    ['containers', 'container', pc.imageRole],
    ['ephemeralContainers', 'container', 'sidecar'],
  ];
  for (const [key, kind, role] of groups) {
    for (const c of y.items(y.get(spec, key))) {
      const id = readContainer(pc, c, pod, podSc, kind === 'init-container' ? 'init-container' : pc.workloadKind, role);
      if (id) ids.push(id);
    }
  }
  for (const extra of pc.extraContainers ?? []) {
    const id = readContainer(pc, extra.node, pod, podSc, pc.workloadKind, extra.role ?? pc.imageRole, extra);
    if (id) ids.push(id);
  }
  return ids;
}

/** The edit that makes a pod spec say `automountServiceAccountToken: false`: replace a written value, else insert the key. */
function automountEdit(y: YamlDoc, target: YAMLMap | undefined, written: Node | undefined, isBool: boolean): YamlEdit[] | undefined {
  if (written !== undefined) {
    const scalar = isBool ? y.scalar(written) : undefined;
    const e = scalar ? replaceScalar(y, scalar, 'false') : undefined;
    return e ? [e] : undefined;
  }
  const e = target ? insertPair(y, target, 'automountServiceAccountToken', 'false') : undefined;
  return e ? [e] : undefined;
}

function dnsName(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'workload'
  );
}

function readVolume(y: YamlDoc, v: Node): VolumeFact | undefined {
  const name = y.string(y.get(v, 'name'));
  const loc = y.nodeLoc(v);
  if (!name || !loc) return undefined;
  const kinds: [string, VolumeFact['kind']][] = [
    ['hostPath', 'hostPath'],
    ['persistentVolumeClaim', 'pvc'],
    ['secret', 'secret'],
    ['configMap', 'configMap'],
    ['emptyDir', 'emptyDir'],
  ];
  for (const [key, kind] of kinds) {
    if (y.pair(v, key)) {
      const path = kind === 'hostPath' ? y.string(y.path(v, 'hostPath', 'path')) : undefined;
      return { name, kind, loc, ...(path !== undefined ? { path } : {}) };
    }
  }
  return { name, kind: 'other', loc };
}

const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_SECCOMP_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** The effective seccomp profile of a container: its field, its legacy annotation, the pod's field, the pod's annotation. */
function seccompOf(y: YamlDoc, podSc: Node | undefined, sc: Node | undefined, annotations: Node | undefined, name: string | undefined): SecurityContextFact['seccomp'] {
  const field = (n: Node | undefined) => strOf(y, y.path(n, 'seccompProfile', 'type'));
  const annotation = (key: string) => strOf(y, y.get(annotations, key));
  const containerKey = name ? CONTAINER_SECCOMP_ANNOTATION + name : undefined;
  const candidates: [Str | undefined, 'container' | 'pod', string | undefined][] = [
    [field(sc), 'container', undefined],
    [containerKey ? annotation(containerKey) : undefined, 'container', containerKey],
    [field(podSc), 'pod', undefined],
    [annotation(POD_SECCOMP_ANNOTATION), 'pod', POD_SECCOMP_ANNOTATION],
  ];
  for (const [value, level, key] of candidates) if (value) return { value, level, ...(key ? { annotation: key } : {}) };
  return undefined;
}

/** Merges pod-level and container-level security contexts (the container wins), keeping locs. */
function securityContext(y: YamlDoc, podSc: Node | undefined, sc: Node | undefined): SecurityContextFact {
  const out: SecurityContextFact = { capabilitiesAdd: [], capabilitiesDrop: [], locs: {} };
  for (const level of [podSc, sc]) {
    if (!level) continue;
    for (const f of ['runAsNonRoot', 'privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem'] as const) {
      if (level === podSc && f !== 'runAsNonRoot') continue;
      const v = y.bool(y.get(level, f));
      if (v) {
        out[f] = v.value;
        out.locs[f] = v.loc;
      }
    }
    const u = y.int(y.get(level, 'runAsUser'));
    if (u) {
      out.runAsUser = u.value;
      out.locs.runAsUser = u.loc;
    }
  }
  for (const [key, list] of [
    ['add', out.capabilitiesAdd],
    ['drop', out.capabilitiesDrop],
  ] as const) {
    for (const c of y.items(y.path(sc, 'capabilities', key))) {
      const s = strOf(y, c);
      if (s) list.push(s);
    }
  }
  return out;
}

/** Edits that give a container's securityContext `field: value`. */
function securityEdit(y: YamlDoc, container: YAMLMap, field: SecurityField): YamlEdit[] | undefined {
  const value = SAFE_VALUE[field];
  const scPair = y.pair(container, 'securityContext');
  const sc = scPair ? y.node(scPair.value) : undefined;
  if (!scPair) {
    const e = insertMapping(y, container, 'securityContext', [[field, value]]);
    return e ? [e] : undefined;
  }
  if (isMap(sc)) {
    const existing = y.scalar(y.get(sc, field));
    if (existing) {
      const e = replaceScalar(y, existing, value);
      return e ? [e] : undefined;
    }
    const e = insertPair(y, sc, field, value);
    return e ? [e] : undefined;
  }
  if (!sc || (isScalar(sc) && (sc.value === null || sc.value === ''))) {
    const e = fillEmptyPair(y, container, scPair as Pair, [[field, value]]);
    return e ? [e] : undefined;
  }
  return undefined;
}

/** The review fix that replaces `value: x` by a `valueFrom.secretKeyRef` skeleton. */
function secretRemedy(y: YamlDoc, item: YAMLMap, valuePair: Pair, envName: string, secretName: string): Fix | undefined {
  const key = envName.toLowerCase().replace(/_/g, '-');
  const e = replacePair(y, valuePair, `valueFrom:\n  secretKeyRef:\n    name: ${secretName}\n    key: ${key}`, `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${key}}}`, item);
  return e ? { title: 'Move the value to a Kubernetes Secret', kind: 'review', edits: [{ file: y.file, ...e }] } : undefined;
}

/** Environment variables of a container as settings (literal or referenced). */
export function readEnv(b: FactsBuilder, c: Node, workloadId: string, secretName: string): SettingFact[] {
  const y = b.y;
  const out: SettingFact[] = [];
  for (const item of y.items(y.get(c, 'env'))) {
    const name = strOf(y, y.get(item, 'name'));
    if (!name) continue;
    const valuePair = y.pair(item, 'value');
    const from = y.get(item, 'valueFrom');
    const value = valuePair ? strOf(y, valuePair.value) : undefined;
    const s: SettingFact = { name, referenced: !!from, origin: 'k8s-env', workloadId };
    if (value && !from) {
      s.value = value;
      const m = y.map(item);
      if (isCredentialName(name.value) && value.value !== '' && m && valuePair) {
        const fix = secretRemedy(y, m, valuePair, name.value, secretName);
        if (fix) s.remedies = [fix];
      }
    }
    out.push(s);
  }
  for (const item of y.items(y.get(c, 'envFrom'))) {
    for (const ref of ['secretRef', 'configMapRef']) {
      const n = strOf(y, y.path(item, ref, 'name'));
      if (n) out.push({ name: n, referenced: true, origin: 'k8s-env', workloadId });
    }
  }
  return out;
}

function readResources(y: YamlDoc, c: Node): ContainerFacts['resources'] {
  const res = y.get(c, 'resources');
  const out: ContainerFacts['resources'] = { limits: {}, requests: {} };
  const loc = y.keyLoc(y.pair(c, 'resources'));
  if (loc) out.loc = loc;
  for (const part of ['limits', 'requests'] as const) {
    for (const e of y.entries(y.get(res, part))) {
      const s = strOf(y, e.value);
      if (s) out[part][e.key] = s;
    }
  }
  return out;
}

/** Edits that add placeholder cpu and memory limits to a container. */
function limitsEdit(y: YamlDoc, c: YAMLMap): YamlEdit[] | undefined {
  const placeholder: [string, string][] = [
    ['cpu', '"1"'],
    ['memory', '1Gi'],
  ];
  const resPair = y.pair(c, 'resources');
  const res = resPair ? y.node(resPair.value) : undefined;
  if (!resPair) {
    const e = insertMapping(y, c, 'resources', [['limits', placeholder]]);
    return e ? [e] : undefined;
  }
  if (!isMap(res)) return undefined;
  const limits = y.map(y.get(res, 'limits'));
  if (!y.pair(res, 'limits')) {
    const e = insertMapping(y, res, 'limits', placeholder);
    return e ? [e] : undefined;
  }
  if (!limits) return undefined;
  const edits: YamlEdit[] = [];
  for (const [k, v] of placeholder) {
    if (y.pair(limits, k)) continue;
    const e = insertPair(y, limits, k, v);
    if (!e) return undefined;
    edits.push(e);
  }
  // Two insertions after the same last pair merge into one edit.
  if (edits.length === 2 && edits[0].start === edits[1].start) return [{ ...edits[0], newText: edits[0].newText + edits[1].newText }];
  return edits.length ? edits : undefined;
}

/** Reads one container mapping into a WorkloadFact with its container facts. */
export function readContainer(
  pc: PodContext,
  c: Node,
  pod: PodFacts,
  podSc: Node | undefined,
  kind: WorkloadFact['kind'],
  role: ImageRef['role'],
  opts: Omit<ExtraContainer, 'node'> = {},
): string | undefined {
  const { b } = pc;
  const y = b.y;
  const m = y.map(c);
  const loc = y.nodeLoc(c);
  if (!m || !loc) return undefined;
  const nameStr = strOf(y, y.get(c, 'name'));
  // An empty name (`name: ""`, as KFP compiles Argo templates) names nothing: the template's name does.
  const name = (nameStr?.value || opts.name) ?? 'container';
  const id = b.uniqueId(`${pc.podId}/${name}`);
  const firstKey = (m.items[0]?.key as Node | undefined)?.range;
  const anchor = nameStr?.loc ?? (firstKey ? y.loc(firstKey[0], firstKey[1]) : loc);
  const sc = y.get(c, 'securityContext');
  const mounts: VolumeMountFact[] = [];
  for (const vm of y.items(y.get(c, 'volumeMounts'))) {
    const n = y.string(y.get(vm, 'name'));
    const mp = y.string(y.get(vm, 'mountPath'));
    const l = y.nodeLoc(vm);
    if (n && mp !== undefined && l) mounts.push({ name: n, mountPath: mp, readOnly: y.bool(y.get(vm, 'readOnly'))?.value ?? false, loc: l });
  }
  const ports: ContainerFacts['ports'] = [];
  for (const p of y.items(y.get(c, 'ports'))) {
    const cp = y.int(y.get(p, 'containerPort'));
    if (cp) ports.push({ containerPort: cp.value, loc: cp.loc });
  }
  const container: ContainerFacts = { securityContext: securityContext(y, podSc, sc), mappingLoc: loc, mounts, resources: readResources(y, c), ports };
  const seccomp = seccompOf(y, podSc, sc, pc.annotations, nameStr?.value);
  if (seccomp) container.securityContext.seccomp = seccomp;
  const scLoc = y.nodeLoc(sc);
  if (scLoc) container.securityContextLoc = scLoc;
  const w: WorkloadFact = { id, kind, name, format: b.format, loc, anchor, pod, container, dependsOn: [] };
  const img = strOf(y, y.get(c, 'image'));
  if (img) {
    w.image = imageRef(img, role, id);
    b.facts.images.push(w.image);
  }
  b.facts.workloads.push(w);
  const settings = readEnv(b, c, id, `${dnsName(pc.name)}-credentials`);
  appendAll(b.facts.settings, settings);
  addCommandFacts(b, c, id, pc.scriptOrigin, settings);
  const securityEdits: ContainerSecurityFact['securityEdits'] = {};
  for (const f of SECURITY_FIELDS) {
    const e = securityEdit(y, m, f);
    if (e) securityEdits[f] = e;
  }
  const capabilitiesAdd: ContainerSecurityFact['capabilitiesAdd'] = [];
  const addSeq = y.seq(y.path(sc, 'capabilities', 'add'));
  addSeq?.items.forEach((it, i) => {
    const s = strOf(y, it);
    if (!s) return;
    const removal = removeSeqItem(y, addSeq, i);
    capabilitiesAdd.push({ value: s, ...(removal ? { removal } : {}) });
  });
  const security: ContainerSecurityFact = {
    workloadId: id,
    podId: pc.podId,
    name,
    securityAnchor: y.keyLoc(y.pair(c, 'securityContext')) ?? anchor,
    securityContextApplies: opts.securityContextApplies ?? true,
    securityEdits,
    capabilitiesAdd,
    resourcesAnchor: container.resources.loc ?? anchor,
    limitsApply: opts.limitsApply ?? true,
  };
  const le = limitsEdit(y, m);
  if (le) security.limitsEdits = le;
  b.facts.containerSecurity.push(security);
  return id;
}
