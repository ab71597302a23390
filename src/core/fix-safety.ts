// Fix safety as an engine invariant: before a fix is offered anywhere (editor, `scan --fix`, JSON
// and SARIF), its edits are applied to the analysed text and the result re-parsed with the file's
// own parser; a fix that would make a valid file invalid, or that writes through a symlink or
// outside the workspace, is dropped with a note.

import { parseAllDocuments } from 'yaml';
import { DocumentIndex } from './document';
import { applyEdits } from './fixes';
import { dockerfileStretchRegression, readDockerfile } from './fix-safety-dockerfile';
import { yamlBlockRegression } from './fix-safety-yaml';
import { isDockerfilePath } from './formats/dockerfile/reader';
import { dockerfileNameMatch, looksLikeDockerfile } from './formats/dockerfile/naming';
import { parseIni } from './formats/dvc/ini';
import type { Finding, Fix, Problem, TextEdit } from './model';
import { SourceFile } from './source';
import type { WorkspaceIO } from './workspace/io';
import { yamlDepthExceeded } from './formats/yaml/depth';

/** How a file's text is checked after an edit. */
export type SyntaxKind = 'json' | 'yaml' | 'dockerfile' | 'ini' | 'text';

const YAML_NAMES = /(^|\/)(MLproject|MLmodel|dvc\.lock)$|\.(ya?ml|dvc)$/i;

