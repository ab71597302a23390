// Reads Python files that import a library mlsec has rules for: the code's loads, downloads,
// transport and secret facts as a `python` document.

import { parser } from '@lezer/python';
import type { ParsedDocument } from '../../document';
import { emptyFacts } from '../../facts/model';
import type { SourceFile } from '../../source';
import type { FormatReader } from '../reader';
import { callViews } from './calls';
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
    return [{ file, format: 'python', facts, notes: [] }];
  },
};
