// Plain-data types shared by every part of mlsec: findings, fixes, rule metadata and taxonomy.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Larger is worse; used to compare against thresholds such as `--fail-on`. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITIES.indexOf(s);
}

export type Stride = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

/** The file formats mlsec reads. A rule lists the formats it applies to. */
export type Format =
  | 'dockerfile'
  | 'kubernetes'
  | 'kfp'
  | 'argo'
  | 'kserve'
  | 'seldon'
  | 'kubeflow-training'
  | 'dvc'
  | 'mlflow'
  | 'requirements'
  | 'model'
  | 'sigstore'
  | 'mlsec-config'
  | 'python'
  | 'feast'
  | 'compose'
  | 'github-actions'
  | 'gitlab-ci';

/** A half-open range of UTF-16 offsets into one file's text. */
export interface Loc {
  /** Workspace-relative POSIX path. */
  file: string;
  start: number;
  end: number;
}

/** Zero-based line and UTF-16 character, as LSP uses them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One text replacement on the original text of a file. */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
  /** The file does not exist yet and the edit creates it (start and end are 0). */
  create?: boolean;
}

/**
 * safe: applied in bulk (fix all, `scan --fix`); review: offered one at a time with a preview;
 * guided: inserts a snippet with placeholders or explains the change, never applied in bulk.
 */
export type FixKind = 'safe' | 'review' | 'guided';

export interface Fix {
  title: string;
  kind: FixKind;
  edits: TextEdit[];
}

export interface RelatedLocation {
  loc: Loc;
  message: string;
}

export interface Taxonomy {
  stride: Stride[];
  atlas: string[];
  owasp: string[];
}

export interface RuleMeta extends Taxonomy {
  id: string;
  title: string;
  /** What it detects, in one or two sentences. */
  description: string;
  /** Why it matters: the attack it enables. */
  explanation: string;
  /** A short snippet that triggers the rule, and the safer alternative. */
  example?: { language: string; bad: string; good: string };
  formats: Format[];
  severity: Severity;
  /** The fix kinds the rule may report; reporting another kind is an error. */
  fixes: FixKind[];
  references: string[];
  /** Equivalent checks in other tools, for users migrating from them. */
  equivalents?: string[];
  /** Old ids that still select this rule in config and suppressions. */
  aliases?: string[];
  /** How often a finding is a true problem (SARIF `precision`); `high` when omitted. */
  precision?: 'very-high' | 'high' | 'medium' | 'low';
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  loc: Loc;
  /** Derived from loc at the edge of the engine; zero-based. */
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
  taxonomy: Taxonomy;
  /** Extra structured detail (e.g. the pickle globals found), shown by reports. */
  details?: string[];
  /** Marks an unnecessary or deprecated span, for editors that render tags. */
  tags?: ('unnecessary' | 'deprecated')[];
}

export type ProblemLevel = 'error' | 'warning' | 'info';

/** Offsets into a text or byte stream that is not a workspace file (a configuration text, a pickle stream). */
export interface Span {
  start: number;
  /** Exclusive; absent when the problem is at one point. */
  end?: number;
}

/**
 * The one shape of a message that is not a rule's finding: a file skipped or not parsed, a bad
 * configuration key, a threat-model inference note, where a pickle stream stops making sense, why
 * a signature fails. Where it stands is optional and as precise as its producer knows: a file; a
 * `loc` in a file (and its line/column `range`, derived at the edge); or a `span` of offsets in a
 * text with no file of its own. `code` is a stable machine-readable reason, when the producer has
 * one (a signature failure's SIGNATURE_ERROR, FILE_CHANGED…).
 */
export interface Problem {
  level: ProblemLevel;
  message: string;
  code?: string;
  /** Workspace-relative POSIX path of the file it is about. */
  file?: string;
  loc?: Loc;
  range?: Range;
  span?: Span;
}

/** A problem's message led by its code when it has one (`FILE_CHANGED: model.bin differs…`), for lists of details. */
export function codedMessage(p: Pick<Problem, 'code' | 'message'>): string {
  return p.code ? `${p.code}: ${p.message}` : p.message;
}
