// The security settings of a compose service, mapped onto the container and pod facts the
// container rules read: `privileged`, `cap_add`/`cap_drop`, `security_opt` (seccomp, no-new-privileges),
// `read_only`, `user`, and the host namespaces of `network_mode`, `pid` and `ipc`.

import type { Node, YAMLMap } from 'yaml';
import type { PodFacts, SecurityContextFact, Str } from '../../facts/model';
import type { ContainerSecurityFact } from '../../facts/pods';
import { removePair, removeSeqItem } from '../yaml/edit';
import type { YamlDoc } from '../yaml/nodes';

/** A `user:` value that is root: `root`, `0`, with or without a group. */
function userId(user: string): number | undefined {
  const u = user.trim().split(':')[0];
  if (u === 'root') return 0;
  return /^\d+$/.test(u) ? Number(u) : undefined;
}

/** The option's name and value: `seccomp:unconfined`, `seccomp=unconfined`, `no-new-privileges`. */
function option(s: Str): { key: string; value?: Str } {
  const m = /^\s*([\w-]+)\s*[:=]\s*(.*?)\s*$/.exec(s.value);
  if (!m) return { key: s.value.trim() };
  const at = s.value.indexOf(m[2], m[1].length);
  return { key: m[1], value: { value: m[2], loc: { file: s.loc.file, start: s.loc.start + at, end: s.loc.start + at + m[2].length } } };
}

function securityOptions(y: YamlDoc, service: Node, sc: SecurityContextFact): void {
  const seq = y.seq(y.get(service, 'security_opt'));
  seq?.items.forEach((raw, i) => {
    const s = y.str(raw);
    if (!s) return;
    const exact = y.text.slice(s.loc.start, s.loc.end) === s.value;
    const { key, value } = option(s);
    if (key === 'seccomp' && value) {
      const removal = removeSeqItem(y, seq, i);
      sc.seccomp = { value: exact ? value : s, level: 'container', ...(removal ? { removal } : {}) };
    } else if (key === 'no-new-privileges') {
      sc.allowPrivilegeEscalation = value ? value.value !== 'true' && value.value !== '' : false;
      sc.locs.allowPrivilegeEscalation = s.loc;
    }
  });
}

/** The container security context of a service. */
export function readSecurityContext(y: YamlDoc, service: Node): SecurityContextFact {
  const sc: SecurityContextFact = { capabilitiesAdd: [], capabilitiesDrop: [], locs: {} };
  const privileged = y.bool(y.get(service, 'privileged'));
  if (privileged) {
    sc.privileged = privileged.value;
    sc.locs.privileged = privileged.loc;
  }
  const readOnly = y.bool(y.get(service, 'read_only'));
  if (readOnly) {
    sc.readOnlyRootFilesystem = readOnly.value;
    sc.locs.readOnlyRootFilesystem = readOnly.loc;
  }
  const user = y.str(y.get(service, 'user'));
  const uid = user ? userId(user.value) : undefined;
  if (user && uid !== undefined) {
    sc.runAsUser = uid;
    sc.locs.runAsUser = user.loc;
  }
  for (const [key, list] of [
    ['cap_add', sc.capabilitiesAdd],
    ['cap_drop', sc.capabilitiesDrop],
  ] as const) {
    for (const c of y.items(y.get(service, key))) {
      const s = y.str(c);
      if (s) list.push(s);
    }
  }
  securityOptions(y, service, sc);
  return sc;
}

/** `cap_add` entries with their removals, and the removal of `privileged: true`, for the container fixes. */
export function securityEdits(y: YamlDoc, service: YAMLMap, security: ContainerSecurityFact): void {
  const addSeq = y.seq(y.get(service, 'cap_add'));
  addSeq?.items.forEach((it, i) => {
    const s = y.str(it);
    if (!s) return;
    const removal = removeSeqItem(y, addSeq, i);
    security.capabilitiesAdd.push({ value: s, ...(removal ? { removal } : {}) });
  });
  const pair = y.pair(service, 'privileged');
  const removal = pair && y.bool(pair.value)?.value === true ? removePair(y, service, pair) : undefined;
  if (removal) security.privilegedRemoval = removal;
}

const NAMESPACES = [
  ['network_mode', 'hostNetwork'],
  ['pid', 'hostPID'],
  ['ipc', 'hostIPC'],
] as const;

/** The host namespaces a service shares (`network_mode: host`, `pid: host`, `ipc: host`), with the edits that remove them. */
export function readNamespaces(y: YamlDoc, service: YAMLMap, pod: PodFacts): void {
  for (const [key, field] of NAMESPACES) {
    const pair = y.pair(service, key);
    const s = pair ? y.str(pair.value) : undefined;
    if (!pair || !s || s.value.trim() !== 'host') continue;
    pod[field] = { value: 'true', loc: s.loc };
    const removal = removePair(y, service, pair);
    if (removal) (pod.hostNamespaceRemovals ??= {})[field] = removal;
  }
}
