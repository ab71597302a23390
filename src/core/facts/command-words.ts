// What every command analysis shares: the context a script runs in, the facts it adds to, and
// shell words as located values (quotes, inline option values, exact spans for edits).

import type { Loc } from '../model';
import { basename } from '../shell/parse';
import type { DownloadFact, Facts, ScriptOrigin, ShellCommand, ShellWord, Str, TlsDisableFact } from './model';

export interface CommandContext {
  origin: ScriptOrigin;
  phase: 'build' | 'run';
  workloadId?: string;
  file: string;
}

/** The facts one script adds to, in its context. */
export interface Acc {
  facts: Facts;
  ctx: CommandContext;
  scriptHasChecksum: boolean;
}

const MODEL_EXT = /\.(pt|pth|bin|ckpt|safetensors|onnx|h5|hdf5|keras|pkl|pickle|joblib|gguf|ggml|pb|tflite|mar|mlmodel|npz|model)(\?|$)/i;
const DATA_EXT = /\.(csv|tsv|parquet|jsonl|json|npy|tfrecord|arrow|feather|avro|txt|xml)(\?|$)/i;
const ARCHIVE_EXT = /\.(tar|tgz|tar\.gz|tar\.xz|tar\.bz2|tar\.zst|zip|whl|gz|xz|bz2|7z|zst|deb|rpm|apk)(\?|$)/i;
const SCRIPT_EXT = /\.(sh|bash|py|pl|rb|ps1|js)(\?|$)/i;
/** POSIX shells (and busybox, whose `sh` is one): interpreters whose scripts the shell parser reads. */
export const POSIX_SHELLS = /^(sh|bash|dash|ash|zsh|ksh|busybox)$/;
/** Commands that run the script or code they are given: what a download must not be fed to. */
export const INTERPRETERS = /^(sh|bash|dash|zsh|ash|ksh|python[0-9.]*|perl|ruby|node|php|pwsh|powershell|source|\.|eval)$/;
export const URL_RE = /^(https?|ftp):\/\/[^\s'"]+/i;

/** A word as a Str; like every Str its loc covers the value inside simple quotes. */
export function wordStr(w: ShellWord): Str {
  return { value: w.value, loc: valueLoc(w.raw, w.value, w.loc) };
}

/**
 * Where `value` sits in a span whose written text is `raw`: the whole span when written
 * verbatim, inside the quotes when simply quoted, else the whole span (the best we know).
 */
function valueLoc(raw: string, value: string, loc: Loc): Loc {
  if (loc.end - loc.start !== raw.length) return loc;
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length === value.length + 2 && raw.endsWith(q) && raw.slice(1, -1) === value) {
    return { file: loc.file, start: loc.start + 1, end: loc.end - 1 };
  }
  return loc;
}

/**
 * The value of an option written in the same word (`--index-url=URL`, `-rFILE`), as a word of
 * its own: located on the value when the word is verbatim, otherwise on the whole word with a
 * raw text that says the location is not exact, so no edit is made from it.
 */
export function inlineWord(w: ShellWord, prefix: number): ShellWord {
  const value = w.value.slice(prefix);
  const raw = w.raw.slice(prefix);
  if (exactLoc(w) && w.raw.slice(0, prefix) === w.value.slice(0, prefix)) {
    return { value, raw, loc: { file: w.loc.file, start: w.loc.start + prefix, end: w.loc.end }, dynamic: w.dynamic };
  }
  return { value, raw, loc: w.loc, dynamic: w.dynamic };
}

/** The bare command name, after wrappers such as sudo and env. */
export function commandName(words: readonly ShellWord[]): string {
  return words.length ? basename(words[0].value) : '';
}

/** Whether a word's location covers exactly its raw text, so edits to it are safe. */
export function exactLoc(w: ShellWord): boolean {
  return w.loc.end - w.loc.start === w.raw.length;
}

/** Edits that delete `words` from a command together with the blank before them. */
export function removalOf(cmd: ShellCommand, remove: readonly ShellWord[]): TlsDisableFact['removal'] {
  if (!remove.every(exactLoc)) return undefined;
  const all = [...cmd.words];
  const idx = all.indexOf(remove[0]);
  const prev = idx > 0 ? all[idx - 1] : undefined;
  if (!prev || !exactLoc(prev)) return undefined;
  const last = remove[remove.length - 1];
  return [{ start: prev.loc.end, end: last.loc.end, newText: '' }];
}

/** Files fetched for what they say, not as content: licences, version lookups, checksums and signatures. */
const METADATA_NAME =
  /^(licen[cs]e|copying|notice|readme|changelog|authors)(\.(md|txt|rst))?$|^(stable|latest|version|release|current)(\.txt)?$|\.(sha(1|256|512)(sum)?|md5|asc|sig|pem|pub)$|^sha(1|256|512)sums(\.txt)?$/i;
/** Folders whose files are run as commands. */
const BIN_DIR = /^(\/usr(\/local)?|\/opt\/[^/]+)?\/s?bin\/[^/]+$/;

/** The last path segment of a URL or path, without a query or fragment. */
export function fileNameOf(s: string): string {
  const path = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

export function payloadOf(url: string, output?: string): DownloadFact['payload'] {
  if (output && BIN_DIR.test(output)) return 'executable';
  if (METADATA_NAME.test(fileNameOf(output || url))) return 'other';
  const s = `${output ?? ''} ${url}`;
  for (const x of [output ?? '', url]) {
    if (!x) continue;
    if (MODEL_EXT.test(x) || /huggingface\.co\/.+\/resolve\//.test(x)) return 'model';
    if (ARCHIVE_EXT.test(x)) return 'archive';
    if (SCRIPT_EXT.test(x)) return 'script';
    if (DATA_EXT.test(x)) return 'data';
  }
  return /model|weights|checkpoint/i.test(s) ? 'model' : 'other';
}

export function removalIf(cmd: ShellCommand, words: ShellWord[]): Pick<TlsDisableFact, 'removal'> {
  const r = removalOf(cmd, words);
  return r ? { removal: r } : {};
}

export function wid(acc: Acc): { workloadId?: string } {
  return acc.ctx.workloadId ? { workloadId: acc.ctx.workloadId } : {};
}
