// Publishing diagnostics: what the analysis, the `.mlsec.yaml` check and model verification found,
// merged per URI and sent only when it changed, plus the settled "threat model changed" signal.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { DocumentIndex } from '../core/document';
import type { Finding, Problem } from '../core/model';
import { SourceFile } from '../core/source';
import { THREAT_MODEL_CHANGED, type ThreatModelChangedParams } from '../core/threat-model/protocol';
import { appendAll } from '../core/collections';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import type { Folder } from './folder';
import type { PolicyApplied } from './policy';
import type { ServiceState } from './state';

/** What publishes diagnostics: the analysis, `.mlsec.yaml` validation and its suppression policy, and model verification. */
type Producer = 'findings' | 'config' | 'policy' | 'verification';

/** Quiet time after the last publication before the client hears that a threat model changed. */
const THREAT_MODEL_SETTLE_MS = 300;

/** A failed model verification the user ran, with its diagnostics by URI. */
export interface Verification {
  folder: Folder;
  rel: string;
  byUri: Map<string, Diagnostic[]>;
}

export class Publisher {
  /** What was last published per URI, by producer, so unchanged diagnostics are not resent. */
  private readonly published = new Map<string, Record<Producer, Diagnostic[]> & { key: string }>();
  /** Failed model verifications, by folder and path. */
  private readonly verifications = new Map<string, Verification>();
  private readonly threatModelTimers = new Map<Folder, NodeJS.Timeout>();
  /** Where each folder's suppression policy last published (its configuration file). */
  private readonly policyUris = new Map<Folder, Set<string>>();

  constructor(private readonly state: ServiceState) {}

  publish(uri: string, producer: Producer, diags: Diagnostic[]): void {
    const prev = this.published.get(uri) ?? { findings: [], config: [], policy: [], verification: [], key: '' };
    const next = { ...prev, [producer]: diags };
    // A verification the user ran restates some scan findings more visibly; show each once.
    const same = (d: Diagnostic) => `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    const verified = new Set(next.verification.map(same));
    const all = [...next.config, ...next.policy, ...next.findings.filter((d) => !verified.has(same(d))), ...next.verification];
    const key = JSON.stringify(all);
    if (key === prev.key) return;
    next.key = key;
    if (all.length) this.published.set(uri, next);
    else this.published.delete(uri);
    void this.state.connection.sendDiagnostics({ uri, diagnostics: all }).catch(() => undefined);
  }

  publishConfigErrors(uri: string, rel: string, text: string, errors: Problem[]): void {
    const src = new SourceFile(rel, text);
    const diags = errors.map((e): Diagnostic => ({
      range: src.rangeOfProblem(e) ?? src.rangeOf({ start: 0, end: 0 }),
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: 'mlsec/config',
      message: `Invalid mlsec configuration: ${e.message}`,
    }));
    this.publish(uri, 'config', diags);
  }

  /**
   * Publishes what the suppression policy reports in the configuration file (expired entries),
   * clearing what it published in a configuration file that is no longer the folder's.
   */
  publishPolicy(f: Folder, applied: PolicyApplied): void {
    const before = this.policyUris.get(f) ?? new Set<string>();
    const now = new Set<string>();
    const sourceOf = (r: string) => applied.configs.find((c) => c.path === r) ?? f.index.source(r);
    for (const src of applied.configs) {
      const uri = f.uriOf(src.path);
      now.add(uri);
      const own = applied.inConfig.filter((x) => x.loc.file === src.path);
      this.publish(
        uri,
        'policy',
        own.map((x) => toDiagnostic(x, (r) => f.uriOf(r), sourceOf, this.state.ruleLink)),
      );
    }
    for (const uri of before) if (!now.has(uri)) this.publish(uri, 'policy', []);
    this.policyUris.set(f, now);
  }

  clearFolder(f: Folder): void {
    this.clearVerifications(f, () => true);
    this.publishPolicy(f, { findings: [], inConfig: [], configs: [] });
    for (const rel of f.results.keys()) this.publish(f.uriOf(rel), 'findings', []);
    f.results.clear();
    f.index = new DocumentIndex();
  }

  /**
   * Publishes the findings of the given files (all indexed files and every file published
   * before when `files` is omitted). `versions` holds the open-document versions the analysis
   * saw; a file whose document has moved on since is left for the analysis already scheduled.
   */
  publishFindings(f: Folder, findings: Finding[], versions: Map<string, number>, files?: Iterable<string>): void {
    const byFile = new Map<string, Finding[]>();
    for (const x of findings) {
      const list = byFile.get(x.loc.file);
      if (list) list.push(x);
      else byFile.set(x.loc.file, [x]);
    }
    const targets = new Set(files ?? [...f.index.paths(), ...f.results.keys(), ...byFile.keys()]);
    for (const rel of targets) {
      const uri = f.uriOf(rel);
      const open = this.state.documents.get(f.openUris.get(rel) ?? uri);
      if (open && versions.get(rel) !== open.version) continue;
      const source = f.index.source(rel);
      const list = byFile.get(rel) ?? [];
      if (!source) {
        f.results.delete(rel);
        this.publish(uri, 'findings', []);
        continue;
      }
      f.results.set(rel, { source, version: f.versionOf(rel, source), findings: list });
      this.publish(
        uri,
        'findings',
        list.map((x) => this.diagnosticOf(f, x)),
      );
    }
    this.threatModelChanged(f);
  }

  diagnosticOf(f: Folder, x: Finding): Diagnostic {
    return toDiagnostic(
      x,
      (r) => f.uriOf(r),
      (r) => f.index.source(r),
      this.state.ruleLink,
    );
  }

  /** Records (or, with no diagnostics, drops) a verification answer and republishes what it touches. */
  setVerification(f: Folder, rel: string, byUri: Map<string, Diagnostic[]>): void {
    const key = `${f.uri}|${rel}`;
    const old = this.verifications.get(key);
    if (byUri.size) this.verifications.set(key, { folder: f, rel, byUri });
    else this.verifications.delete(key);
    this.publishVerifications([...(old?.byUri.keys() ?? []), ...byUri.keys()]);
  }

  /** Drops the verification answers of a folder that `which` selects and updates their URIs. */
  clearVerifications(f: Folder, which: (v: Verification) => boolean): void {
    const uris: string[] = [];
    for (const [key, v] of this.verifications) {
      if (v.folder !== f || !which(v)) continue;
      this.verifications.delete(key);
      appendAll(uris, v.byUri.keys());
    }
    this.publishVerifications(uris);
  }

  private publishVerifications(uris: Iterable<string>): void {
    for (const uri of new Set(uris)) {
      this.publish(
        uri,
        'verification',
        [...this.verifications.values()].flatMap((v) => v.byUri.get(uri) ?? []),
      );
    }
  }

  /** Tells the client, once the analysis settles, that the folder's threat model changed. */
  private threatModelChanged(f: Folder): void {
    const pending = this.threatModelTimers.get(f);
    if (pending) clearTimeout(pending);
    this.threatModelTimers.set(
      f,
      setTimeout(() => {
        this.threatModelTimers.delete(f);
        if (!this.state.shuttingDown) {
          void this.state.connection.sendNotification(THREAT_MODEL_CHANGED, { folder: f.uri } satisfies ThreatModelChangedParams).catch(() => undefined);
        }
      }, THREAT_MODEL_SETTLE_MS),
    );
  }

  stopTimers(): void {
    for (const t of this.threatModelTimers.values()) clearTimeout(t);
    this.threatModelTimers.clear();
  }
}
