// Reads MLflow environment files: `conda.yaml` (conda packages, the nested pip list, channels
// and `variables`) and `python_env.yaml` (build and runtime pip dependencies).

import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { emptyFacts, type Facts, type PackageInstallFact, type PackageRequirement, type SettingFact } from '../../facts/model';
import type { SourceFile } from '../../source';
import { mapEntries, mapGet, nodeLoc, scalarLoc, scalarOffsets, scalarText, seqItems, strOf } from '../dvc/yaml';
import { emptyPipLines, parsePipLine, pipInstallFact, type PipLines } from './requirements';

/** A conda match spec: `numpy=1.26.4=py312h…`, `numpy==1.26.4`, `conda-forge::numpy>=1.2`. */
export function parseCondaSpec(spec: string, loc: PackageRequirement['loc']): PackageRequirement {
  const s = spec.trim();
  const noChannel = s.includes('::') ? s.slice(s.indexOf('::') + 2) : s;
  const m = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(noChannel);
  const name = m ? m[1] : noChannel;
  const rest = (m?.[2] ?? '').trim();
  // `=1.2` in conda means 1.2.*, so only a full version (with a build or `==`) counts as a pin;
  // a version with two or more dots after a single `=` is treated as exact, as conda env export writes it.
  const eqeq = /^==\s*([^\s=,|*<>!]+)$/.exec(rest);
  const single = /^=\s*([^\s=,|*<>!]+)(=\S+)?$/.exec(rest);
  const pinned = eqeq?.[1] ?? (single && (single[2] || (single[1].match(/\./g) ?? []).length >= 2) ? single[1] : undefined);
  return { spec: s, name, ...(pinned ? { pinnedVersion: pinned } : {}), kind: 'name', loc };
}

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

