// The 'feast' format reader: a Feast `feature_store.yaml` (its project, provider, registry, online
// and offline stores and auth) as a feature-store fact, and its literal credentials as settings.

import type { Node } from 'yaml';
import type { ParsedDocument } from '../../document';
import { connectionEncryption, sslModeEncryption } from '../../facts/connections';
import type { FeatureStoreFact, FeatureStorePart } from '../../facts/data-plane';
import { emptyFacts, type Facts, type Str } from '../../facts/model';
import type { SourceFile } from '../../source';
import { AliasLimitError, aliasLimitNote, parseYaml, type YamlDoc } from '../dvc/yaml';
import { baseName, type FormatReader } from '../reader';

/** `feature_store.yaml` and its variants (`feature_store_online.yaml`, `feature_store.local.yaml`). */
export function isFeatureStoreFile(path: string): boolean {
  return /^feature_store([-_.][A-Za-z0-9_.-]+)?\.ya?ml$/.test(baseName(path));
}

/** Keys that hold a store's address, best first. */
const LOCATION_KEYS = ['connection_string', 'path', 'url', 'host', 'hosts', 'endpoint', 'account', 'cluster_name'];
const CREDENTIAL_KEYS = /^(password|connection_string|api_key|token|secret|access_key|secret_access_key|private_key)$/;

/**
 * The `password=` option of a Redis-style connection string (`host:port,ssl=true,password=…`),
 * located in the file when the scalar is written without escapes.
 */
function embeddedPassword(y: YamlDoc, cs: Str): Str | undefined {
  const m = /(?:^|,)\s*password=([^,]*)/.exec(cs.value);
  if (!m || !m[1]) return undefined;
  const start = cs.loc.start + m.index + m[0].length - m[1].length;
  const loc = { file: cs.loc.file, start, end: start + m[1].length };
  return y.text.slice(loc.start, loc.end) === m[1] ? { value: m[1], loc } : undefined;
}

/** Whether a part asks for TLS, from its URL, `sslmode`, `ssl`, `scheme` or a CA certificate. */
function partTls(y: YamlDoc, node: Node | undefined, location: Str | undefined): boolean | undefined {
  const sslmode = y.string(y.get(node, 'sslmode'));
  if (sslmode) return sslModeEncryption(sslmode);
  const ssl = y.bool(y.get(node, 'ssl'))?.value;
  if (ssl !== undefined) return ssl;
  const scheme = y.string(y.get(node, 'scheme'));
  if (scheme) return scheme.toLowerCase() === 'https';
  if (y.get(node, 'cert')) return true;
  const loc = location?.value ?? '';
  if (/(^|,)\s*ssl=(true|1)/i.test(loc)) return true;
  if (/^https:\/\//i.test(loc)) return true;
  if (/^http:\/\//i.test(loc)) return false;
  return connectionEncryption(loc);
}

/** One store section: a bare type (`online_store: sqlite`), a bare path (`registry: data/registry.db`) or a mapping. */
function readPart(y: YamlDoc, node: Node | undefined, typeKey: string, facts: Facts, section: string): FeatureStorePart | undefined {
  const loc = y.nodeLoc(node);
  if (!node || !loc) return undefined;
  const bare = y.str(node);
  if (bare) return section === 'registry' ? { location: bare, loc } : { type: bare, loc };
  const type = y.str(y.get(node, typeKey)) ?? y.str(y.get(node, 'type'));
  const location = LOCATION_KEYS.map((k) => y.str(y.get(node, k))).find((s) => !!s?.value);
  const tls = partTls(y, node, location);
  for (const e of y.entries(node)) {
    const value = y.str(e.value);
    const keyLoc = y.nodeLoc(e.keyNode);
    if (!value || !keyLoc || !CREDENTIAL_KEYS.test(e.key)) continue;
    const secret = e.key === 'connection_string' ? embeddedPassword(y, value) : value;
    if (secret) facts.settings.push({ name: { value: `${section}.${e.key === 'connection_string' ? 'password' : e.key}`, loc: keyLoc }, value: secret, referenced: false, origin: 'other' });
  }
  return { ...(type ? { type } : {}), ...(location ? { location } : {}), ...(tls === undefined ? {} : { tls }), loc };
}

function readFeatureStore(y: YamlDoc, file: SourceFile): Facts {
  const facts = emptyFacts();
  const root = y.root;
  if (!y.map(root)) return facts;
  const project = y.str(y.get(root, 'project'));
  const provider = y.str(y.get(root, 'provider'));
  const auth = y.str(y.path(root, 'auth', 'type'));
  const registry = readPart(y, y.get(root, 'registry'), 'registry_type', facts, 'registry');
  const online = readPart(y, y.get(root, 'online_store'), 'type', facts, 'online_store');
  const offline = readPart(y, y.get(root, 'offline_store'), 'type', facts, 'offline_store');
  const fs: FeatureStoreFact = {
    ...(project ? { project } : {}),
    ...(provider ? { provider } : {}),
    ...(registry ? { registry } : {}),
    ...(online ? { online } : {}),
    ...(offline ? { offline } : {}),
    ...(auth ? { auth } : {}),
    loc: y.nodeLoc(root) ?? { file: file.path, start: 0, end: 0 },
  };
  facts.featureStores.push(fs);
  return facts;
}

export const feastReader: FormatReader = {
  id: 'feast',
  matches: (path) => (isFeatureStoreFile(path) ? 'yes' : 'no'),
  parse(file: SourceFile): ParsedDocument[] {
    if (!isFeatureStoreFile(file.path)) return [];
    const { doc, notes } = parseYaml(file);
    if (!doc) return [{ file, format: 'feast', facts: emptyFacts(), notes }];
    try {
      const facts = readFeatureStore(doc, file);
      // A YAML file of that name that is not a feature store (no store sections) is left to other readers.
      if (!facts.featureStores[0]?.registry && !facts.featureStores[0]?.online && !facts.featureStores[0]?.offline && !facts.featureStores[0]?.project) return [];
      return [{ file, format: 'feast', facts, notes }];
    } catch (e) {
      if (!(e instanceof AliasLimitError)) throw e;
      return [{ file, format: 'feast', facts: emptyFacts(), notes: [...notes, aliasLimitNote(file, e)] }];
    }
  },
};
