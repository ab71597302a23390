// The 'mlflow' format reader (MLproject, MLmodel, conda.yaml, python_env.yaml) and the
// 'requirements' reader (requirements*.txt).

import type { ParsedDocument } from '../../document';
import { factsFromEnvironment } from '../../facts/commands';
import { emptyFacts, mergeFacts, type Facts, type SettingFact } from '../../facts/model';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';
import { commandFacts } from '../dvc/commands';
import { AliasLimitError, aliasLimitNote, parseYaml, type YamlDoc } from '../dvc/yaml';
import { baseName, type FormatReader } from '../reader';
import { condaFacts, pythonEnvFacts } from './environment';
import type { MlmodelFact } from '../../facts/records';
import { readMlmodel } from './mlmodel';
import { readProject, type MlProject } from './project';
import { parseRequirementsText, pipInstallFact } from './requirements';
import { appendAll } from '../../collections';

export type MlflowFileKind = 'mlproject' | 'mlmodel' | 'conda' | 'python-env';

export function mlflowFileKind(path: string): MlflowFileKind | undefined {
  const base = baseName(path);
  const lower = base.toLowerCase();
  if (lower === 'mlproject') return 'mlproject';
  if (base === 'MLmodel') return 'mlmodel';
  if (/^(conda|environment)\.ya?ml$/.test(base)) return 'conda';
  if (/^python_env\.ya?ml$/.test(base)) return 'python-env';
  return undefined;
}

export function isRequirementsFile(path: string): boolean {
  const base = baseName(path);
  return /^(.*[-_.])?requirements([-_.].*)?\.(txt|in)$/i.test(base) || /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path);
}

/** Environment and tracking facts of a project's settings: the shared env interpretation plus the settings themselves. */
function settingsFacts(settings: SettingFact[]): Facts {
  const facts = emptyFacts();
  appendAll(facts.settings, settings);
  mergeFacts(facts, factsFromEnvironment(settings, 'run', 'conda-env'));
  return facts;
}

function projectFacts(p: MlProject): Facts {
  const facts = emptyFacts();
  for (const ep of p.entryPoints) {
    const image = p.image ? { ...p.image, workloadId: ep.id } : undefined;
    facts.workloads.push({ id: ep.id, kind: 'mlproject-entry', name: ep.name.value, format: 'mlflow', loc: ep.loc, anchor: ep.name.loc, ...(image ? { image } : {}), dependsOn: [] });
    if (ep.command) mergeFacts(facts, commandFacts([ep.command], 'mlproject-entry', ep.id, p.path));
    const params: SettingFact[] = ep.parameters.filter((x) => x.default).map((x) => ({ name: x.name, value: x.default, referenced: false, origin: 'mlproject-parameter', workloadId: ep.id }));
    mergeFacts(facts, settingsFacts(params));
  }
  if (p.image) facts.images.push(p.image);
  mergeFacts(facts, settingsFacts(p.dockerEnv));
  return facts;
}

export const mlflowReader: FormatReader = {
  id: 'mlflow',
  matches(path) {
    return mlflowFileKind(path) ? 'yes' : 'no';
  },
  parse(file: SourceFile): ParsedDocument[] {
    const kind = mlflowFileKind(file.path);
    if (!kind) return [];
    const { doc, notes } = parseYaml(file);
    if (!doc) return [{ file, format: 'mlflow', facts: emptyFacts(), notes }];
    try {
      return readMlflowDocument(kind, doc, file, notes);
    } catch (e) {
      if (!(e instanceof AliasLimitError)) throw e;
      return [{ file, format: 'mlflow', facts: emptyFacts(), notes: [...notes, aliasLimitNote(file, e)] }];
    }
  },
};

/** Reads a parsed MLproject, MLmodel or environment file. */
function readMlflowDocument(kind: MlflowFileKind, doc: YamlDoc, file: SourceFile, notes: Problem[]): ParsedDocument[] {
  if (kind === 'mlproject') {
    const p = readProject(doc, file);
    return [{ file, format: 'mlflow', facts: projectFacts(p), notes, ast: p }];
  }
  if (kind === 'mlmodel') {
    const { info, models } = readMlmodel(doc, file);
    const facts = emptyFacts();
    appendAll(facts.models, models);
    facts.mlmodels.push(info satisfies MlmodelFact);
    return [{ file, format: 'mlflow', facts, notes, ast: info }];
  }
  const facts = kind === 'conda' ? condaFacts(doc, file) : pythonEnvFacts(doc, file);
  if (kind === 'conda') mergeFacts(facts, factsFromEnvironment(facts.settings, 'run', 'conda-env'));
  return [{ file, format: 'mlflow', facts, notes }];
}

export const requirementsReader: FormatReader = {
  id: 'requirements',
  matches(path) {
    return isRequirementsFile(path) ? 'yes' : 'no';
  },
  parse(file: SourceFile): ParsedDocument[] {
    const lines = parseRequirementsText(file.text, file.path);
    const facts = emptyFacts();
    facts.packageInstalls.push(pipInstallFact(lines, file.loc(0, Math.min(file.text.length, file.text.indexOf('\n') < 0 ? file.text.length : file.text.indexOf('\n'))), 'requirements-file'));
    for (const u of [...lines.options.indexUrls, ...lines.options.extraIndexUrls, ...lines.options.findLinks]) facts.urls.push({ url: u, role: 'package-index' });
    return [{ file, format: 'requirements', facts, notes: [] }];
  },
};
