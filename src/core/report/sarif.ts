// The SARIF 2.1.0 scan report, shaped the way GitHub code scanning reads it: rule metadata with
// security severity and tags, results with relative locations, line-move-proof fingerprints,
// fixes as replacements, in-source suppressions and notes as tool notifications.

import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding, Fix, Loc, Problem, Range, RuleMeta, Severity } from '../model';
import type { Suppression } from '../suppressions';
import { atlasId } from '../taxonomy';
import { REPOSITORY_URL, ruleDocsUrl } from './links';
import { ruleHelpMarkdown, ruleHelpText } from './rule-docs';
import type { ScanReport } from './scan-report';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export const SARIF_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** The scores GitHub code scanning maps to its critical/high/medium/low bands. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export const SRCROOT = 'SRCROOT';

/** `supply-chain/unpinned-image` → `SupplyChainUnpinnedImage`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** A workspace-relative POSIX path as a relative URI reference. */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function toSarifRule(meta: RuleMeta): Record<string, unknown> {
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: ruleHelpText(meta), markdown: ruleHelpMarkdown(meta) },
    helpUri: ruleDocsUrl(meta.id),
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
    properties: {
      tags: ['security', ...meta.stride.map((s) => `stride/${s}`), ...meta.atlas.map(atlasId), ...meta.owasp.map((o) => `owasp-ml/${o}`)],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: meta.precision ?? 'high',
    },
  };
}

/**
 * A fingerprint that survives the finding's line moving: a hash of the rule id and the line's
 * text with whitespace normalised, plus which occurrence of that pair in the file it is.
 */
export function lineHash(ruleId: string, lineText: string): string {
  const normalised = lineText.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${ruleId}\u0000${normalised}`).digest('hex').slice(0, 16);
}

type Physical = (loc: Loc, range?: Range) => Record<string, unknown>;

const artifactLocation = (file: string) => ({ uri: relativeUri(file), uriBaseId: SRCROOT });

const region = (r: Range) => ({
  startLine: r.start.line + 1,
  startColumn: r.start.character + 1,
  endLine: r.end.line + 1,
  endColumn: r.end.character + 1,
});

/** The physical location of a place in the report's files (the start of the file when the file is not known). */
function physicalOf(report: ScanReport): Physical {
  const rangeOf = (loc: Loc): Range => report.source(loc.file)?.rangeOf(loc) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return (loc, range = rangeOf(loc)) => ({ physicalLocation: { artifactLocation: artifactLocation(loc.file), region: region(range) } });
}

/** Findings and suppressed findings as results, each with its line-hash fingerprint. */
function sarifResults(report: ScanReport, physical: Physical): Record<string, unknown>[] {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  // Occurrences are counted over the findings and suppressed findings together, in file order,
  // so suppressing one finding does not change the fingerprints of the others.
  const all = [...report.findings.map((f) => ({ f, by: undefined as Suppression | undefined })), ...report.suppressed.map((s) => ({ f: s.finding, by: s.by }))];
  all.sort((a, b) => (a.f.loc.file < b.f.loc.file ? -1 : a.f.loc.file > b.f.loc.file ? 1 : a.f.loc.start - b.f.loc.start || (a.f.ruleId < b.f.ruleId ? -1 : a.f.ruleId > b.f.ruleId ? 1 : 0)));
  const seen = new Map<string, number>();
  return all.map(({ f, by }) => {
    const hash = lineHash(f.ruleId, report.source(f.loc.file)?.lineText(f.range.start.line) ?? '');
    const key = `${f.loc.file}\u0000${hash}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return toSarifResult(f, by, `${hash}:${n}`, ruleIndex.get(f.ruleId), physical);
  });
}

function toSarifResult(f: Finding, by: Suppression | undefined, fingerprint: string, index: number | undefined, physical: Physical): Record<string, unknown> {
  const fixes = f.fixes.filter((x) => x.edits.length > 0).map(toSarifFix);
  return {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [physical(f.loc, f.range)],
    ...(f.related.length ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...physical(r.loc), message: { text: r.message } })) } : {}),
    partialFingerprints: { primaryLocationLineHash: fingerprint },
    ...(fixes.length ? { fixes } : {}),
    ...(by ? { suppressions: [{ kind: 'inSource', justification: by.reason, location: physical(by.loc) }] } : {}),
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      ...(f.details?.length ? { details: [...f.details] } : {}),
    },
  };
}

function toSarifFix(fix: Fix): Record<string, unknown> {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifactLocation(file),
      replacements: [...edits]
        .sort((a, b) => a.start - b.start)
        .map((e) => ({
          deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
          ...(e.newText ? { insertedContent: { text: e.newText } } : {}),
        })),
    })),
    properties: { kind: fix.kind },
  };
}

/** The report's notes and applied fixes as tool notifications. */
function notifications(report: ScanReport, physical: Physical): Record<string, unknown>[] {
  const notification = (n: Problem) => ({
    level: n.level === 'info' ? 'note' : n.level,
    message: { text: n.message },
    ...(n.file ? { locations: [n.loc ? physical(n.loc, n.range) : { physicalLocation: { artifactLocation: artifactLocation(n.file) } }] } : {}),
  });
  const applied = report.fixed.map((a) => ({
    level: 'note',
    message: { text: `Applied ${a.count} safe fix${a.count === 1 ? '' : 'es'} of ${a.ruleId}.` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(a.file) } }],
  }));
  return [...report.notes.map(notification), ...applied];
}

export function toSarif(report: ScanReport): Record<string, unknown> {
  const physical = physicalOf(report);
  const results = sarifResults(report, physical);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules: report.rules.map(toSarifRule),
          },
        },
        invocations: [
          {
            // Engine-level errors (a rule or an enricher that failed) mean the scan is incomplete.
            executionSuccessful: !report.notes.some((n) => n.level === 'error' && !n.file),
            toolExecutionNotifications: notifications(report, physical),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(report.root) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The file URI of a directory, with the trailing slash SARIF requires of a base URI. */
export function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : href + '/';
}

export function formatSarif(report: ScanReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}
