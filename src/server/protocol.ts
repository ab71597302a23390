// The custom requests and notifications between the mlsec language server and its VS Code client.
// It holds names and plain types only and imports nothing, so the client bundle stays small.

/** Client → server request: scan every workspace folder again. */
export const ScanWorkspaceRequest = 'mlsec/scanWorkspace';
export interface ScanSummary {
  /** Files read and parsed. */
  files: number;
  findings: number;
  /** Files skipped (over the size limit, binary, unreadable). */
  skipped: number;
  cancelled: boolean;
  durationMs: number;
}

/** Client → server notification: stop the running workspace scan. */
export const CancelScanNotification = 'mlsec/cancelScan';

/** Server → client notification: scan state for the client's status-bar item. */
export const ScanStatusNotification = 'mlsec/scanStatus';
export interface ScanStatus {
  state: 'started' | 'progress' | 'done';
  done: number;
  total: number;
  /** Set with state 'done'. */
  summary?: ScanSummary;
}

/** Client → server request: the rules the server knows, for the documentation picker. */
export const ListRulesRequest = 'mlsec/listRules';
export interface RuleInfo {
  id: string;
  title: string;
  severity: string;
  description: string;
  /** Repository-relative path of the rule's page, e.g. docs/rules/container/runs-as-root.md. */
  docsPath: string;
  docsUrl: string;
}

/** Client → server request: verify the signature of a model file or folder. */
export const VerifyModelRequest = 'mlsec/verifyModel';
export interface VerifyModelParams {
  uri: string;
}
export interface VerifyModelResult {
  /** True when every signature covering the path verified and nothing there is unsigned. */
  verified: boolean;
  /** One sentence for the notification. */
  message: string;
  /** Further lines (signatures checked, signer, reasons) for the output channel. */
  details: string[];
  /** Diagnostics the server published for a failed verification. */
  problems: number;
}

/** Client → server request: process figures, for benchmarks and health checks. */
export const ServerStatusRequest = 'mlsec/serverStatus';
export interface ServerStatus {
  /** Documents in the workspace indexes. */
  indexedFiles: number;
  /** Peak resident set size of the server process, in kilobytes. */
  maxRssKb: number;
  heapUsedBytes: number;
  /** Failures caught and logged while serving. */
  failures: number;
}

/** Commands the server's code actions ask the client to run. */
export const Commands = {
  openRuleDocs: 'mlsec.openRuleDocs',
  selectPlaceholder: 'mlsec.selectPlaceholder',
  staleFix: 'mlsec.staleFix',
} as const;

/** Commands the server runs itself (`workspace/executeCommand`), for clients without the above. */
export const ServerCommands = {
  /** Opens a rule's page with `window/showDocument`. */
  showRuleDocs: 'mlsec.server.showRuleDocs',
} as const;

/** What the VS Code extension sends as `initializationOptions`. */
export interface InitializationOptions {
  /** The client-side commands (values of `Commands`) the client implements. */
  clientCommands?: string[];
}

/** Arguments of `mlsec.selectPlaceholder`: selects the placeholder a suppression inserted. */
export interface SelectPlaceholderArgs {
  uri: string;
  line: number;
  start: number;
  end: number;
}