/** The syntax of a file: from its name, and for `.json` only while the text really is JSON. */
export function syntaxOf(path: string, text: string | undefined): SyntaxKind {
  if (isDockerfilePath(path) && (text === undefined || dockerfileNameMatch(path) === 'yes' || looksLikeDockerfile(text))) return 'dockerfile';
  if (/(^|\/)\.dvc\/config(\.local)?$/.test(path)) return 'ini';
  if (/\.json$/i.test(path)) return text === undefined || isJson(text) ? 'json' : 'yaml';
  if (YAML_NAMES.test(path)) return 'yaml';
  return 'text';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A measure of a text's syntax problems; an edit may not make it worse. */
interface Health {
  /** Problems found (errors, unterminated quotes, malformed lines). */
  problems: number;
  /** Documents in a YAML stream, which an edit must neither merge nor split. */
  documents?: number;
}

function yamlHealth(text: string): Health {
  if (yamlDepthExceeded(text) !== undefined) return { problems: Number.MAX_SAFE_INTEGER };
  try {
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
    if (!Array.isArray(docs)) return { problems: 1 + ((docs as { errors?: unknown[] }).errors?.length ?? 0), documents: 0 };
    return { problems: docs.reduce((n, d) => n + d.errors.length, 0), documents: docs.length };
  } catch {
    return { problems: Number.MAX_SAFE_INTEGER };
  }
}

function health(kind: SyntaxKind, path: string, text: string): Health {
  switch (kind) {
    case 'json':
      return { problems: isJson(text) ? 0 : 1 };
    case 'yaml':
      return yamlHealth(text);
    case 'ini':
      return { problems: parseIni(new SourceFile(path, text)).notes.length };
    case 'dockerfile':
      // The reader's own warnings cover unterminated quotes and heredocs in RUN shell scripts
      // (parsed with the shell parser) and a Dockerfile without FROM.
      return { problems: readDockerfile(path, text).warnings };
    default:
      return { problems: 0 };
  }
}

/**
 * Why `after` (the text of `path` after an edit) is worse-formed than `before`, or undefined when
 * it is not. `before` is undefined for a file the edit creates.
 */
export function syntaxRegression(path: string, before: string | undefined, after: string, source?: SourceFile): string | undefined {
  const kind = syntaxOf(path, before);
  if (kind === 'text') return undefined;
  const was = before === undefined ? { problems: 0 } : source ? sourceHealth(source, kind, path) : health(kind, path, before);
  return regression(kind, was, health(kind, path, after));
}

function regression(kind: SyntaxKind, was: Health, now: Health): string | undefined {
  if (kind === 'json' && now.problems) return 'the edited file would no longer be valid JSON';
  if (was.documents !== undefined && now.documents !== was.documents) return `the edited file would have ${now.documents} YAML documents instead of ${was.documents}`;
  if (now.problems > was.problems) {
    const what = { yaml: 'YAML', ini: 'INI', dockerfile: 'Dockerfile (or RUN shell)', json: 'JSON', text: '' }[kind];
    return `the edited file would have ${kind === 'yaml' && !was.problems ? 'a' : 'a new'} ${what} syntax error`;
  }
  return undefined;
}

/**
 * Where each part of a YAML stream starts: 0 and every line that begins with a `---` or `...`
 * marker, which YAML forbids inside any content, so the parser starts afresh there. Undefined for
 * a stream with directives (`%YAML`, `%TAG`), which bind to the document after them.
 */
function yamlParts(text: string): number[] | undefined {
  if (/^%/m.test(text)) return undefined;
  const starts = [0];
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts;
}

interface YamlParts {
  starts: number[] | undefined;
  health: Map<number, Health>;
  /** Each part's document as a text of its own (after its `---` line), where it starts. */
  texts: Map<number, { offset: number; file: SourceFile }>;
}

const partsOfSource = new WeakMap<SourceFile, YamlParts>();

/**
 * The verdict on edits that all fall inside one part of a multi-document YAML stream, from a
 * parse of that part alone: the other parts are unchanged and parse the same, so the whole
 * stream's document count and problems change exactly as the part's do. `null` when the edits
 * cannot be judged that way (one part, edits across or at a marker, or new text with a marker).
 */
function yamlPartRegression(source: SourceFile, edits: readonly TextEdit[]): string | undefined | null {
  let parts = partsOfSource.get(source);
  if (!parts) partsOfSource.set(source, (parts = { starts: yamlParts(source.text), health: new Map(), texts: new Map() }));
  const starts = parts.starts;
  if (!starts || starts.length < 2 || edits.some((e) => /---|\.\.\.|%/.test(e.newText))) return null;
  const lo = Math.min(...edits.map((e) => e.start));
  const hi = Math.max(...edits.map((e) => e.end));
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= lo) i++;
  const start = starts[i];
  const end = i + 1 < starts.length ? starts[i + 1] : source.text.length;
  // An edit at a part's first character could join it to the marker line, and one reaching the next marker could remove it.
  if ((lo === start && i > 0) || hi >= end) return null;
  const whole = sourceHealth(source, 'yaml', source.path);
  if (whole.problems === Number.MAX_SAFE_INTEGER) return null;
  // Most documents of a manifest stream are clean: one entry of the document decides, and the
  // document's count and the other documents stay as they were.
  const inBlock = partBlockRegression(parts, i, source, edits);
  if (inBlock !== null) return inBlock === undefined ? undefined : regression('yaml', whole, { problems: whole.problems + 1, documents: whole.documents });
  let was = parts.health.get(i);
  if (!was) parts.health.set(i, (was = yamlHealth(source.text.slice(start, end))));
  if (was.problems === Number.MAX_SAFE_INTEGER) return null;
  const now = yamlHealth(
    applyEdits(
      source.text.slice(start, end),
      edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText })),
    ),
  );
  const total = (h: Health): Health => ({ problems: whole.problems - was.problems + h.problems, documents: (whole.documents ?? 0) - (was.documents ?? 0) + (h.documents ?? 0) });
  return regression('yaml', whole, total(now));
}

/**
 * The verdict on edits inside part `i` of a stream from one block mapping entry of that part's
 * document (its text after the `---` line), or `null` when no entry decides.
 */
function partBlockRegression(parts: YamlParts, i: number, source: SourceFile, edits: readonly TextEdit[]): string | undefined | null {
  const starts = parts.starts!;
  let part = parts.texts.get(i);
  if (!part) {
    const end = i + 1 < starts.length ? starts[i + 1] : source.text.length;
    const marker = i > 0 ? /^---[ \t]*\n/.exec(source.text.slice(starts[i], end)) : null;
    const body = starts[i] + (marker ? marker[0].length : 0);
    parts.texts.set(i, (part = { offset: body, file: new SourceFile(source.path, i > 0 && !marker ? '' : source.text.slice(body, end)) }));
  }
  const { offset, file } = part;
  if (!file.text || edits.some((e) => e.start < offset)) return null;
  return yamlBlockRegression(
    file,
    edits.map((e) => ({ ...e, start: e.start - offset, end: e.end - offset })),
  );
}

