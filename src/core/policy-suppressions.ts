// Policy-level suppressions from `.mlsec.yaml` (rule, path glob, optional fingerprint, reason,
// who, expiry) and the `inlineSuppressions: false` policy that makes comments suppress nothing.

import picomatch from 'picomatch';
import type { MlsecConfig, PolicySuppression } from './config';
import { fingerprintFindings } from './fingerprint';
import type { Finding, RuleMeta } from './model';
import { SourceFile } from './source';
import type { Suppression } from './suppressions';
import { appendAll } from './collections';

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
}

export interface PolicyContext {
  /** Where the configuration was read from (workspace-relative) and its text, to locate entries. */
  configFile: string;
  configText: string;
  /** The text of another configuration file an entry is written in (one the configuration extends). */
  textOf?: (file: string) => string | undefined;
  sourceOf: (file: string) => SourceFile | undefined;
  /** The meta the policy's own findings are reported under (`mlsec/invalid-suppression`). */
  meta: RuleMeta;
  /** Today as `YYYY-MM-DD` (UTC); entries with an earlier `expires` have expired. */
  today: string;
  canonicalId?: (id: string) => string;
}

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Applies the policy to an analysis: with `inlineSuppressions: false`, findings hidden by
 * comments come back and each comment is reported; then every finding an active policy entry
 * matches is suppressed by it, and every expired entry is reported where it is written.
 */
export function applySuppressionPolicy(result: SuppressionOutcome, config: MlsecConfig, ctx: PolicyContext): SuppressionOutcome {
  let findings = [...result.findings];
  let suppressed = [...result.suppressed];
  if (config.inlineSuppressions === false) {
    appendAll(
      findings,
      suppressed.map((s) => s.finding),
    );
    const comments = new Map<string, Suppression>();
    for (const s of suppressed) comments.set(`${s.by.loc.file}\0${s.by.loc.start}`, s.by);
    suppressed = [];
    for (const c of comments.values()) {
      findings.push(
        policyFinding(
          ctx,
          ctx.sourceOf(c.loc.file),
          c.loc,
          'Suppression comments are turned off for this workspace (inlineSuppressions: false or --no-inline-suppressions), so this comment suppresses nothing: record the exception under "suppressions:" in .mlsec.yaml instead.',
        ),
      );
    }
  }
  const entries = config.suppressions ?? [];
  if (!entries.length) return { findings, suppressed };
  const active = entries.filter((e) => !isExpired(e, ctx.today));
  const config_ = new SourceFile(ctx.configFile, ctx.configText);
  const prints = active.some((e) => e.fingerprint) ? fingerprintFindings(findings, ctx.sourceOf) : new Map<Finding, string>();
  const matchers = active.map((e) => ({ entry: e, glob: picomatch(e.path, { dot: true }) }));
  const canonical = ctx.canonicalId ?? ((id: string) => id);
  const kept: Finding[] = [];
  for (const f of findings) {
    const hit = matchers.find(({ entry, glob }) => canonical(entry.rule) === f.ruleId && glob(f.loc.file) && (!entry.fingerprint || prints.get(f) === entry.fingerprint));
    if (hit) suppressed.push({ finding: f, by: toSuppression(hit.entry, hit.entry.file ?? ctx.configFile) });
    else kept.push(f);
  }
  findings = kept;
  for (const e of entries.filter((x) => isExpired(x, ctx.today))) {
    const where = e.file ?? ctx.configFile;
    const loc = { file: where, start: e.start ?? 0, end: e.end ?? e.start ?? 0 };
    findings.push(
      policyFinding(
        ctx,
        where === ctx.configFile ? config_ : new SourceFile(where, ctx.textOf?.(where) ?? ''),
        loc,
        `The suppression of ${e.rule} for "${e.path}" (by ${e.by}: ${e.reason}) expired on ${e.expires}, so it suppresses nothing: renew it with a later date, or fix the findings and remove it.`,
      ),
    );
  }
  return { findings, suppressed };
}

export function isExpired(e: PolicySuppression, today: string): boolean {
  return e.expires !== undefined && e.expires < today;
}

function toSuppression(e: PolicySuppression, configFile: string): Suppression {
  return {
    ruleIds: [e.rule],
    reason: `${e.reason} (by ${e.by}${e.expires ? `, until ${e.expires}` : ''})`,
    fileWide: true,
    loc: { file: configFile, start: e.start ?? 0, end: e.end ?? e.start ?? 0 },
  };
}

function policyFinding(ctx: PolicyContext, source: SourceFile | undefined, loc: Finding['loc'], message: string): Finding {
  const zero = { line: 0, character: 0 };
  return {
    ruleId: ctx.meta.id,
    severity: ctx.meta.severity,
    message,
    loc,
    range: source ? source.rangeOf(loc) : { start: zero, end: zero },
    related: [],
    fixes: [],
    taxonomy: { stride: ctx.meta.stride, atlas: ctx.meta.atlas, owasp: ctx.meta.owasp },
  };
}
