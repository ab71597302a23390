// The 'compose' format reader: docker-compose files (`compose.yaml`, `docker-compose*.yml`,
// `compose.*.yaml`) whose `services` become container workloads. Files of those names that are
// not compose files (no `services` mapping of services) are left to the other readers.

import type { ParsedDocument } from '../../document';
import { addConnectionFacts } from '../../facts/connections';
import { emptyFacts } from '../../facts/model';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';
import { checkBudget } from '../../workspace/budget';
import { FactsBuilder } from '../k8s/facts';
import type { FormatReader } from '../reader';
import { AliasLimitError, type YamlDoc } from '../yaml/nodes';
import { parseYaml } from '../yaml/parse';
import { isComposeDocument, isComposePath } from './naming';
import { readService } from './service';

/** The AST kept on each parsed document. */
export interface ComposeAst {
  yaml: YamlDoc;
  docIndex: number;
}

function readDocument(file: SourceFile, y: YamlDoc, i: number): ParsedDocument {
  const b = new FactsBuilder(y, 'compose', `${file.path}#${i}`);
  for (const e of y.entries(y.get(y.root, 'services'))) {
    checkBudget();
    const key = y.str(e.keyNode);
    if (key && e.value) readService(b, key, e.value);
  }
  addConnectionFacts(b.facts);
  return { file, format: 'compose', facts: b.facts, notes: [], ast: { yaml: y, docIndex: i } satisfies ComposeAst };
}

/** Reads a compose file; never throws. */
export function readCompose(file: SourceFile): ParsedDocument[] {
  if (!/^\s*["']?services["']?\s*:/m.test(file.text)) return [];
  const parsed = parseYaml(file);
  const out: ParsedDocument[] = [];
  const notes: Problem[] = [...parsed.notes];
  parsed.docs.forEach((y, i) => {
    if (parsed.failed.has(i)) return;
    try {
      if (isComposeDocument(y)) out.push(readDocument(file, y, i));
    } catch (e) {
      if (!(e instanceof AliasLimitError)) throw e;
      notes.push({ file: file.path, level: 'warning', message: `document ${i + 1}: ${e.message}` });
      out.push({ file, format: 'compose', facts: emptyFacts(), notes: [], ast: { yaml: y, docIndex: i } satisfies ComposeAst });
    }
  });
  // A broken file of a compose name is reported as one; a valid YAML file that is no compose file is not ours.
  if (!out.length) return notes.length ? [{ file, format: 'compose', facts: emptyFacts(), notes }] : [];
  out[0].notes.push(...notes);
  return out;
}

export const composeReader: FormatReader = {
  id: 'compose',
  matches: (path) => (isComposePath(path) ? 'yes' : 'no'),
  parse: (file) => readCompose(file),
};
