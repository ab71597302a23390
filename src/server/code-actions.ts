// Code actions for findings: each core fix as a quick fix, suppress on the line or in the file,
// show the rule's documentation, and "fix all" (safe fixes only) for editor.codeActionsOnSave.
// Actions carry the document version they were computed for; their edits are built only when
// the editor resolves them, and only if the document is still at that version.

import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Fix, TextEdit } from '../core/model';
import { INVALID_SUPPRESSION_ID } from '../core/engine';
import { acceptsHashComments, suppressFileEdit, suppressLineEdit, type SuppressionEdit } from '../core/suppression-edits';
import { toWorkspaceEdit, DIAGNOSTIC_SOURCE, type EditTarget } from './convert';
import type { FileResult } from './folder';
import type { SelectPlaceholderArgs } from './protocol';
import { docsCommand, placeholderCommand, staleAction, type CommandSupport } from './client-commands';
import { appendAll } from '../core/collections';
import { safeFixesOf, settleSafeFixes, type Reanalyse } from './fix-all';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlsec`;

export type ActionData =
  | { uri: string; version: number | null; kind: 'fix'; finding: number; fix: number }
  | { uri: string; version: number | null; kind: 'suppress-line' | 'suppress-file'; finding: number }
  | { uri: string; version: number | null; kind: 'fix-all' };

/** Whether an action kind is asked for by a request's `only` filter (prefix match, as in LSP). */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The findings that the editor's diagnostics in the request context stand for. */
export function findingsInContext(result: FileResult, diagnostics: readonly Diagnostic[]): number[] {
  const out: number[] = [];
  result.findings.forEach((f, i) => {
    if (diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && d.code === f.ruleId && sameRange(d.range, f.range))) out.push(i);
  });
  return out;
}

/** Safe fixes that edit only this file, without overlaps, for "fix all". */
export function fixAllFixes(result: FileResult): Fix[] {
  return safeFixesOf(result.source.path, result.findings);
}

function diagnosticFor(f: Finding, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === f.ruleId && sameRange(d.range, f.range));
}

/** Lists the actions for a request, without edits (those come from `resolveCodeAction`). */
export function listCodeActions(uri: string, result: FileResult, context: { diagnostics: readonly Diagnostic[]; only?: readonly string[] }, commands: CommandSupport): CodeAction[] {
  const actions: CodeAction[] = [];
  const base = { uri, version: result.version };
  if (kindRequested(CodeActionKind.QuickFix, context.only)) {
    const fixes: CodeAction[] = [];
    const suppressions: CodeAction[] = [];
    const docs: CodeAction[] = [];
    const seenSuppress = new Set<string>();
    const seenDocs = new Set<string>();
    for (const i of findingsInContext(result, context.diagnostics)) {
      const f = result.findings[i];
      const diagnostics = diagnosticFor(f, context.diagnostics);
      f.fixes.forEach((fix, j) => {
        // A guided fix without edits explains the change: it opens the rule's page (where the
        // client can open it; the diagnostic's link leads there too).
        if (fix.edits.length === 0) {
          const command = docsCommand(commands, f.ruleId, fix.title);
          if (command) fixes.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics, command });
          return;
        }
        fixes.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          ...(fix.kind === 'safe' && j === f.fixes.findIndex((x) => x.kind === 'safe') ? { isPreferred: true } : {}),
          data: { ...base, kind: 'fix', finding: i, fix: j } satisfies ActionData,
        });
      });
      const line = f.range.start.line;
      /** Offers one suppression per rule and line, and one per rule for the file. */
      const suppress = (scope: 'line' | 'file', key: string) => {
        if (seenSuppress.has(key)) return;
        seenSuppress.add(key);
        suppressions.push({
          title: `Suppress ${f.ruleId} ${scope === 'line' ? 'on this line' : 'in this file'}`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          data: { ...base, kind: `suppress-${scope}` as const, finding: i } satisfies ActionData,
        });
      };
      if (acceptsHashComments(result.source) && f.ruleId !== INVALID_SUPPRESSION_ID) {
        suppress('line', `${f.ruleId}@${line}`);
        suppress('file', f.ruleId);
      }
      const title = `Show documentation for ${f.ruleId}`;
      const command = seenDocs.has(f.ruleId) ? undefined : docsCommand(commands, f.ruleId, title);
      if (command) {
        seenDocs.add(f.ruleId);
        docs.push({ title, kind: CodeActionKind.QuickFix, command });
      }
    }
    appendAll(actions, fixes);
    if (fixes.length && fixAllFixes(result).length > 0) {
      actions.push({ title: 'Fix all safe mlsec issues in this file', kind: CodeActionKind.QuickFix, data: { ...base, kind: 'fix-all' } satisfies ActionData });
    }
    appendAll(appendAll(actions, suppressions), docs);
  }
  if (kindRequested(FIX_ALL_KIND, context.only) && context.only && fixAllFixes(result).length) {
    actions.push({ title: 'Fix all mlsec issues', kind: FIX_ALL_KIND, data: { ...base, kind: 'fix-all' } satisfies ActionData });
  }
  return actions;
}

export interface ResolveContext {
  /** Target (URI, analysed text, version) of a workspace-relative path. */
  targetOf(rel: string): EditTarget;
  /** Whether the editor accepts change annotations (review fixes then open a preview). */
  annotations: boolean;
  commands: CommandSupport;
}

/**
 * Resolves "fix all" by applying the file's safe fixes in passes until none is left, so one
 * action (or one save with source.fixAll) reaches the fixed point; one edit for the whole change.
 */
export async function resolveFixAll(action: CodeAction, result: FileResult, ctx: ResolveContext, reanalyse: Reanalyse): Promise<CodeAction> {
  const { edit } = await settleSafeFixes(result.source.path, result.source.text, result.findings, reanalyse);
  return { ...action, edit: toWorkspaceEdit(edit ? [edit] : [], ctx.targetOf) };
}

/** Builds the edit (and any follow-up command) of an action listed for `result`. */
export function resolveCodeAction(action: CodeAction, data: ActionData, result: FileResult, ctx: ResolveContext): CodeAction {
  if (data.kind === 'fix-all') {
    const edits = fixAllFixes(result).flatMap((f) => f.edits);
    return { ...action, edit: toWorkspaceEdit(edits, ctx.targetOf) };
  }
  const finding = result.findings[data.finding];
  if (!finding) return staleAction(action, ctx.commands);
  if (data.kind === 'fix') {
    const fix = finding.fixes[data.fix];
    if (!fix) return staleAction(action, ctx.commands);
    const annotation =
      fix.kind === 'review' && ctx.annotations
        ? { id: 'mlsec-review', label: fix.title, description: 'Review this change before applying it: it may change how the pipeline builds or runs.' }
        : undefined;
    return { ...action, edit: toWorkspaceEdit(fix.edits, ctx.targetOf, annotation) };
  }
  const s: SuppressionEdit = data.kind === 'suppress-line' ? suppressLineEdit(result.source, finding.range.start.line, finding.ruleId) : suppressFileEdit(result.source, finding.ruleId);
  const edits: TextEdit[] = [s.edit];
  const target = ctx.targetOf(result.source.path);
  const command = s.placeholder ? placeholderCommand(ctx.commands, { uri: target.uri, ...s.placeholder } satisfies SelectPlaceholderArgs) : undefined;
  return { ...action, edit: toWorkspaceEdit(edits, ctx.targetOf), ...(command ? { command } : {}) };
}
