// The shape every request and notification the server handles must have, checked before any
// handler sees it: a table from method name to a small structural check, so a malformed message
// is answered with an InvalidParams error (or, for a notification, dropped with a log line)
// instead of reaching code that would throw on it.

import { fileURLToPath } from 'node:url';
import { CancelScanNotification, ListRulesRequest, ScanWorkspaceRequest, ServerStatusRequest, VerifyModelRequest } from './protocol';
import { EXPORT_FORMATS, THREAT_MODEL_EXPORT_REQUEST, THREAT_MODEL_REQUEST } from '../core/threat-model/protocol';

/** A check returns what is wrong with a value (naming where), or undefined when it fits. */
export type Check = (value: unknown, at: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const anything: Check = () => undefined;

export const str: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} must be a string`);

export const int: Check = (v, at) => (Number.isSafeInteger(v) ? undefined : `${at} must be an integer`);

const uinteger: Check = (v, at) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : `${at} must be a non-negative integer`);

export const nullable =
  (check: Check): Check =>
  (v, at) =>
    v === null ? undefined : check(v, at);

export const oneOf =
  (values: readonly unknown[]): Check =>
  (v, at) =>
    values.includes(v) ? undefined : `${at} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

export const arrayOf =
  (check: Check): Check =>
  (v, at) => {
    if (!Array.isArray(v)) return `${at} must be an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

/** An object with the given required fields and optional fields (`?` after the name); others are free. */
export const obj =
  (fields: Record<string, Check>): Check =>
  (v, at) => {
    if (!isObject(v)) return `${at} must be an object`;
    for (const [key, check] of Object.entries(fields)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      if (v[name] === undefined) {
        if (optional) continue;
        return `${at}.${name} is missing`;
      }
      const problem = check(v[name], `${at}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  };

/** A URI: a file URI must name a local path (no host), other schemes are left to the handlers. */
export const uri: Check = (v, at) => {
  if (typeof v !== 'string') return `${at} must be a string`;
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(v)) return `${at} must be a URI`;
  if (!/^file:/i.test(v)) return undefined;
  try {
    fileURLToPath(v);
    return undefined;
  } catch {
    return `${at} must be a local file URI`;
  }
};

/** No parameters: absent, null, or an object whose content is ignored. */
const noParams: Check = (v, at) => (v === undefined || v === null || isObject(v) || Array.isArray(v) ? undefined : `${at} must be absent or an object`);

const position = obj({ line: uinteger, character: uinteger });
const range = obj({ start: position, end: position });
const textDocumentId = obj({ uri });
const workspaceFolder = obj({ uri: str, name: str });
const diagnostic = obj({ range, message: str, 'source?': str, 'code?': anything });

const contentChange: Check = (v, at) => (isObject(v) && v.range !== undefined ? obj({ range, text: str, 'rangeLength?': uinteger })(v, at) : obj({ text: str })(v, at));

const actionData: Check = (v, at) => {
  const base = obj({ uri, version: nullable(int), kind: oneOf(['fix', 'suppress-line', 'suppress-file', 'fix-all']) })(v, at);
  if (base) return base;
  const d = v as Record<string, unknown>;
  if (d.kind === 'fix') return obj({ finding: uinteger, fix: uinteger })(v, at);
  if (d.kind !== 'fix-all') return obj({ finding: uinteger })(v, at);
  return undefined;
};

/** Checks of the parameters, by method, for every request and notification the server handles. */
export const PARAMS: Readonly<Record<string, Check>> = {
  initialize: obj({
    capabilities: obj({}),
    'processId?': nullable(int),
    'rootUri?': nullable(str),
    'rootPath?': nullable(str),
    'workspaceFolders?': nullable(arrayOf(workspaceFolder)),
  }),
  initialized: noParams,
  shutdown: noParams,
  exit: noParams,
  'textDocument/didOpen': obj({ textDocument: obj({ uri, languageId: str, version: int, text: str }) }),
  'textDocument/didChange': obj({ textDocument: obj({ uri, version: int }), contentChanges: arrayOf(contentChange) }),
  'textDocument/didClose': obj({ textDocument: textDocumentId }),
  'textDocument/didSave': obj({ textDocument: textDocumentId, 'text?': str }),
  'textDocument/willSave': obj({ textDocument: textDocumentId, reason: int }),
  'textDocument/willSaveWaitUntil': obj({ textDocument: textDocumentId, reason: int }),
  'textDocument/codeAction': obj({
    textDocument: textDocumentId,
    range,
    context: obj({ diagnostics: arrayOf(diagnostic), 'only?': arrayOf(str) }),
  }),
  'codeAction/resolve': obj({ title: str, 'data?': actionData }),
  'textDocument/hover': obj({ textDocument: textDocumentId, position }),
  'workspace/didChangeConfiguration': noParams,
  'workspace/didChangeWatchedFiles': obj({ changes: arrayOf(obj({ uri, type: oneOf([1, 2, 3]) })) }),
  'workspace/didChangeWorkspaceFolders': obj({ event: obj({ added: arrayOf(workspaceFolder), removed: arrayOf(workspaceFolder) }) }),
  '$/setTrace': obj({ value: oneOf(['off', 'messages', 'compact', 'verbose']) }),
  '$/cancelRequest': obj({ id: (v, at) => (typeof v === 'string' || Number.isSafeInteger(v) ? undefined : `${at} must be a string or an integer`) }),
  [ScanWorkspaceRequest]: noParams,
  [CancelScanNotification]: noParams,
  [ListRulesRequest]: noParams,
  [ServerStatusRequest]: noParams,
  [VerifyModelRequest]: obj({ uri }),
  [THREAT_MODEL_REQUEST]: (v, at) => (v === undefined || v === null ? undefined : obj({ 'folder?': uri })(v, at)),
  [THREAT_MODEL_EXPORT_REQUEST]: obj({ 'folder?': uri, format: oneOf(EXPORT_FORMATS) }),
};

/** What is wrong with a message's parameters, or undefined; methods without a check pass. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  const check = Object.prototype.hasOwnProperty.call(PARAMS, method) ? PARAMS[method] : undefined;
  return check?.(params, 'params');
}
