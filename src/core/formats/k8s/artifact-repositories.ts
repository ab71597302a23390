// Argo artifact repositories defined in ConfigMaps: the `artifact-repositories` ConfigMap a
// Workflow's `artifactRepositoryRef` names (one repository per key) and the workflow controller's
// `artifactRepository` (or its `config` key). Each value is YAML written inside a string; a store
// marked `insecure: true` talks plain HTTP to the object store, located at the flag itself.

import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import type { Loc } from '../../model';
import { scalarContent } from '../yaml/scalar';
import type { ResourceCtx } from './resources';

const STORES = ['s3', 'gcs', 'oss', 'azure', 'hdfs'];
/** The keys that say a mapping is an object store location and not some other `insecure` flag. */
const LOCATION_KEYS = ['endpoint', 'bucket', 'container', 'url', 'addresses'];

/** The repositories a parsed value defines: the value itself, or its `artifactRepository`. */
function repositories(root: unknown): Node[] {
  if (!isMap(root)) return [];
  const inner = root.get('artifactRepository', true);
  return isMap(inner) ? [root, inner] : [root];
}

/** Adds a TLS fact for every store of the ConfigMap's artifact repositories marked `insecure: true`. */
export function readArtifactRepositories(rc: ResourceCtx): void {
  const y = rc.b.y;
  for (const e of y.entries(y.get(rc.node, 'data'))) {
    const node = y.scalar(e.value);
    if (!node || typeof node.value !== 'string' || !/\binsecure\s*:\s*(true|True|TRUE)\b/.test(node.value)) continue;
    const content = scalarContent(y.text, node);
    let doc;
    try {
      doc = parseDocument(content.value, { prettyErrors: false });
    } catch {
      continue;
    }
    if (doc.errors.length) continue;
    for (const repo of repositories(doc.contents)) {
      for (const store of STORES) {
        const s = isMap(repo) ? repo.get(store, true) : undefined;
        if (!isMap(s) || !LOCATION_KEYS.some((k) => s.has(k))) continue;
        const flag = s.get('insecure', true);
        if (!isScalar(flag) || flag.value !== true) continue;
        rc.b.facts.tlsDisables.push({
          what: `${store} artifact repository \`insecure: true\` in ConfigMap key ${e.key} (plain HTTP to the object store)`,
          loc: flagLoc(rc, content, flag.range, node),
        });
      }
    }
  }
}

/** The file location of a span of the decoded value, or the whole string when the value is not decoded exactly. */
function flagLoc(rc: ResourceCtx, content: ReturnType<typeof scalarContent>, range: [number, number, number] | null | undefined, whole: Node): Loc {
  const y = rc.b.y;
  if (content.exact && range) {
    const at = (i: number) => (y.editable ? content.offsets[i] : y.toFile(content.offsets[i]));
    return { file: y.file, start: at(range[0]), end: at(range[1]) };
  }
  return y.nodeLoc(whole) ?? { file: y.file, start: 0, end: 0 };
}
