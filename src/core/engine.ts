// The analysis engine: reads documents with the format readers, enriches them with workspace
// results, runs the rules and turns their reports into findings (config and suppressions applied).

import { appendAll, groupBy } from './collections';
import { DocumentIndex, type ParsedDocument } from './document';
import { FactIndex } from './facts/fact-index';
import { emptyFacts, mergeFacts, type Facts } from './facts/model';
import type { FormatReader, ReaderContext } from './formats/reader';
import { defaultConfig, type MlsecConfig } from './config';
import type { Finding, Fix, Loc, Problem, RuleMeta, Severity } from './model';
import type { Report, Rule } from './rules/rule';
import type { SourceFile } from './source';
import { isSuppressed, parseSuppressions, type Suppression, type SuppressionSet } from './suppressions';
import type { WorkspaceIO } from './workspace/io';
import { BudgetExceeded, budgetLimits, FileBudget, withBudget } from './workspace/budget';
import { keepSafeFixes } from './fix-safety';
import { refusalNote } from './workspace/boundary';
import type { Enricher } from './enricher';

export type { Enricher } from './enricher';

export interface AnalysisResult {
  findings: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
  notes: Problem[];
}

export const INVALID_SUPPRESSION_ID = 'mlsec/invalid-suppression';

export const INVALID_SUPPRESSION_META: RuleMeta = {
  id: INVALID_SUPPRESSION_ID,
  title: 'Suppression comment without a reason or with an unknown rule id',
  description: 'An `mlsec-ignore` comment that gives no reason after ` -- `, or that names a rule id mlsec does not know.',
  explanation:
    'A suppression hides a security finding from everyone who reads the file later. Without a reason a reviewer cannot tell an accepted risk from a silenced alarm, and a misspelt rule id silently suppresses nothing.',
  example: {
    language: 'dockerfile',
    bad: '# mlsec-ignore: container/runs-as-root\nFROM python:3.12-slim',
    good: '# mlsec-ignore: container/runs-as-root -- the entrypoint drops to uid 1000 with gosu\nFROM python:3.12-slim',
  },
  formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'requirements'],
  severity: 'low',
  fixes: [],
  stride: ['R'],
  atlas: [],
  owasp: [],
  references: [],
};

export class Engine {
  private readonly rulesById = new Map<string, Rule>();
  private readonly aliasToId = new Map<string, string>();
  private readonly suppressionCache = new WeakMap<SourceFile, SuppressionSet>();
  private knownIdsCache: ReadonlySet<string> | undefined;
  /** The rules that report on each format, in catalog order. */
  private readonly rulesByFormat: Map<string, Rule[]>;

  constructor(
    readonly rules: readonly Rule[],
    readonly readers: readonly FormatReader[],
    readonly enrichers: readonly Enricher[] = [],
  ) {
    for (const r of rules) {
      this.rulesById.set(r.meta.id, r);
      for (const a of r.meta.aliases ?? []) this.aliasToId.set(a, r.meta.id);
    }
    this.rulesByFormat = groupBy(rules, (r) => r.meta.formats);
  }

  /** Every rule id and alias the engine knows, including the built-in suppression check. */
  knownRuleIds(): Set<string> {
    return new Set(this.knownIds);
  }

  /** The same set, built once and shared by every analysis (never handed out for mutation). */
  private get knownIds(): ReadonlySet<string> {
    this.knownIdsCache ??= new Set([...this.rulesById.keys(), ...this.aliasToId.keys(), INVALID_SUPPRESSION_ID]);
    return this.knownIdsCache;
  }

  canonicalId(id: string): string {
    return this.aliasToId.get(id) ?? id;
  }

  ruleMeta(id: string): RuleMeta | undefined {
    if (id === INVALID_SUPPRESSION_ID) return INVALID_SUPPRESSION_META;
    return this.rulesById.get(this.canonicalId(id))?.meta;
  }

  allMeta(): RuleMeta[] {
    return [...this.rules.map((r) => r.meta), INVALID_SUPPRESSION_META];
  }

  /** Readers that would read a path, best first; empty when mlsec does not read it. */
  readersFor(path: string): FormatReader[] {
    const yes: FormatReader[] = [];
    const maybe: FormatReader[] = [];
    for (const r of this.readers) {
      const m = r.matches(path);
      if (m === 'yes') yes.push(r);
      else if (m === 'maybe') maybe.push(r);
    }
    return [...yes, ...maybe];
  }

  wants(path: string): boolean {
    return this.readersFor(path).length > 0;
  }

  /** Whether every reader of the path reads bytes (model artifacts) rather than text. */
  isBinaryPath(path: string): boolean {
    const rs = this.readersFor(path);
    return rs.length > 0 && rs.every((r) => r.binary);
  }

