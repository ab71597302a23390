// Ray runtime environments written as YAML inside a string: a RayJob's `runtimeEnvYAML` and the
// `runtime_env` of each application in a RayService's `serveConfigV2`. Ray installs their `pip`
// packages when the job or application starts and downloads `working_dir` and `py_modules`
// archives from their URIs, so both are facts of the workload, located in the file.

import type { Node, Scalar } from 'yaml';
import { parsePipRequirement } from '../../facts/commands';
import type { PackageRequirement, Str } from '../../facts/model';
import type { Loc } from '../../model';
import { SourceFile } from '../../source';
import { parseYaml } from '../yaml/parse';
import type { YamlDoc } from '../yaml/nodes';
import { scalarContent } from '../yaml/scalar';
import type { FactsBuilder } from './facts';

/** A YAML document parsed from a string of the file, with its locations mapped back to the file. */
interface Embedded {
  doc: YamlDoc;
  toFile(loc: Loc): Loc;
}

function embeddedYaml(b: FactsBuilder, node: Scalar): Embedded | undefined {
  const y = b.y;
  const content = scalarContent(y.text, node);
  if (!content.exact) return undefined;
  const offsets = y.editable ? content.offsets : content.offsets.map((o) => y.toFile(o));
  const doc = parseYaml(new SourceFile(y.file, content.value)).docs[0];
  if (!doc) return undefined;
  const at = (i: number) => offsets[Math.max(0, Math.min(i, offsets.length - 1))];
  // The end maps from the last character, so a value never ends past a line break of the string.
  return { doc, toFile: (l) => ({ file: y.file, start: at(l.start), end: l.end > l.start ? at(l.end - 1) + 1 : at(l.start) }) };
}

function mapped(e: Embedded, s: Str | undefined): Str | undefined {
  return s ? { value: s.value, loc: e.toFile(s.loc) } : undefined;
}

/** Adds the facts of one runtime environment map of an embedded document. */
function addRuntimeEnv(b: FactsBuilder, e: Embedded, env: Node | undefined, anchor: Loc, workloadId: string | undefined): void {
  const d = e.doc;
  if (!d.map(env)) return;
  const pip = d.get(env, 'pip');
  const list = d.seq(pip) ? pip : d.get(pip, 'packages');
  const packages: PackageRequirement[] = [];
  for (const item of d.items(list)) {
    const s = mapped(e, d.str(item));
    if (s && s.value.trim()) packages.push(parsePipRequirement(s.value, s.loc));
  }
  const wid = workloadId ? { workloadId } : {};
  if (packages.length) {
    b.facts.packageInstalls.push({
      manager: 'pip',
      packages,
      indexUrls: [],
      extraIndexUrls: [],
      trustedHosts: [],
      requireHashes: false,
      atRuntime: true,
      loc: anchor,
      origin: 'ray-runtime-env',
      ...wid,
    });
  }
  const uris = [d.get(env, 'working_dir'), ...d.items(d.get(env, 'py_modules'))];
  for (const n of uris) {
    const url = mapped(e, d.str(n));
    if (!url || !/^(https?|s3|gs|gcs):\/\//i.test(url.value)) continue;
    b.facts.urls.push({ url, role: 'download', ...wid });
    b.facts.downloads.push({ tool: 'ray', url, verified: false, payload: 'archive', loc: url.loc, ...wid });
  }
}

/** A RayJob's `runtimeEnvYAML`: one runtime environment. */
export function readRuntimeEnvYaml(b: FactsBuilder, spec: Node | undefined, workloadId: string | undefined): void {
  const node = b.y.scalar(b.y.get(spec, 'runtimeEnvYAML'));
  const e = node && embeddedYaml(b, node);
  const anchor = b.y.keyLoc(b.y.pair(spec, 'runtimeEnvYAML'));
  if (e && anchor) addRuntimeEnv(b, e, e.doc.root, anchor, workloadId);
}

/** A RayService's `serveConfigV2`: each application's `runtime_env`. */
export function readServeConfig(b: FactsBuilder, spec: Node | undefined, workloadId: string | undefined): void {
  const node = b.y.scalar(b.y.get(spec, 'serveConfigV2'));
  const e = node && embeddedYaml(b, node);
  const anchor = b.y.keyLoc(b.y.pair(spec, 'serveConfigV2'));
  if (!e || !anchor) return;
  for (const app of e.doc.items(e.doc.get(e.doc.root, 'applications'))) addRuntimeEnv(b, e, e.doc.get(app, 'runtime_env'), anchor, workloadId);
}
