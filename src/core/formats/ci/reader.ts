// The format reader for CI pipelines: GitHub Actions workflows (`.github/workflows/*.yml`),
// action definitions (`action.yml`, read when they run a composite or Docker action) and GitLab
// CI files (`.gitlab-ci.yml`). One parsed document per file.

import type { ParsedDocument } from '../../document';
import { emptyFacts } from '../../facts/model';
import type { Format } from '../../model';
import type { SourceFile } from '../../source';
import { checkBudget } from '../../workspace/budget';
import { FactsBuilder } from '../k8s/facts';
import type { FormatReader } from '../reader';
import { AliasLimitError } from '../yaml/nodes';
import { parseYaml } from '../yaml/parse';
import { actionRunner, isWorkflow, readAction, readWorkflow } from './github';
import { isGitlabCi, readGitlabCi } from './gitlab';
import { ciFileKind, type CiFileKind } from './names';

/** The AST kept on a CI document. */
export interface CiAst {
  kind: CiFileKind;
}

function formatOf(kind: CiFileKind): Format {
  return kind === 'gitlab-ci' ? 'gitlab-ci' : 'github-actions';
}

/** Reads the document of one CI file into facts; false when it is not of its kind after all. */
function readDocument(b: FactsBuilder, kind: CiFileKind): boolean {
  checkBudget();
  if (kind === 'gitlab-ci') {
    if (!isGitlabCi(b)) return false;
    readGitlabCi(b);
  } else if (kind === 'github-workflow') {
    if (!isWorkflow(b)) return false;
    readWorkflow(b);
  } else {
    const using = actionRunner(b);
    if (using !== 'composite' && using !== 'docker') return false;
    readAction(b);
  }
  return true;
}

/** Reads a CI file; never throws. A workflow or GitLab file that does not parse keeps its notes. */
export function readCiFile(file: SourceFile): ParsedDocument[] {
  const kind = ciFileKind(file.path);
  if (!kind) return [];
  const format = formatOf(kind);
  const parsed = parseYaml(file);
  const y = parsed.docs[0];
  const notes = [...parsed.notes];
  const ast: CiAst = { kind };
  if (!y || parsed.failed.has(0)) return kind === 'github-action' ? [] : [{ file, format, facts: emptyFacts(), notes, ast }];
  const b = new FactsBuilder(y, format, file.path);
  try {
    if (!readDocument(b, kind)) return [];
  } catch (e) {
    if (!(e instanceof AliasLimitError)) throw e;
    return [{ file, format, facts: emptyFacts(), notes: [...notes, { file: file.path, level: 'warning', message: e.message }], ast }];
  }
  return [{ file, format, facts: b.facts, notes, ast }];
}

export const ciReader: FormatReader = {
  id: 'ci',
  matches: (path) => {
    const kind = ciFileKind(path);
    return kind === 'github-workflow' || kind === 'gitlab-ci' ? 'yes' : kind === 'github-action' ? 'maybe' : 'no';
  },
  parse: (file) => readCiFile(file),
};