/** The verdict from one part of a YAML stream, else from one entry of a block mapping, else `null`. */
function yamlLocalRegression(source: SourceFile, edits: TextEdit[]): string | undefined | null {
  const part = yamlPartRegression(source, edits);
  return part !== null ? part : yamlBlockRegression(source, edits);
}

/**
 * The health of an analysed text, measured once: every fix of the file compares with it, and a
 * Dockerfile with many fixes would otherwise be re-read once per fix for the same figure.
 */
const healthOfSource = new WeakMap<SourceFile, { kind: SyntaxKind; path: string; health: Health }>();

function sourceHealth(source: SourceFile, kind: SyntaxKind, path: string): Health {
  const hit = healthOfSource.get(source);
  if (hit && hit.kind === kind && hit.path === path) return hit.health;
  const h = health(kind, path, source.text);
  healthOfSource.set(source, { kind, path, health: h });
  return h;
}

/** Per analysed text: the verdict on each set of edits already checked, so re-analysis is cheap. */
const verdicts = new WeakMap<SourceFile, Map<string, string | undefined>>();

function editVerdict(source: SourceFile | undefined, path: string, edits: TextEdit[]): string | undefined {
  const create = edits.some((e) => e.create);
  if (!create && (!source || source.binary)) return undefined;
  const key = JSON.stringify(edits.map((e) => [e.start, e.end, e.newText, !!e.create]));
  const cache = source ? (verdicts.get(source) ?? new Map<string, string | undefined>()) : undefined;
  if (source && cache) verdicts.set(source, cache);
  if (cache?.has(key)) return cache.get(key);
  let verdict: string | undefined;
  const before = create ? undefined : source!.text;
  try {
    const kind = create || !source ? undefined : syntaxOf(path, before);
    const local = kind === 'yaml' ? yamlLocalRegression(source!, edits) : kind === 'dockerfile' ? dockerfileStretchRegression(source!, edits) : null;
    verdict = local !== null ? local : syntaxRegression(path, before, applyEdits(before ?? '', edits), create ? undefined : source);
  } catch (e) {
    verdict = `its edits do not apply (${(e as Error).message})`;
  }
  cache?.set(key, verdict);
  return verdict;
}

/** Why a fix may not be offered, or undefined when it may. */
export async function fixRefusal(fix: Fix, index: DocumentIndex, io: WorkspaceIO | undefined, targets: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    if (io) {
      let target = targets.get(file);
      if (!target) targets.set(file, (target = io.writeRefusal(file)));
      const refused = await target;
      if (refused) return `${file} may not be edited: ${refused}`;
    }
    const verdict = editVerdict(index.source(file), file, edits);
    if (verdict) return `in ${file}, ${verdict}`;
  }
  return undefined;
}

/** Drops, from every finding, the fixes that fail the checks, with a note for each. */
export async function keepSafeFixes(findings: readonly Finding[], index: DocumentIndex, io: WorkspaceIO | undefined, notes: Problem[]): Promise<void> {
  const targets = new Map<string, Promise<string | undefined>>();
  for (const f of findings) {
    if (!f.fixes.some((x) => x.edits.length)) continue;
    const kept: Fix[] = [];
    for (const fix of f.fixes) {
      const why = fix.edits.length ? await fixRefusal(fix, index, io, targets) : undefined;
      if (!why) kept.push(fix);
      else notes.push({ file: f.loc.file, level: 'warning', message: `fix "${fix.title}" of ${f.ruleId} not offered: ${why}`, loc: f.loc, range: f.range });
    }
    if (kept.length !== f.fixes.length) (f as { fixes: Fix[] }).fixes = kept;
  }
}
