// Inline suppressions: `# mlsec-ignore: id[, id] -- reason` on or above a line, and
// `# mlsec-ignore-file: id -- reason` anywhere in a file.

import type { Loc } from './model';
import type { SourceFile } from './source';

export interface Suppression {
  ruleIds: string[];
  reason: string;
  /** Zero-based line the suppression applies to; undefined for file-wide ones. */
  line?: number;
  fileWide: boolean;
  /** The comment itself. */
  loc: Loc;
}

export interface SuppressionSet {
  items: Suppression[];
  /** Suppressions without a reason, or naming unknown rules: reported as findings. */
  problems: { loc: Loc; message: string }[];
}

const PATTERN = /(^|\s)#\s*mlsec-ignore(-file)?\s*:\s*([^\n\r]*)/;

/** Finds suppression comments in a `#`-comment file. */
/** Reasons that only hold the place of one: the text the quick fix inserts, and its usual stand-ins. */
const PLACEHOLDER_REASONS = new Set(['reason', '<reason>', 'todo', 'tbd', 'fixme', 'xxx', '...']);

export function isPlaceholderReason(reason: string): boolean {
  return PLACEHOLDER_REASONS.has(reason.trim().toLowerCase());
}

export function parseSuppressions(file: SourceFile, isKnownRule: (id: string) => boolean): SuppressionSet {
  const items: Suppression[] = [];
  const problems: SuppressionSet['problems'] = [];
  const text = file.text;
  if (file.binary || !text.includes('mlsec-ignore')) return { items, problems };
  const starts = file.lineStarts;
  for (let line = 0; line < starts.length; line++) {
    const lineText = file.lineText(line);
    if (!lineText.includes('mlsec-ignore')) continue;
    const m = PATTERN.exec(lineText);
    if (!m) continue;
    const hashAt = lineText.indexOf('#', m.index);
    const loc = file.loc(starts[line] + hashAt, starts[line] + lineText.length);
    const fileWide = m[2] === '-file';
    const [idsPart, ...reasonParts] = m[3].split(/\s--\s?|^--\s?/);
    const reason = reasonParts.join(' -- ').trim();
    const ruleIds = idsPart
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ruleIds.length === 0) {
      problems.push({ loc, message: 'This suppression names no rule id, so it suppresses nothing.' });
      continue;
    }
    for (const id of ruleIds) {
      if (!isKnownRule(id)) problems.push({ loc, message: `This suppression names the unknown rule "${id}".` });
    }
    if (!reason) {
      problems.push({ loc, message: 'This suppression gives no reason: add one after " -- " so reviewers know why.' });
    } else if (isPlaceholderReason(reason)) {
      problems.push({ loc, message: `This suppression's reason is still the placeholder "${reason}": say why the finding does not apply.` });
    }
    // A comment alone on its line covers the next line; a trailing comment covers its own line.
    const alone = lineText.slice(0, hashAt).trim() === '';
    items.push({ ruleIds, reason, line: fileWide ? undefined : alone ? line + 1 : line, fileWide, loc });
  }
  return { items, problems };
}

/** Whether a finding of `ruleId` starting on `line` is suppressed. */
export function isSuppressed(set: SuppressionSet, ruleId: string, line: number, aliases: readonly string[] = []): Suppression | undefined {
  if (!set.items.length) return undefined;
  const ids = [ruleId, ...aliases];
  return set.items.find((s) => s.ruleIds.some((id) => ids.includes(id)) && (s.fileWide || s.line === line));
}