  /**
   * Parses one file with the first reader that recognises it. Never throws: a reader failure
   * becomes a note on the file.
   */
  async parse(file: SourceFile, ctx: ReaderContext): Promise<{ docs: ParsedDocument[]; notes: Problem[] }> {
    const notes: Problem[] = [];
    // Binary readers stream their input in bounded chunks; the budget is for text readers.
    const budget = file.binary ? undefined : (ctx.budget ?? new FileBudget(budgetLimits(file.text.length, ctx.config.fileBudget)));
    for (const reader of this.readersFor(file.path)) {
      if (!!reader.binary !== file.binary) continue;
      try {
        const docs = budget ? await withBudget(budget, () => reader.parse(file, ctx)) : await reader.parse(file, ctx);
        budget?.checkNow();
        if (docs.length) return { docs, notes };
      } catch (e) {
        if (e instanceof BudgetExceeded) {
          notes.push({ file: file.path, level: 'warning', message: `skipped: ${e.message}; the file was not analysed` });
          return { docs: [], notes };
        }
        notes.push({ file: file.path, level: 'error', message: `The ${reader.id} reader failed on this file: ${errorText(e)}` });
      }
    }
    return { docs: [], notes };
  }

  /**
   * Runs the rules over `targets` (all documents when omitted) with the whole index available for
   * cross-file lookups. Only findings located in the targets are returned.
   */
  async analyze(index: DocumentIndex, options: { config?: MlsecConfig; io?: WorkspaceIO; targets?: ReadonlySet<string> } = {}): Promise<AnalysisResult> {
    const config = options.config ?? defaultConfig();
    const notes: Problem[] = [];
    const targets = options.targets;
    const docs = targets ? index.all().filter((d) => targets.has(d.file.path)) : index.all();
    for (const d of docs) appendAll(notes, d.notes);
    const facts = await this.gatherFacts(index, { config, io: options.io, targets }, notes);
    const result = this.runRules(index, facts, config, targets, notes);
    // Fix safety and the workspace boundary: no fix leaves the engine unchecked, no refusal unreported.
    await keepSafeFixes(result.findings, index, options.io, notes);
    for (const r of options.io?.takeRefusals() ?? []) notes.push(refusalNote(r));
    return result;
  }

  /**
   * The merged facts of the documents (all of them when no targets are given) plus what the
   * enrichers add when file access is available. Enricher failures become notes.
   */
  async gatherFacts(index: DocumentIndex, options: { config?: MlsecConfig; io?: WorkspaceIO; targets?: ReadonlySet<string> } = {}, notes: Problem[] = []): Promise<Facts> {
    const config = options.config ?? defaultConfig();
    const targets = options.targets;
    const docs = targets ? index.all().filter((d) => targets.has(d.file.path)) : index.all();
    // One document without enrichers (the editor's common case) needs no merged copy of its facts.
    const shared = docs.length === 1 && !(options.io && this.enrichers.length);
    const facts = shared ? docs[0].facts : emptyFacts();
    if (!shared) for (const d of docs) mergeFacts(facts, d.facts);
    if (options.io) {
      for (const en of this.enrichers) {
        try {
          mergeFacts(facts, await en.run(index, options.io, config));
        } catch (e) {
          notes.push({ file: '', level: 'error', message: `The ${en.id} check failed: ${errorText(e)}` });
        }
      }
    }
    return facts;
  }

