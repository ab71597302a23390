// Reads MLflow environment files: `conda.yaml` (conda packages, the nested pip list, channels
// and `variables`) and `python_env.yaml` (build and runtime pip dependencies).

import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { parseCondaSpec } from '../../facts/commands';
import { emptyFacts, type Facts, type PackageInstallFact, type PackageRequirement, type SettingFact } from '../../facts/model';
import type { SourceFile } from '../../source';
import { mapEntries, mapGet, nodeLoc, scalarLoc, scalarOffsets, scalarText, seqItems, strOf } from '../dvc/yaml';
import { emptyPipLines, parsePipLine, pipInstallFact, type PipLines } from './requirements';

/** Lines of a pip list inside YAML: each item is one requirements line. */
function pipListLines(doc: Document, node: unknown, file: SourceFile): PipLines {
  const lines = emptyPipLines();
  for (const item of seqItems(doc, node)) {
    if (!isScalar(item)) continue;
    const text = scalarText(item);
    const loc = scalarLoc(item, file.path, file.text);
    const at = scalarOffsets(text, loc, file.text);
    const offsets: number[] = [];
    for (let i = 0; i < text.length; i++) offsets.push(at(i));
    parsePipLine({ text, offsets }, file.path, lines);
  }
  return lines;
}

/** Environment variables of a conda env's `variables:` mapping. */
function condaVariables(doc: Document, file: SourceFile, workloadId?: string): SettingFact[] {
  const out: SettingFact[] = [];
  for (const e of mapEntries(doc, mapGet(doc, doc.contents, 'variables'))) {
    const value = strOf(doc, e.value, file);
    out.push({ name: e.key, ...(value ? { value } : {}), referenced: false, origin: 'conda-env', ...(workloadId ? { workloadId } : {}) });
  }
  return out;
}

/** Facts of a conda environment file. */
export function condaFacts(doc: Document, file: SourceFile): Facts {
  const facts = emptyFacts();
  const depsNode = mapGet(doc, doc.contents, 'dependencies');
  const conda: PackageRequirement[] = [];
  const pipFacts: PackageInstallFact[] = [];
  for (const item of seqItems(doc, depsNode)) {
    if (isScalar(item)) {
      conda.push(parseCondaSpec(scalarText(item), scalarLoc(item, file.path, file.text)));
    } else if (isMap(item)) {
      const pip = mapGet(doc, item, 'pip');
      if (pip && isSeq(pip)) pipFacts.push(pipInstallFact(pipListLines(doc, pip, file), nodeLoc(pip, file.path), 'conda-env'));
    }
  }
  const channels: PackageInstallFact['indexUrls'] = [];
  for (const ch of seqItems(doc, mapGet(doc, doc.contents, 'channels'))) {
    const s = strOf(doc, ch, file);
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
      loc: nodeLoc(depsNode, file.path, file.loc(0, 0)),
      origin: 'conda-env',
    });
  }
  facts.packageInstalls.push(...pipFacts);
  for (const p of pipFacts) for (const u of [...p.indexUrls, ...p.extraIndexUrls]) facts.urls.push({ url: u, role: 'package-index' });
  facts.settings.push(...condaVariables(doc, file));
  return facts;
}

/** Facts of a `python_env.yaml`. */
export function pythonEnvFacts(doc: Document, file: SourceFile): Facts {
  const facts = emptyFacts();
  for (const key of ['build_dependencies', 'dependencies']) {
    const node = mapGet(doc, doc.contents, key);
    if (!node || !isSeq(node)) continue;
    const lines = pipListLines(doc, node, file);
    facts.packageInstalls.push(pipInstallFact(lines, nodeLoc(node, file.path), 'python-env'));
    for (const u of [...lines.options.indexUrls, ...lines.options.extraIndexUrls]) facts.urls.push({ url: u, role: 'package-index' });
  }
  return facts;
}

