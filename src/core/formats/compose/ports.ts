// Published ports of a compose service (`ports:` short and long syntax) with the address each is
// bound to on the host, and the edit that binds one to the host's loopback instead.

import type { Node } from 'yaml';
import type { Str } from '../../facts/model';
import type { SpanEdit } from '../../facts/pods';
import type { Loc } from '../../model';
import { insertPair, replaceScalar } from '../yaml/edit';
import type { YamlDoc } from '../yaml/nodes';

/** One published port. */
export interface PublishedPort {
  containerPort?: number;
  /** The host address as written; empty when none is (Docker then binds every interface). */
  hostIp: string;
  /** Bound to every interface of the host (no address, 0.0.0.0 or ::). */
  all: boolean;
  /** The address cannot be known from the file (`${BIND}:5000:5000`). */
  unknown: boolean;
  loc: Loc;
  /** The edit that binds the port to 127.0.0.1, when it is bound to every interface. */
  loopback?: SpanEdit;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;
const ALL = /^(0\.0\.0\.0|\[?::\]?)?$/;

function firstPort(s: string): number | undefined {
  const m = /^(\d+)/.exec(s.trim());
  return m ? Number(m[1]) : undefined;
}

/** Splits `[ip:][host:]container[/proto]` into its parts. */
function splitShort(spec: string): { ip?: string; container: string } {
  const s = spec.replace(/\/[a-z]+$/i, '');
  const v6 = /^(\[[^\]]*\]):([^:]*):(.+)$/.exec(s);
  if (v6) return { ip: v6[1], container: v6[3] };
  const parts = s.split(':');
  if (parts.length >= 3) return { ip: parts.slice(0, parts.length - 2).join(':'), container: parts[parts.length - 1] };
  return { container: parts[parts.length - 1] };
}

function shortPort(y: YamlDoc, item: Node, s: Str): PublishedPort {
  const { ip, container } = splitShort(s.value.trim());
  const hostIp = ip ?? '';
  const unknown = hostIp.includes('$');
  const all = !unknown && ALL.test(hostIp);
  const port: PublishedPort = { hostIp, all, unknown, loc: s.loc, ...(firstPort(container) !== undefined ? { containerPort: firstPort(container)! } : {}) };
  if (!all || !y.editable) return port;
  const exact = y.text.slice(s.loc.start, s.loc.end) === s.value;
  const scalar = y.scalar(item);
  if (typeof scalar?.value === 'number') {
    const e = replaceScalar(y, scalar, `"127.0.0.1::${s.value}"`);
    if (e) port.loopback = e;
  } else if (exact && ip === undefined) {
    const hostPart = s.value.includes(':') ? '' : ':';
    port.loopback = { start: s.loc.start, end: s.loc.start, newText: `127.0.0.1:${hostPart}` };
  } else if (exact && ip) {
    port.loopback = { start: s.loc.start, end: s.loc.start + ip.length, newText: '127.0.0.1' };
  }
  return port;
}

function longPort(y: YamlDoc, item: Node): PublishedPort | undefined {
  const loc = y.nodeLoc(item);
  const m = y.map(item);
  if (!loc || !m) return undefined;
  const target = y.int(y.get(item, 'target'));
  const ipNode = y.get(item, 'host_ip');
  const ip = y.str(ipNode);
  const hostIp = ip?.value.trim() ?? '';
  const unknown = hostIp.includes('$');
  const all = !unknown && ALL.test(hostIp);
  const port: PublishedPort = { hostIp, all, unknown, loc: ip?.loc ?? y.keyLoc(y.pair(item, 'target')) ?? loc, ...(target ? { containerPort: target.value } : {}) };
  if (!all) return port;
  const scalar = y.scalar(ipNode);
  const e = scalar ? replaceScalar(y, scalar, '127.0.0.1') : y.pair(item, 'host_ip') ? undefined : insertPair(y, m, 'host_ip', '127.0.0.1');
  if (e) port.loopback = e;
  return port;
}

/** The published ports of a service. */
export function readPorts(y: YamlDoc, service: Node): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const item of y.items(y.get(service, 'ports'))) {
    const s = y.str(item);
    const p = s ? shortPort(y, item, s) : longPort(y, item);
    if (p) out.push(p);
  }
  return out;
}

/** Whether a host address is the loopback interface. */
export function isLoopbackAddress(ip: string): boolean {
  return LOOPBACK.test(ip.trim());
}
