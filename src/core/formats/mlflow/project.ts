// Reads an MLflow `MLproject`: entry points with their parameters and commands, and the
// environment the project runs in (docker_env image and variables, conda_env, python_env).

import { isScalar, isSeq } from 'yaml';
import { makeImageRef } from '../../facts/image';
import type { ImageRef, SettingFact, Str } from '../../facts/model';
import type { Loc } from '../../model';
import type { SourceFile } from '../../source';
import type { LocatedCommand } from '../dvc/commands';
import { templateIndex, type Substitution } from '../dvc/template';
import { locatedScalar, mapEntries, mapGet, nodeLoc, seqItems, strOf, type YamlDoc } from '../dvc/yaml';

export interface EntryPoint {
  id: string;
  name: Str;
  loc: Loc;
  command?: LocatedCommand & { loc: Loc };
  parameters: { name: Str; type?: Str; default?: Str }[];
}

export interface MlProject {
  kind: 'mlproject';
  path: string;
  name?: Str;
  entryPoints: EntryPoint[];
  image?: ImageRef;
  /** docker_env.environment `[NAME, value]` pairs and names copied from the host. */
  dockerEnv: SettingFact[];
  condaEnv?: Str;
  pythonEnv?: Str;
}

/**
 * Substitutes `{param}` placeholders in an entry point command with parameter defaults (as MLflow
 * would when the parameter is not given), keeping the map back to file offsets.
 */
function substituteDefaults(raw: string, defaults: Map<string, string>): { text: string; subs: Substitution[] } {
  let out = '';
  let pos = 0;
  const subs: Substitution[] = [];
  for (const m of raw.matchAll(/\{(\w+)\}/g)) {
    const value = defaults.get(m[1]);
    if (value === undefined) continue;
    const start = m.index ?? 0;
    out += raw.slice(pos, start);
    const quoted = /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'"'"'`)}'`;
    subs.push({ srcStart: start, srcEnd: start + m[0].length, outStart: out.length, outEnd: out.length + quoted.length });
    out += quoted;
    pos = start + m[0].length;
  }
  return { text: out + raw.slice(pos), subs };
}

/** Reads a parsed MLproject. */
export function readProject(doc: YamlDoc, file: SourceFile): MlProject {
  const root = doc.root;
  const project: MlProject = { kind: 'mlproject', path: file.path, name: strOf(doc, mapGet(doc, root, 'name')), entryPoints: [], dockerEnv: [] };
  project.condaEnv = strOf(doc, mapGet(doc, root, 'conda_env'));
  project.pythonEnv = strOf(doc, mapGet(doc, root, 'python_env'));
  const docker = mapGet(doc, root, 'docker_env');
  const image = strOf(doc, mapGet(doc, docker, 'image'));
  if (image) project.image = makeImageRef(image, image.value, /[${}]/.test(image.value), 'mlproject');
  for (const item of seqItems(doc, mapGet(doc, docker, 'environment'))) {
    if (isSeq(item)) {
      const [n, v] = seqItems(doc, item).map((x) => strOf(doc, x));
      if (n) project.dockerEnv.push({ name: n, ...(v ? { value: v } : {}), referenced: false, origin: 'other' });
    } else if (isScalar(item)) {
      // A bare name copies the variable from the host: the value is not in the file.
      const n = strOf(doc, item);
      if (n) project.dockerEnv.push({ name: n, referenced: true, origin: 'other' });
    }
  }
  for (const ep of mapEntries(doc, mapGet(doc, root, 'entry_points'))) {
    const id = `mlproject:${file.path}:${ep.key.value}`;
    const parameters: EntryPoint['parameters'] = [];
    const defaults = new Map<string, string>();
    for (const p of mapEntries(doc, mapGet(doc, ep.value, 'parameters'))) {
      if (isScalar(p.value)) {
        parameters.push({ name: p.key, type: strOf(doc, p.value) });
      } else {
        const def = strOf(doc, mapGet(doc, p.value, 'default'));
        parameters.push({ name: p.key, type: strOf(doc, mapGet(doc, p.value, 'type')), ...(def ? { default: def } : {}) });
        if (def) defaults.set(p.key.value, def.value);
      }
    }
    const cmd = locatedScalar(doc, mapGet(doc, ep.value, 'command'));
    let command: EntryPoint['command'];
    if (cmd) {
      const { text, subs } = substituteDefaults(cmd.text, defaults);
      command = { text, offsetAt: (i) => cmd.offsetAt(templateIndex(subs, i)), loc: cmd.loc };
    }
    project.entryPoints.push({ id, name: ep.key, loc: nodeLoc(doc, ep.pair.value as never, ep.key.loc), command, parameters });
  }
  return project;
}
