// Text edits that add suppression comments (`# mlsec-ignore: id -- reason` above a line, or
// `# mlsec-ignore-file: id -- reason` near the top of a file), for editors and tools that offer them.

import type { TextEdit } from './model';
import type { SourceFile } from './source';

export interface SuppressionEdit {
  edit: TextEdit;
  /**
   * Where the reason placeholder sits after the edit is applied (zero-based line, UTF-16
   * characters), so an editor can select it for the user to type over. Absent when the id was
   * added to an existing comment that already gives a reason.
   */
  placeholder?: { line: number; start: number; end: number };
}

export const REASON_PLACEHOLDER = 'reason';

const LINE_COMMENT = /^(\s*)#\s*mlsec-ignore\s*:\s*/;
const FILE_COMMENT = /^(\s*)#\s*mlsec-ignore-file\s*:\s*/;
/** Dockerfile parser directives (`# syntax=…`, `# escape=…`, `# check=…`) must stay first. */
const DOCKER_DIRECTIVE = /^#\s*(syntax|escape|check)\s*=/i;
const DOCKERFILE_NAME = /(^|\/)(Dockerfile|Containerfile)([.-][^/]*)?$|\.(dockerfile|containerfile)$/i;

/** Whether the file's syntax has `#` line comments, so a suppression comment can be written. */
export function acceptsHashComments(file: SourceFile): boolean {
  return !file.binary && !/\.(json|ipynb)$/i.test(file.path);
}

function lineBreak(file: SourceFile): string {
  return file.text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Adds `ruleId` to the comment on `line` when it already is a suppression comment of the given
 * kind, returning the edit; undefined when the line is something else.
 */
function addToExisting(file: SourceFile, line: number, pattern: RegExp, ruleId: string): SuppressionEdit | undefined {
  const text = file.lineText(line);
  const m = pattern.exec(text);
  if (!m) return undefined;
  const idsStart = m[0].length;
  const sep = text.indexOf(' --', idsStart);
  const idsEnd = sep < 0 ? text.trimEnd().length : sep;
  const ids = text
    .slice(idsStart, idsEnd)
    .split(',')
    .map((s) => s.trim());
  const at = file.lineStarts[line] + idsEnd;
  if (ids.includes(ruleId)) return { edit: { file: file.path, start: at, end: at, newText: '' } };
  return { edit: { file: file.path, start: at, end: at, newText: `, ${ruleId}` } };
}

/** Suppresses `ruleId` on the zero-based `line`: a comment above it with the line's indentation. */
export function suppressLineEdit(file: SourceFile, line: number, ruleId: string): SuppressionEdit {
  if (line > 0) {
    const existing = addToExisting(file, line - 1, LINE_COMMENT, ruleId);
    if (existing) return existing;
  }
  const indent = /^\s*/.exec(file.lineText(line))?.[0] ?? '';
  const prefix = `${indent}# mlsec-ignore: ${ruleId} -- `;
  const at = file.lineStarts[Math.min(line, file.lineStarts.length - 1)];
  return {
    edit: { file: file.path, start: at, end: at, newText: `${prefix}${REASON_PLACEHOLDER}${lineBreak(file)}` },
    placeholder: { line, start: prefix.length, end: prefix.length + REASON_PLACEHOLDER.length },
  };
}

/** The first line a file-wide comment may go on: after a shebang and any parser directives. */
export function fileCommentLine(file: SourceFile): number {
  const lines = file.lineStarts.length;
  let line = 0;
  if (file.lineText(0).startsWith('#!')) line = 1;
  const dockerfile = DOCKERFILE_NAME.test(file.path);
  while (line < lines) {
    const text = file.lineText(line);
    if (dockerfile && DOCKER_DIRECTIVE.test(text)) line++;
    else if (!dockerfile && text.startsWith('%')) line++;
    else break;
  }
  return line;
}

/** Suppresses `ruleId` in the whole file with a comment near the top. */
export function suppressFileEdit(file: SourceFile, ruleId: string): SuppressionEdit {
  const first = fileCommentLine(file);
  for (let line = first; line < file.lineStarts.length && file.lineText(line).trimStart().startsWith('#'); line++) {
    const existing = addToExisting(file, line, FILE_COMMENT, ruleId);
    if (existing) return existing;
  }
  const prefix = `# mlsec-ignore-file: ${ruleId} -- `;
  const at = first < file.lineStarts.length ? file.lineStarts[first] : file.text.length;
  const before = at === file.text.length && at > 0 && !/[\r\n]$/.test(file.text) ? lineBreak(file) : '';
  return {
    edit: { file: file.path, start: at, end: at, newText: `${before}${prefix}${REASON_PLACEHOLDER}${lineBreak(file)}` },
    placeholder: { line: first, start: prefix.length, end: prefix.length + REASON_PLACEHOLDER.length },
  };
}
