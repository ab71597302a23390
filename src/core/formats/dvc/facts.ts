// Turns the DVC structures (pipeline, lock, .dvc files, config) into the format-independent facts
// that rules, the threat model, `mlsec provenance` and `mlsec bom` read.

import { emptyFacts, type Facts, type LineageFact, type ModelFact, type WorkloadFact } from '../../facts/model';
import type { Fix } from '../../model';
import { moveCredentialsFix, type DvcConfig } from './config';
import type { DvcFile, Lockfile, RecordedEntry } from './lock';
import { looksLikeModel, modelSerializationOf, UNSAFE_ON_LOAD } from './models';
import { insideWorkspace, isUrl, urlScheme } from './paths';
import type { Pipeline } from './pipeline';

function modelFact(path: string, loc: ModelFact['loc']): ModelFact | undefined {
  if (!insideWorkspace(path) || !looksLikeModel(path)) return undefined;
  const serialization = modelSerializationOf(path);
  return { path, loc, source: 'dvc', serialization, unsafeOnLoad: !!serialization && UNSAFE_ON_LOAD.has(serialization) };
}

/** Facts of a dvc.yaml: one workload per (generated) stage, its lineage, URL dependencies and models. */
export function pipelineFacts(p: Pipeline): Facts {
  const facts = emptyFacts();
  const producers = new Map<string, string>();
  for (const st of p.stages) for (const o of st.outs) producers.set(o.target, st.id);
  for (const st of p.stages) {
    const dependsOn = new Set<string>();
    for (const d of st.deps) {
      // A dependency inside a produced directory depends on the stage producing that directory.
      for (const [out, id] of producers) if (id !== st.id && (d.target === out || d.target.startsWith(`${out}/`))) dependsOn.add(id);
    }
    const w: WorkloadFact = { id: st.id, kind: 'dvc-stage', name: st.name, format: 'dvc', loc: st.loc, anchor: st.nameLoc, dependsOn: [...dependsOn] };
    facts.workloads.push(w);
    for (const d of st.deps) {
      facts.lineage.push({ workloadId: st.id, direction: 'input', path: d.target, hashes: {}, loc: d.path.loc });
      if (isUrl(d.target)) facts.urls.push({ url: d.path, role: 'data-dependency', workloadId: st.id });
    }
    for (const prm of st.params) facts.lineage.push({ workloadId: st.id, direction: 'input', path: prm.file, hashes: {}, loc: prm.loc });
    for (const o of st.outs) {
      facts.lineage.push({ workloadId: st.id, direction: 'output', path: o.target, hashes: {}, loc: o.path.loc });
      const m = modelFact(o.target, o.path.loc);
      if (m) facts.models.push(m);
    }
  }
  return facts;
}

function entryLineage(workloadId: string, e: RecordedEntry): LineageFact {
  return { workloadId, direction: e.section === 'deps' ? 'input' : 'output', path: e.target, hashes: { ...e.hashes }, loc: e.md5?.loc ?? e.path.loc };
}

/** Facts of a dvc.lock: the recorded hashes of every stage's inputs and outputs. */
export function lockFacts(lock: Lockfile): Facts {
  const facts = emptyFacts();
  for (const st of lock.stages) for (const e of [...st.deps, ...st.outs]) facts.lineage.push(entryLineage(st.id, e));
  return facts;
}

