// Analysis and suppression policy under nested configurations: each file is analysed with the
// configuration nearest above it (one engine run per configuration in force, the whole index
// available to cross-file rules), and each configuration's suppression policy applies to its
// files. Shared by `mlsec scan` and the language server.

import type { ConfigTree, ResolvedConfig } from './config-resolution';
import type { DocumentIndex } from './document';
import { compareFindings, INVALID_SUPPRESSION_ID, type AnalysisResult, type Engine } from './engine';
import type { Finding, Problem } from './model';
import { applySuppressionPolicy, todayUtc, type SuppressionOutcome } from './policy-suppressions';
import type { SourceFile } from './source';
import type { WorkspaceIO } from './workspace/io';
import { appendAll } from './collections';

/** The paths by the configuration that applies to them. */
function byConfig(tree: ConfigTree, paths: Iterable<string>): Map<ResolvedConfig, Set<string>> {
  const groups = new Map<ResolvedConfig, Set<string>>();
  for (const p of paths) {
    const c = tree.configFor(p);
    const g = groups.get(c);
    if (g) g.add(p);
    else groups.set(c, new Set([p]));
  }
  return groups;
}

/** Analyses `targets` (the whole index when omitted), each file under its own configuration. */
export async function analyzeByConfig(engine: Engine, index: DocumentIndex, opts: { tree: ConfigTree; io?: WorkspaceIO; targets?: ReadonlySet<string> }): Promise<AnalysisResult> {
  const { tree } = opts;
  const paths = opts.targets ?? index.paths();
  await tree.ensure(paths);
  const groups = byConfig(tree, paths);
  if (groups.size <= 1) {
    const config = groups.keys().next().value?.config ?? tree.rootConfig.config;
    return engine.analyze(index, { config, io: opts.io, targets: opts.targets });
  }
  const out: AnalysisResult = { findings: [], suppressed: [], notes: [] };
  const seen = new Set<string>();
  for (const [c, targets] of groups) {
    const r = await engine.analyze(index, { config: c.config, io: opts.io, targets });
    appendAll(out.findings, r.findings);
    appendAll(out.suppressed, r.suppressed);
    for (const n of r.notes) {
      const key = `${n.file ?? ''}\0${n.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.notes.push(n);
    }
  }
  out.findings.sort(compareFindings);
  return out;
}

/**
 * Applies each configuration's suppression policy to the findings of its files, and reports
 * every expired entry once, in the file it is written in.
 */
export function applyPolicyByConfig(engine: Engine, tree: ConfigTree, result: SuppressionOutcome, sourceOf: (file: string) => SourceFile | undefined): SuppressionOutcome {
  const findings: Finding[] = [];
  const suppressed: SuppressionOutcome['suppressed'] = [];
  const group = (c: ResolvedConfig) => ({
    findings: result.findings.filter((f) => tree.configFor(f.loc.file) === c),
    suppressed: result.suppressed.filter((s) => tree.configFor(s.finding.loc.file) === c),
  });
  const configs = tree.nested ? tree.configs() : [tree.rootConfig];
  const reported = new Set<string>();
  for (const c of configs) {
    const own = tree.nested ? group(c) : result;
    const file = c.file ?? '.mlsec.yaml';
    const applied = applySuppressionPolicy(own, c.config, {
      configFile: file,
      configText: (c.file && tree.textOf(c.file)) ?? '',
      textOf: (f) => tree.textOf(f),
      sourceOf,
      meta: engine.ruleMeta(INVALID_SUPPRESSION_ID)!,
      today: todayUtc(),
      canonicalId: (id) => engine.canonicalId(id),
    });
    for (const f of applied.findings) {
      // An entry a parent configuration holds is reported by every configuration extending it.
      const key = `${f.ruleId}\0${f.loc.file}\0${f.loc.start}\0${f.message}`;
      if (f.ruleId === INVALID_SUPPRESSION_ID && reported.has(key)) continue;
      reported.add(key);
      findings.push(f);
    }
    appendAll(suppressed, applied.suppressed);
  }
  findings.sort(compareFindings);
  return { findings, suppressed };
}

/** The configuration problems of every file read, for a caller to report. */
export function configProblems(tree: ConfigTree): { file: string; text: string; errors: Problem[] }[] {
  return tree
    .files()
    .filter((f) => f.errors.length)
    .map((f) => ({ file: f.file, text: f.text ?? '', errors: f.errors }));
}
