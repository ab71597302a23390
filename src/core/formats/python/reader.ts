// Reads Python files that import a library mlsec has rules for: the code's loads, downloads,
// transport and secret facts as a `python` document.

import { parser } from '@lezer/python';
import type { ParsedDocument } from '../../document';
import { emptyFacts } from '../../facts/model';
import type { SourceFile } from '../../source';
import type { FormatReader } from '../reader';
import { callViews } from './calls';
import { readKfpDsl } from './kfp-dsl';
import { addLoadFacts } from './loads';
import { PyModule } from './module';
import { importsAnalysedLibrary } from './precheck';
import { addTransportFacts } from './transport';

/** Parses a Python file into its module model; lezer recovers from syntax errors, so this never throws on text. */
export function readPythonModule(file: SourceFile): PyModule {
  return new PyModule(file, parser.parse(file.text));
}

export const pythonReader: FormatReader = {
  id: 'python',
  matches(path) {
    return /\.pyw?$/i.test(path) ? 'yes' : 'no';
  },
  parse(file: SourceFile): ParsedDocument[] {
    if (!importsAnalysedLibrary(file.text)) return [];
    const m = readPythonModule(file);
    const calls = callViews(m);
    const facts = emptyFacts();
    addLoadFacts(calls, facts);
    addTransportFacts(m, calls, facts);
    const docs: ParsedDocument[] = [{ file, format: 'python', facts, notes: [] }];
    // The KFP DSL is read as the pipeline it compiles to, so the rules for KFP apply to it.
    const kfp = readKfpDsl(m);
    if (kfp) docs.push({ file, format: 'kfp', facts: kfp.facts, notes: kfp.notes });
    return docs;
  },
};
