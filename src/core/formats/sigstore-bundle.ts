// Recognises signature files in the workspace (`model.sig`, `*.sigstore.json`, `*.sigstore`) so
// the signature check finds model directories by their signature, even when no file in them is
// a model format mlsec reads.

import { emptyFacts } from '../facts/model';
import type { Problem } from '../model';
import { signatureTarget } from '../artifacts/signature';
import { baseName, type FormatReader } from './reader';

export const sigstoreBundleReader: FormatReader = {
  id: 'sigstore-bundle',
  matches: (path) => (baseName(path) === 'model.sig' || path.endsWith('.sigstore.json') || path.endsWith('.sigstore') ? 'yes' : 'no'),
  parse(file) {
    const loc = signatureTarget(file.path);
    if (!loc) return [];
    const notes: Problem[] = [];
    try {
      JSON.parse(file.text);
    } catch (e) {
      notes.push({ file: file.path, level: 'warning', message: `The signature is not valid JSON (${(e as Error).message}).`, loc: file.loc(0, 0) });
    }
    const facts = emptyFacts();
    facts.signatureFiles.push(loc);
    return [{ file, format: 'sigstore', facts, notes }];
  },
};
