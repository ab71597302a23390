// Answers the "Verify Model Signature" command: verifies every signature covering a model file
// or folder with the core verifier and words the outcome for a notification, returning the
// findings the editor shows as diagnostics when verification fails.

import { verifyModelPath } from '../core/verify-model';
import type { MlsecConfig } from '../core/config';
import type { Finding, Severity } from '../core/model';
import type { WorkspaceIO } from '../core/workspace/io';
import type { VerifyModelResult } from './protocol';

export interface ModelVerification {
  result: VerifyModelResult;
  /** Findings to show as diagnostics; empty when the path verified. */
  findings: Finding[];
}

/**
 * A failed verification the user asked for must be visible in the Problems panel, which does
 * not list hints, so findings below medium (an unsigned model is informational in a scan) are
 * raised to medium for this answer.
 */
const VISIBLE: Partial<Record<Severity, Severity>> = { info: 'medium', low: 'medium' };

export async function verifyModel(io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<ModelVerification> {
  const name = rel || 'the workspace folder';
  if (!(await io.stat(rel))) {
    return { result: { verified: false, message: `mlsec: ${name} does not exist.`, details: [], problems: 0 }, findings: [] };
  }
  const v = await verifyModelPath(io, rel, config);
  const findings = v.findings.map((f) => ({ ...f, severity: VISIBLE[f.severity] ?? f.severity }));
  const verified = v.results.length > 0 && v.results.every((r) => r.ok) && findings.length === 0;
  let message: string;
  if (verified) {
    message = v.results.length === 1 ? `mlsec: ${v.summary[0]}` : `mlsec: Verified: all ${v.results.length} signatures under ${name} verify.`;
  } else if (findings.length) {
    const where = findings.length === 1 ? 'it is' : `all ${findings.length} are`;
    message = `mlsec: ${name} failed signature verification: ${findings[0].message} (${where} listed in the Problems panel)`;
  } else {
    message = `mlsec: ${name} failed signature verification: ${v.summary[0]}`;
  }
  return { result: { verified, message, details: v.summary, problems: findings.length }, findings: verified ? [] : findings };
}
