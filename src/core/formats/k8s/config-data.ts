// Kubernetes Secret and ConfigMap data as settings: Secret `data` base64-decoded, `stringData` and
// ConfigMap `data` as written, each with the location of its value in the manifest, so a literal
// credential committed in them is reported at its line. Docker registry configs
// (`.dockerconfigjson`, `.dockercfg`) contribute the password they hold.

import type { Node } from 'yaml';
import type { SettingFact, Str } from '../../facts/model';
import type { ResourceCtx } from './resources';
import { readArtifactRepositories } from './artifact-repositories';

/** Decodes a Secret `data` value; undefined when it is not base64 of UTF-8 text. */
export function decodeSecretValue(encoded: string): string | undefined {
  const t = encoded.replace(/\s+/g, '');
  if (!t || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  const text = Buffer.from(t, 'base64').toString('utf8');
  // Binary content (keystores, certificates in DER) is not a setting value.
  if (text.includes('\uFFFD') || /[\x00-\x08\x0e-\x1f]/.test(text)) return undefined;
  return text;
}

/** The password of the first registry entry of a Docker config (`auths.<registry>.password`, or the `auth` user:password pair). */
export function dockerConfigPassword(json: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const root = parsed as Record<string, unknown>;
  const auths = (root.auths && typeof root.auths === 'object' ? root.auths : root) as Record<string, unknown>;
  for (const entry of Object.values(auths)) {
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.password === 'string' && e.password) return e.password;
    if (typeof e.auth === 'string') {
      const pair = decodeSecretValue(e.auth);
      const colon = pair?.indexOf(':') ?? -1;
      if (pair && colon >= 0 && colon < pair.length - 1) return pair.slice(colon + 1);
    }
  }
  return undefined;
}

const DOCKER_CONFIG_KEY = /^\.docker(configjson|cfg)$/;

/** Reads the data of a Secret or ConfigMap into settings; it runs nothing, so it has no workloads. */
export function readConfigData(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const secret = rc.cls.kind === 'Secret';
  const origin: SettingFact['origin'] = secret ? 'k8s-secret' : 'k8s-configmap';
  const add = (mapping: Node | undefined, decode: boolean): void => {
    for (const e of y.entries(mapping)) {
      const keyLoc = y.keyLoc(e.pair);
      const raw = y.str(e.value);
      if (!keyLoc || !raw) continue;
      let value: string | undefined = decode ? decodeSecretValue(raw.value) : raw.value;
      if (value !== undefined && secret && DOCKER_CONFIG_KEY.test(e.key)) value = dockerConfigPassword(value);
      if (value === undefined) continue;
      const name: Str = { value: e.key, loc: keyLoc };
      rc.b.facts.settings.push({ name, value: { value, loc: raw.loc }, referenced: false, origin });
    }
  };
  const root = rc.node;
  if (secret) {
    add(y.get(root, 'data'), true);
    add(y.get(root, 'stringData'), false);
  } else {
    add(y.get(root, 'data'), false);
    readArtifactRepositories(rc);
  }
  return [];
}