/** Facts of a `.dvc` file: tracked outputs, and for imports the source they were fetched from. */
export function dvcFileFacts(f: DvcFile): Facts {
  const facts = emptyFacts();
  if (f.deps.length) {
    facts.workloads.push({ id: f.id, kind: 'dvc-stage', name: f.path, format: 'dvc', loc: f.loc, anchor: f.deps[0].path.loc, dependsOn: [] });
  }
  for (const d of f.deps) {
    if (d.repo) {
      facts.lineage.push({
        workloadId: f.id,
        direction: 'input',
        path: `${d.repo.url.value}#${d.path.value}`,
        hashes: { ...d.hashes, ...(d.repo.revLock ? { rev_lock: d.repo.revLock.value } : {}) },
        loc: d.path.loc,
      });
      facts.urls.push({ url: d.repo.url, role: 'data-dependency', workloadId: f.id });
    } else {
      facts.lineage.push(entryLineage(f.id, d));
      if (isUrl(d.target)) facts.urls.push({ url: d.path, role: 'data-dependency', workloadId: f.id });
    }
  }
  for (const o of f.outs) {
    facts.lineage.push(entryLineage(f.id, o));
    const m = modelFact(o.target, o.path.loc);
    if (m) facts.models.push(m);
  }
  return facts;
}

/** Texts of the files the credential fix edits besides the config itself (undefined = absent). */
export interface SiblingTexts {
  local?: string;
  gitignore?: string;
}

/** Facts of `.dvc/config` or `.dvc/config.local`: remotes, cache, credentials and TLS settings. */
export function configFacts(cfg: DvcConfig, text: string, siblings: SiblingTexts | undefined): Facts {
  const facts = emptyFacts();
  for (const r of cfg.remotes) {
    const id = `dvc-remote:${cfg.path}:${r.name.value}`;
    if (r.url || !cfg.local) {
      facts.dataStores.push({
        id,
        name: r.name.value,
        kind: 'dvc-remote',
        url: r.url,
        scheme: r.scheme,
        holdsCredentials: r.credentials.length > 0 || !!r.urlPassword,
        tlsVerified: r.tlsOff.length === 0 && r.scheme !== 'http' && !(r.endpointUrl && urlScheme(r.endpointUrl.value) === 'http'),
        loc: r.name.loc,
      });
    }
    if (r.url && isUrl(r.url.value)) facts.urls.push({ url: r.url, role: 'data-remote' });
    if (r.endpointUrl && isUrl(r.endpointUrl.value)) facts.urls.push({ url: r.endpointUrl, role: 'data-remote' });
    // The move fix needs the current texts of config.local and .dvc/.gitignore; without file
    // access they are unknown, and a fix that might overwrite them is not offered.
    const remedies: Fix[] | undefined = !cfg.local && siblings && r.credentials.length ? [moveCredentialsFix(text, cfg.path, r, siblings.local, siblings.gitignore)] : undefined;
    for (const e of r.credentials) {
      facts.settings.push({ name: e.key, value: e.value, referenced: false, origin: cfg.local ? 'dvc-config-local' : 'dvc-remote', ...(remedies ? { remedies } : {}) });
    }
    if (r.urlPassword) facts.settings.push({ name: { value: 'password', loc: r.urlPassword.loc }, value: r.urlPassword, referenced: false, origin: cfg.local ? 'dvc-config-local' : 'dvc-remote' });
    for (const e of r.tlsOff) {
      facts.tlsDisables.push({
        what: `${e.key.value} = ${e.value.value}`,
        loc: { file: cfg.path, start: e.key.loc.start, end: e.value.loc.end },
        removal: [{ start: e.lineStart, end: e.lineEnd, newText: '' }],
      });
    }
  }
  // The default remote: where `dvc push` and `dvc pull` go, which the threat model draws.
  if (cfg.defaultRemote)
    facts.settings.push({ name: { value: 'core.remote', loc: cfg.defaultRemote.loc }, value: cfg.defaultRemote, referenced: false, origin: cfg.local ? 'dvc-config-local' : 'dvc-remote' });
  if (cfg.cacheDir) {
    facts.dataStores.push({
      id: `dvc-cache:${cfg.path}`,
      name: 'cache',
      kind: 'dvc-cache',
      url: cfg.cacheDir,
      scheme: urlScheme(cfg.cacheDir.value) ?? 'local',
      holdsCredentials: false,
      tlsVerified: true,
      loc: cfg.cacheDir.loc,
    });
  }
  return facts;
}
