// The hover of a finding: its severity word, what is wrong and why it matters, which fix the
// quick-fix menu offers, its ATLAS / OWASP / STRIDE tags, and a link to the rule's page.

import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import type { Finding, RuleMeta, Severity } from '../core/model';
import { STRIDE_NAMES, atlasId, atlasName, owaspName } from '../core/taxonomy';

const SEVERITY_WORD: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

/** The first sentence of a text, for a one-line "why". */
function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(text.trim());
  return (m ? m[1] : text.trim()).replace(/\s+/g, ' ');
}

/** Markdown-escapes text taken from a repository, so a file cannot inject links or markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

function fixLine(f: Finding): string {
  const withEdits = f.fixes.filter((x) => x.edits.length > 0);
  if (withEdits.length === 0) {
    return f.fixes.length ? `**Fix:** ${escapeMarkdown(f.fixes[0].title)} (see the rule page).` : '**Fix:** none automatic; the rule page explains the change.';
  }
  const kinds: Record<string, string> = { safe: 'quick fix', review: 'quick fix to review', guided: 'guided fix' };
  return `**Fix:** ${withEdits.map((x) => `${escapeMarkdown(x.title)} (${kinds[x.kind] ?? x.kind})`).join('; ')}.`;
}

function tagLine(f: Finding): string {
  const tags = [
    ...f.taxonomy.atlas.map((id) => `ATLAS ${atlasId(id)}${atlasName(id) ? ` ${atlasName(id)}` : ''}`),
    ...f.taxonomy.owasp.map((id) => `OWASP ${id}${owaspName(id) ? ` ${owaspName(id)}` : ''}`),
    ...f.taxonomy.stride.map((s) => `STRIDE ${STRIDE_NAMES[s]}`),
  ];
  return tags.length ? tags.map((t) => `\`${t.replace(/`/g, "'")}\``).join(' · ') : '';
}

/** The Markdown of one finding's hover section. */
export function findingHoverMarkdown(f: Finding, meta: RuleMeta | undefined, docsLink: string): string {
  const title = meta ? ` — ${escapeMarkdown(meta.title)}` : '';
  const lines = [`**${SEVERITY_WORD[f.severity]}** · \`${f.ruleId}\`${title}`, '', escapeMarkdown(f.message)];
  if (meta?.explanation) lines.push('', `**Why:** ${escapeMarkdown(firstSentence(meta.explanation))}`);
  lines.push('', fixLine(f));
  const tags = tagLine(f);
  if (tags) lines.push('', tags);
  lines.push('', `[Rule documentation](${docsLink})`);
  return lines.join('\n');
}

/** The hover at a position: every finding whose range holds it, most severe first; null when there is none. */
export function hoverFor(findings: readonly Finding[], position: Position, metaOf: (ruleId: string) => RuleMeta | undefined, docsLink: (ruleId: string) => string): Hover | null {
  const order: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const here = findings.filter((f) => contains(f.range, position)).sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  if (here.length === 0) return null;
  const value = here.map((f) => findingHoverMarkdown(f, metaOf(f.ruleId), docsLink(f.ruleId))).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value } };
}