  /** Runs the rules synchronously over facts already gathered. */
  runRules(index: DocumentIndex, facts: Facts, config: MlsecConfig, targets: ReadonlySet<string> | undefined, notes: Problem[] = []): AnalysisResult {
    const findings: Finding[] = [];
    const suppressed: AnalysisResult['suppressed'] = [];
    const inTargets = (file: string) => !targets || targets.has(file);
    const documents = targets ? index.all().filter((d) => targets.has(d.file.path)) : index.all();
    const known = this.knownIds;
    // One index for every rule of the analysis; each lookup is built the first time a rule asks.
    const factIndex = new FactIndex(facts);
    for (const rule of this.rulesFor(documents)) {
      const setting = config.rules[rule.meta.id] ?? {};
      if (setting.enabled === false) continue;
      let reports: Report[];
      try {
        const out = rule.check({ facts, factIndex, documents, index, options: setting.options ?? {}, config });
        reports = Array.isArray(out) ? out : [...out];
      } catch (e) {
        notes.push({ file: '', level: 'error', message: `Rule ${rule.meta.id} failed: ${errorText(e)}` });
        continue;
      }
      for (const rep of uniqueReports(reports)) {
        if (!inTargets(rep.loc.file)) continue;
        const bad = (rep.fixes ?? []).find((f) => !rule.meta.fixes.includes(f.kind));
        if (bad) {
          notes.push({ file: rep.loc.file, level: 'error', message: `Rule ${rule.meta.id} reported a ${bad.kind} fix it does not declare.` });
          continue;
        }
        const finding = this.toFinding(index, rule.meta, rep, setting.severity ?? rep.severity ?? rule.meta.severity);
        const sup = this.suppressionFor(index, finding, known);
        if (sup) suppressed.push({ finding, by: sup });
        else findings.push(finding);
      }
    }
    // Problems with suppression comments themselves, in the analysed documents.
    const seen = new Set<string>();
    const suppressionSetting = config.rules[INVALID_SUPPRESSION_ID] ?? {};
    if (suppressionSetting.enabled !== false) {
      for (const path of targets ?? index.paths()) {
        const file = index.source(path);
        if (!file || seen.has(path)) continue;
        seen.add(path);
        for (const p of this.suppressions(file, known).problems) {
          findings.push(this.toFinding(index, INVALID_SUPPRESSION_META, { message: p.message, loc: p.loc }, suppressionSetting.severity ?? INVALID_SUPPRESSION_META.severity));
        }
      }
    }
    findings.sort(compareFindings);
    return { findings, suppressed, notes };
  }

  /**
   * The rules to run over `documents`: those listing a format present. A rule reports only on the
   * formats it lists, so it need not run where none is present. Facts given without documents (a
   * direct verification) run every rule.
   */
  private rulesFor(documents: readonly ParsedDocument[]): readonly Rule[] {
    if (!documents.length) return this.rules;
    const format = documents[0].format;
    if (documents.every((d) => d.format === format)) return this.rulesByFormat.get(format) ?? [];
    const present = new Set(documents.map((d) => d.format));
    return this.rules.filter((r) => r.meta.formats.some((f) => present.has(f)));
  }

  private suppressions(file: SourceFile, known: ReadonlySet<string>): SuppressionSet {
    let s = this.suppressionCache.get(file);
    if (!s) {
      s = parseSuppressions(file, (id) => known.has(id));
      this.suppressionCache.set(file, s);
    }
    return s;
  }

  private suppressionFor(index: DocumentIndex, f: Finding, known: ReadonlySet<string>): Suppression | undefined {
    const file = index.source(f.loc.file);
    if (!file) return undefined;
    const meta = this.ruleMeta(f.ruleId);
    return isSuppressed(this.suppressions(file, known), f.ruleId, f.range.start.line, meta?.aliases);
  }

  private toFinding(index: DocumentIndex, meta: RuleMeta, rep: Report, severity: Severity): Finding {
    const file = index.source(rep.loc.file);
    const range = file ? file.rangeOf(rep.loc) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const related = (rep.related ?? []).map((r) => ({ ...r }));
    return {
      ruleId: meta.id,
      severity,
      message: rep.message,
      loc: rep.loc,
      range,
      related,
      fixes: rep.fixes ?? [],
      taxonomy: { stride: meta.stride, atlas: meta.atlas, owasp: meta.owasp },
      ...(rep.details ? { details: rep.details } : {}),
      ...(rep.tags ? { tags: rep.tags } : {}),
    };
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.start - b.loc.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * One report per place and message. A YAML alias repeats its anchor's node, so facts read through
 * it share the anchor's place; such repeats are one finding, and it keeps only the fixes every
 * repeat offers, because an edit made for one use of the node may not resolve (or may break) another.
 */
export function uniqueReports(reports: readonly Report[]): readonly Report[] {
  if (reports.length < 2) return reports;
  // Repeats share a start offset; most report lists have none, and need no keys built.
  const starts = new Set<number>();
  for (const rep of reports) starts.add(rep.loc.start);
  if (starts.size === reports.length) return reports;
  const byKey = new Map<string, Report>();
  const fixKey = (f: Fix) => `${f.kind}\0${f.title}\0${JSON.stringify(f.edits)}`;
  for (const rep of reports) {
    const key = `${rep.loc.file}\0${rep.loc.start}\0${rep.loc.end}\0${rep.message}`;
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, rep);
      continue;
    }
    const offered = new Set((rep.fixes ?? []).map(fixKey));
    const common = (first.fixes ?? []).filter((f) => offered.has(fixKey(f)));
    byKey.set(key, { ...first, fixes: common });
  }
  return [...byKey.values()];
}

/** Sorts and de-duplicates fixes that would make the same edits. */
export function uniqueFixes(fixes: Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => {
    const k = JSON.stringify(f.edits);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export type { Loc };
