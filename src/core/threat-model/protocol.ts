// The messages around the threat model: the language-server requests the editor sends for it, and
// the typed messages between the threat-model panel and its webview. Names, types and message
// checks only, shared by the language server, the extension and the webview bundle; nothing here
// may import analysis code, so the extension's bundle stays small.

import type { Loc } from '../model';
import type { ThreatModel } from './model';

export type { Loc };

/** Request from the client: the threat model of a workspace folder. */
export const THREAT_MODEL_REQUEST = 'mlsec/threatModel';
/** Notification from the server: the model of a folder changed (files or configuration were edited). */
export const THREAT_MODEL_CHANGED = 'mlsec/threatModelChanged';

export interface ThreatModelParams {
  /** URI of the workspace folder; the first folder when omitted. */
  folder?: string;
}

export interface ThreatModelResult {
  /** The folder the model describes, as the request named it (or the root path). */
  folder: string;
  model: ThreatModel;
}

export const EXPORT_FORMATS = ['json', 'markdown', 'threat-dragon'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file name an export is offered under. */
export const EXPORT_FILE_NAMES: Record<ExportFormat, string> = {
  json: 'threat-model.json',
  markdown: 'threat-model.md',
  'threat-dragon': 'threat-model.threat-dragon.json',
};

export function isExportFormat(x: unknown): x is ExportFormat {
  return typeof x === 'string' && (EXPORT_FORMATS as readonly string[]).includes(x);
}

/** Request from the client: the folder's model in an export format, for the panel's export buttons. */
export const THREAT_MODEL_EXPORT_REQUEST = 'mlsec/exportThreatModel';

export interface ThreatModelExportParams extends ThreatModelParams {
  format: ExportFormat;
}

export interface ThreatModelExportResult extends ThreatModelResult {
  format: ExportFormat;
  /** The file name to offer in the save dialog. */
  fileName: string;
  text: string;
}

export interface ThreatModelChangedParams {
  folder: string;
}

/** Messages the extension posts to the webview. */
export type ToWebview = { type: 'model'; model: ThreatModel } | { type: 'loading' } | { type: 'error'; message: string };

/** Messages the webview posts to the extension. */
export type FromWebview = { type: 'ready' } | { type: 'refresh' } | { type: 'openSource'; loc: Loc } | { type: 'export'; format: ExportFormat };

/** Checks a message from the webview before acting on it: the page shows untrusted text. */
export function parseFromWebview(data: unknown): FromWebview | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh') return { type: m.type };
  if (m.type === 'export') return isExportFormat(m.format) ? { type: 'export', format: m.format } : undefined;
  if (m.type === 'openSource' && m.loc && typeof m.loc === 'object') {
    const l = m.loc as Record<string, unknown>;
    const file = l.file;
    if (typeof file !== 'string' || !file || file.length > 4096) return undefined;
    // Workspace-relative POSIX paths only: nothing absolute, no way out of the folder.
    if (file.startsWith('/') || /^[a-zA-Z]:/.test(file) || file.includes('\\') || file.split('/').some((s) => s === '..' || s === '')) return undefined;
    const start = Number(l.start);
    const end = Number(l.end);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) return undefined;
    return { type: 'openSource', loc: { file, start, end } };
  }
  return undefined;
}
