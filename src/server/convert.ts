// Conversions at the protocol edge: findings become LSP diagnostics and fixes become workspace
// edits. Offsets turn into lines and characters here and nowhere earlier.

import {
  DiagnosticSeverity,
  DiagnosticTag,
  type AnnotatedTextEdit,
  type CreateFile,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Severity, TextEdit } from '../core/model';
import type { SourceFile } from '../core/source';
import { ruleDocsUrl } from '../core/report/links';

export const DIAGNOSTIC_SOURCE = 'mlsec';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

export function toDiagnosticSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

/** Resolves a workspace-relative path of the finding's folder to a document URI. */
export type UriOf = (relPath: string) => string;

export function toDiagnostic(f: Finding, uriOf: UriOf, sourceOf: (relPath: string) => SourceFile | undefined, docsLink: (ruleId: string) => string = ruleDocsUrl): Diagnostic {
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of f.related) {
    const src = sourceOf(r.loc.file);
    const range = src ? src.rangeOf(r.loc) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    related.push({ location: { uri: uriOf(r.loc.file), range }, message: r.message });
  }
  const tags: DiagnosticTag[] = [];
  if (f.tags?.includes('unnecessary')) tags.push(DiagnosticTag.Unnecessary);
  if (f.tags?.includes('deprecated')) tags.push(DiagnosticTag.Deprecated);
  const message = f.details?.length ? `${f.message}\n${f.details.map((d) => `  ${d}`).join('\n')}` : f.message;
  return {
    range: f.range,
    severity: toDiagnosticSeverity(f.severity),
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsLink(f.ruleId) },
    message,
    ...(related.length ? { relatedInformation: related } : {}),
    ...(tags.length ? { tags } : {}),
  };
}

export interface EditTarget {
  uri: string;
  /** The text the edits' offsets refer to; undefined for a file the edit creates. */
  source?: SourceFile;
  /** The document version that text belongs to, or null for a file read from disk. */
  version: number | null;
}

/**
 * Turns core text edits (offsets on the analysed text, possibly in several files) into a
 * versioned workspace edit, so the editor refuses it if a document changed in between.
 * `annotation`, when given, labels every edit (the label and description show in the editor's
 * undo history and change list); it applies in one step, like any other fix, and undoes in one.
 */
export function toWorkspaceEdit(edits: readonly TextEdit[], targetOf: (relPath: string) => EditTarget, annotation?: { id: string; label: string; description: string }): WorkspaceEdit {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const [file, list] of byFile) {
    const target = targetOf(file);
    if (list.some((e) => e.create)) {
      changes.push({ kind: 'create', uri: target.uri, options: { ignoreIfExists: true }, ...(annotation ? { annotationId: annotation.id } : {}) });
    }
    const converted = list.map((e): LspTextEdit | AnnotatedTextEdit => {
      const range = target.source && !e.create ? target.source.rangeOf(e) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return annotation ? { range, newText: e.newText, annotationId: annotation.id } : { range, newText: e.newText };
    });
    changes.push({ textDocument: { uri: target.uri, version: target.version }, edits: converted });
  }
  const out: WorkspaceEdit = { documentChanges: changes };
  if (annotation) {
    out.changeAnnotations = { [annotation.id]: { label: annotation.label, description: annotation.description, needsConfirmation: false } };
  }
  return out;
}
