// The shape of a rule: metadata as data plus a pure check over facts and parsed documents.

import type { FactIndex } from '../facts/fact-index';
import type { Facts } from '../facts/model';
import type { Fix, Loc, RelatedLocation, RuleMeta, Severity } from '../model';
import type { DocumentIndex, ParsedDocument } from '../document';
import type { MlsecConfig } from '../config';

export interface Report {
  message: string;
  loc: Loc;
  /** Overrides the rule's default severity for this report (graded rules). */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
  details?: string[];
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface RuleContext {
  /** Facts of the documents being analysed. */
  facts: Facts;
  /** The same facts indexed (by file, workload, location, name, host, path), built once per analysis. */
  factIndex: FactIndex;
  /** The documents being analysed (findings outside them are dropped). */
  documents: readonly ParsedDocument[];
  /** Every parsed document of the workspace, for cross-file lookups. */
  index: DocumentIndex;
  /** Options for this rule from the configuration (`rules.<id>.options`). */
  options: Record<string, unknown>;
  /** The whole effective configuration (policy such as trusted signers lives here). */
  config: MlsecConfig;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): Iterable<Report>;
}

/** Identity helper that gives rule modules a typed, uniform shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
