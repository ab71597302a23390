// Stable finding fingerprints for baselines and policy suppressions: a hash of what a finding is
// about (rule, file, its own text and the text of its lines), never of where it is, so lines
// inserted or removed above a finding keep its fingerprint.

import { createHash } from 'node:crypto';
import type { Finding } from './model';
import type { SourceFile } from './source';

export const FINGERPRINT_VERSION = 1;

/** Collapses runs of whitespace so re-indentation and line-end changes keep the fingerprint. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The most text of a finding (and of its lines) that goes into the hash, so huge spans stay cheap. */
const MAX_TEXT = 4096;

/**
 * The parts a fingerprint is made of. The context window is the full text of the lines the
 * finding spans: it tells apart two identical spans on different lines (`FROM python` in two
 * stages with different tags) without depending on the line numbers. Binary files have no text,
 * so their findings are told apart by their message.
 */
export function fingerprintParts(finding: Pick<Finding, 'ruleId' | 'loc' | 'range' | 'message'>, source: SourceFile | undefined): string[] {
  const file = finding.loc.file;
  if (!source || source.binary || !source.text) return [finding.ruleId, file, '', normaliseText(finding.message).slice(0, MAX_TEXT)];
  const own = normaliseText(source.text.slice(finding.loc.start, Math.min(finding.loc.end, finding.loc.start + MAX_TEXT)));
  const lines: string[] = [];
  for (let line = finding.range.start.line; line <= finding.range.end.line && lines.join('\n').length < MAX_TEXT; line++) lines.push(source.lineText(line));
  return [finding.ruleId, file, own, normaliseText(lines.join('\n')).slice(0, MAX_TEXT)];
}

/** The hash of the parts: 32 hex digits (128 bits of SHA-256). */
export function hashParts(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * Fingerprints of findings in one pass: identical parts get an occurrence number in file order
 * (`<hash>:1`, `<hash>:2`), so two equal findings in one file stay two entries.
 */
export function fingerprintFindings(findings: readonly Finding[], sourceOf: (file: string) => SourceFile | undefined): Map<Finding, string> {
  const ordered = [...findings].sort((a, b) => (a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.start - b.loc.start));
  const seen = new Map<string, number>();
  const out = new Map<Finding, string>();
  for (const f of ordered) {
    const hash = hashParts(fingerprintParts(f, sourceOf(f.loc.file)));
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    out.set(f, `${hash}:${n}`);
  }
  return out;
}
