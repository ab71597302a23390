// Reads model artifacts as bytes (pickles, PyTorch checkpoints, NumPy, Keras, HDF5,
// safetensors, ONNX, GGUF, zip archives of model files) through WorkspaceIO and turns each into
// a model fact plus its detailed scan, without loading or executing anything. A `.7z` archive,
// which mlsec cannot read, gets a note saying its contents were not inspected.

import type { ParsedDocument } from '../document';
import { emptyFacts } from '../facts/model';
import type { Problem } from '../model';
import { describeFormat, extensionOf, isModelFileName, modelFileFact, scanModelFile } from '../artifacts/model-scan';
import { isNotAModel } from '../artifacts/model-carrier';
import { UNREAD_ARCHIVE_NOTE } from '../artifacts/unread-archive';
import type { FormatReader } from './reader';

export const modelFileReader: FormatReader = {
  id: 'model-file',
  binary: true,
  matches: (path) => (isModelFileName(path) || extensionOf(path) === '7z' ? 'yes' : 'no'),
  async parse(file, ctx) {
    if (!ctx.io) return [];
    const loc = { file: file.path, start: 0, end: 0 };
    if (extensionOf(file.path) === '7z') return [{ file, format: 'model', facts: emptyFacts(), notes: [{ file: file.path, level: 'warning', message: UNREAD_ARCHIVE_NOTE, loc }] }];
    const scan = await scanModelFile(ctx.io, file.path);
    if (!scan) return [];
    // A `.bin` that is none of the model formats, or a `.zip` that carries no model file, is some other file: not ours to report.
    if (isNotAModel(scan)) return [];
    const facts = emptyFacts();
    facts.models.push({ path: file.path, loc, source: 'file', serialization: scan.serialization, unsafeOnLoad: scan.unsafeOnLoad });
    facts.modelFiles.push(modelFileFact(scan));
    const notes: Problem[] = [];
    if (scan.format === 'unknown') notes.push({ file: file.path, level: 'warning', message: `The content is ${describeFormat('unknown')}, although the name says it is a model file.`, loc });
    if (scan.mismatch) notes.push({ file: file.path, level: 'warning', message: scan.mismatch, loc });
    for (const p of scan.problems) notes.push({ file: file.path, level: 'warning', message: p, loc });
    const doc: ParsedDocument = { file, format: 'model', facts, notes, ast: scan };
    return [doc];
  },
};
