// Reads MLflow environment files: `conda.yaml` (conda packages, the nested pip list, channels
// and `variables`) and `python_env.yaml` (build and runtime pip dependencies).

import { isMap, isSeq } from 'yaml';
import { parseCondaSpec } from '../../facts/commands';
import { emptyFacts, type Facts, type PackageInstallFact, type PackageRequirement, type SettingFact } from '../../facts/model';
import type { SourceFile } from '../../source';
import { locatedScalar, mapEntries, mapGet, nodeLoc, seqItems, strOf, type YamlDoc } from '../dvc/yaml';
import { emptyPipLines, parsePipLine, pipInstallFact, type PipLines } from './requirements';
import { appendAll } from '../../collections';

/** Lines of a pip list inside YAML: each item is one requirements line. */
function pipListLines(doc: YamlDoc, node: unknown, file: SourceFile): PipLines {
  const lines = emptyPipLines();
  for (const item of seqItems(doc, node)) {
    const located = locatedScalar(doc, item);
    if (!located) continue;
    const { text, offsetAt } = located;
    const offsets: number[] = [];
    for (let i = 0; i < text.length; i++) offsets.push(offsetAt(i));
    parsePipLine({ text, offsets }, file.path, lines);
  }
  return lines;
}

/** Environment variables of a conda env's `variables:` mapping. */
function condaVariables(doc: YamlDoc, file: SourceFile, workloadId?: string): SettingFact[] {
  const out: SettingFact[] = [];
  for (const e of mapEntries(doc, mapGet(doc, doc.root, 'variables'))) {
    const value = strOf(doc, e.value);
    out.push({ name: e.key, ...(value ? { value } : {}), referenced: false, origin: 'conda-env', ...(workloadId ? { workloadId } : {}) });
  }
  return out;
}

/** Facts of a conda environment file. */
export function condaFacts(doc: YamlDoc, file: SourceFile): Facts {
  const facts = emptyFacts();
  const depsNode = mapGet(doc, doc.root, 'dependencies');
  const conda: PackageRequirement[] = [];
  const pipFacts: PackageInstallFact[] = [];
  for (const item of seqItems(doc, depsNode)) {
    const located = locatedScalar(doc, item);
    if (located) {
      conda.push(parseCondaSpec(located.text, located.loc));
    } else if (isMap(item)) {
      const pip = mapGet(doc, item, 'pip');
      if (pip && isSeq(pip)) pipFacts.push(pipInstallFact(pipListLines(doc, pip, file), nodeLoc(doc, pip), 'conda-env'));
    }
  }
  const channels: PackageInstallFact['indexUrls'] = [];
  for (const ch of seqItems(doc, mapGet(doc, doc.root, 'channels'))) {
    const s = strOf(doc, ch);
    if (!s) continue;
    channels.push(s);
    if (/^[a-z][\w+.-]*:\/\//i.test(s.value)) facts.urls.push({ url: s, role: 'package-index' });
  }
  if (conda.length || channels.length) {
    facts.packageInstalls.push({
      manager: 'conda',
      packages: conda,
      indexUrls: channels,
      extraIndexUrls: [],
      trustedHosts: [],
      requireHashes: false,
      atRuntime: false,
      loc: nodeLoc(doc, depsNode, file.loc(0, 0)),
      origin: 'conda-env',
    });
  }
  appendAll(facts.packageInstalls, pipFacts);
  for (const p of pipFacts) for (const u of [...p.indexUrls, ...p.extraIndexUrls]) facts.urls.push({ url: u, role: 'package-index' });
  appendAll(facts.settings, condaVariables(doc, file));
  return facts;
}

/** Facts of a `python_env.yaml`. */
export function pythonEnvFacts(doc: YamlDoc, file: SourceFile): Facts {
  const facts = emptyFacts();
  for (const key of ['build_dependencies', 'dependencies']) {
    const node = mapGet(doc, doc.root, key);
    if (!node || !isSeq(node)) continue;
    const lines = pipListLines(doc, node, file);
    facts.packageInstalls.push(pipInstallFact(lines, nodeLoc(doc, node), 'python-env'));
    for (const u of [...lines.options.indexUrls, ...lines.options.extraIndexUrls]) facts.urls.push({ url: u, role: 'package-index' });
  }
  return facts;
}
