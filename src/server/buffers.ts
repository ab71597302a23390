// Parsing an open editor buffer into its folder's index, with the same skips as files read from
// disk (binary, over the size limit, ignored), so the buffer and the file are treated alike.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceFile } from '../core/source';
import type { Folder } from './folder';
import type { ServiceState } from './state';

/**
 * Parses an open document's buffer into the folder index. Returns false (and removes the path
 * from the index) when the buffer is not analysed: binary, over the size limit, ignored.
 */
export async function parseBuffer(state: ServiceState, f: Folder, rel: string, doc: TextDocument): Promise<boolean> {
  const text = doc.getText();
  const skip = (why: string) => {
    state.logSkipOnce(f, rel, why);
    f.index.delete(rel);
    return false;
  };
  if (state.engine.isBinaryPath(rel)) return false;
  await f.configs.ensure([rel]);
  if (f.isIgnored(rel)) return skip('matches an ignore pattern');
  const config = f.configOf(rel);
  const size = Buffer.byteLength(text, 'utf8');
  if (size > config.maxFileSize) return skip(`${size} bytes is over the ${config.maxFileSize}-byte size limit (maxFileSize)`);
  if (text.slice(0, 8192).includes('\0')) return skip('binary content (NUL bytes) in a file mlsec reads as text');
  const source = new SourceFile(rel, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  f.sourceVersions.set(source, doc.version);
  const { docs, notes } = await state.engine.parse(source, { config, io: f.io });
  state.logNotes(notes);
  f.index.delete(rel);
  for (const d of docs) f.index.add(d);
  return docs.length > 0;
}
