// The messages around the threat model: the language-server request the editor sends for it, and
// the typed messages between the threat-model panel and its webview. Types only, shared by the
// server, the extension and the webview bundle.

import type { Loc } from '../model';
import type { ThreatModel } from './model';

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

export interface ThreatModelChangedParams {
  folder: string;
}

/** Messages the extension posts to the webview. */
export type ToWebview =
  | { type: 'model'; model: ThreatModel }
  | { type: 'loading' }
  | { type: 'error'; message: string };

/** Messages the webview posts to the extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'openSource'; loc: Loc };

/** Checks a message from the webview before acting on it: the page shows untrusted text. */
export function parseFromWebview(data: unknown): FromWebview | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const m = data as Record<string, unknown>;
  if (m.type === 'ready' || m.type === 'refresh') return { type: m.type };
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
