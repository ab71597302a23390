// Baseline files: the findings a team has accepted for now, recorded by fingerprint, so a scan
// against the baseline reports only new findings and names the entries that no longer match.

import { fingerprintFindings, FINGERPRINT_VERSION } from '../fingerprint';
import type { Finding } from '../model';
import type { SourceFile } from '../source';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** `<hash>:<occurrence>`, see src/core/fingerprint.ts. */
  fingerprint: string;
  ruleId: string;
  file: string;
  /** Where the finding was when the baseline was written (1-based); informative only, never matched. */
  line: number;
  message: string;
}

export interface Baseline {
  version: number;
  tool: 'mlsec';
  fingerprintVersion: number;
  entries: BaselineEntry[];
}

/** Builds the baseline of `findings`, sorted by file, line and rule so the file diffs cleanly. */
export function toBaseline(findings: readonly Finding[], sourceOf: (file: string) => SourceFile | undefined): Baseline {
  const prints = fingerprintFindings(findings, sourceOf);
  const entries = findings.map((f): BaselineEntry => ({ fingerprint: prints.get(f)!, ruleId: f.ruleId, file: f.loc.file, line: f.range.start.line + 1, message: f.message }));
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1)));
  return { version: BASELINE_VERSION, tool: 'mlsec', fingerprintVersion: FINGERPRINT_VERSION, entries };
}

export function formatBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Reads a baseline file's text; throws an Error with a message a user can act on. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`, { cause: e });
  }
  const obj = data as Partial<Baseline> | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not a baseline object');
  if (obj.version !== BASELINE_VERSION) throw new Error(`unsupported baseline version ${JSON.stringify(obj.version)} (this mlsec reads version ${BASELINE_VERSION})`);
  if (obj.fingerprintVersion !== FINGERPRINT_VERSION) {
    throw new Error(`the baseline was written with fingerprint version ${JSON.stringify(obj.fingerprintVersion)}; write it again with --write-baseline`);
  }
  if (!Array.isArray(obj.entries)) throw new Error('"entries" is not a list');
  const entries = obj.entries.map((e, i) => {
    const entry = e as Partial<BaselineEntry> | null;
    if (!entry || typeof entry.fingerprint !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.file !== 'string') {
      throw new Error(`entry ${i + 1} lacks a fingerprint, ruleId or file`);
    }
    return {
      fingerprint: entry.fingerprint,
      ruleId: entry.ruleId,
      file: entry.file,
      line: typeof entry.line === 'number' ? entry.line : 0,
      message: typeof entry.message === 'string' ? entry.message : '',
    };
  });
  return { version: BASELINE_VERSION, tool: 'mlsec', fingerprintVersion: FINGERPRINT_VERSION, entries };
}

export interface BaselineOutcome {
  /** Findings not in the baseline: the ones to report. */
  fresh: Finding[];
  /** Findings the baseline accepts. */
  matched: Finding[];
  /** Baseline entries that matched no finding: fixed, or changed beyond recognition. */
  stale: BaselineEntry[];
}

/**
 * Splits findings by the baseline. `fingerprintsOf` are fingerprints computed over every finding
 * of the scan, so occurrence numbers agree with those the baseline was written with. `inScope`
 * limits the stale entries to files the scan covered (a changed-file run does not call the
 * entries of other files stale).
 */
export function applyBaseline(findings: readonly Finding[], fingerprintsOf: ReadonlyMap<Finding, string>, baseline: Baseline, inScope: (file: string) => boolean = () => true): BaselineOutcome {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const used = new Set<string>();
  const fresh: Finding[] = [];
  const matched: Finding[] = [];
  for (const f of findings) {
    const print = fingerprintsOf.get(f);
    if (print !== undefined && known.has(print)) {
      matched.push(f);
      used.add(print);
    } else {
      fresh.push(f);
    }
  }
  const stale = baseline.entries.filter((e) => !used.has(e.fingerprint) && inScope(e.file));
  return { fresh, matched, stale };
}
