// Volumes of a compose service: bind mounts of host paths (short `SRC:DST[:MODE]` and long
// `type: bind` syntax) and the secrets mounted under /run/secrets.

import type { Node } from 'yaml';
import type { Str, VolumeFact, VolumeMountFact } from '../../facts/model';
import type { YamlDoc } from '../yaml/nodes';

/** One volume of a service: what it is, where it is mounted, and the host path as written. */
export interface ServiceVolume {
  volume: VolumeFact;
  mount?: VolumeMountFact;
  hostPath?: Str;
}

/** A host path: absolute or under the home directory (relative paths are the project's own files). */
function isHostPath(src: string): boolean {
  return src.startsWith('/') || src === '~' || src.startsWith('~/');
}

function shortVolume(y: YamlDoc, s: Str): ServiceVolume | undefined {
  const parts = s.value.trim().split(':');
  if (parts.length < 2 || /^[A-Za-z]$/.test(parts[0])) return undefined;
  const [src, dst, mode = ''] = parts;
  const readOnly = mode.split(',').includes('ro');
  const exact = y.text.slice(s.loc.start, s.loc.end) === s.value;
  const lead = s.value.length - s.value.trimStart().length;
  const srcLoc = exact ? { file: s.loc.file, start: s.loc.start + lead, end: s.loc.start + lead + src.length } : s.loc;
  const host = isHostPath(src);
  const volume: VolumeFact = { name: src, kind: host ? 'hostPath' : src.startsWith('.') ? 'other' : 'pvc', loc: s.loc, ...(host ? { path: src } : {}) };
  return { volume, mount: { name: src, mountPath: dst, readOnly, loc: s.loc }, ...(host ? { hostPath: { value: src, loc: srcLoc } } : {}) };
}

function longVolume(y: YamlDoc, item: Node): ServiceVolume | undefined {
  const loc = y.nodeLoc(item);
  const type = y.string(y.get(item, 'type'));
  const source = y.str(y.get(item, 'source'));
  const target = y.string(y.get(item, 'target'));
  if (!loc || !source || target === undefined) return undefined;
  const readOnly = y.bool(y.get(item, 'read_only'))?.value ?? false;
  const host = (type === 'bind' || type === undefined) && isHostPath(source.value);
  const volume: VolumeFact = { name: source.value, kind: host ? 'hostPath' : type === 'volume' ? 'pvc' : 'other', loc, ...(host ? { path: source.value } : {}) };
  return { volume, mount: { name: source.value, mountPath: target, readOnly, loc }, ...(host ? { hostPath: source } : {}) };
}

/** The volumes and secrets of a service. */
export function readVolumes(y: YamlDoc, service: Node): ServiceVolume[] {
  const out: ServiceVolume[] = [];
  for (const item of y.items(y.get(service, 'volumes'))) {
    const s = y.str(item);
    const v = s ? shortVolume(y, s) : longVolume(y, item);
    if (v) out.push(v);
  }
  for (const item of y.items(y.get(service, 'secrets'))) {
    const name = y.str(item) ?? y.str(y.get(item, 'source'));
    const loc = y.nodeLoc(item);
    if (!name || !loc) continue;
    const target = y.string(y.get(item, 'target')) ?? name.value;
    const mountPath = target.startsWith('/') ? target : `/run/secrets/${target}`;
    out.push({ volume: { name: name.value, kind: 'secret', loc }, mount: { name: name.value, mountPath, readOnly: true, loc } });
  }
  return out;
}
