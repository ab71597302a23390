// Answers the "Verify Model Signature" command: verifies every signature covering a model file
// or folder with the core verifier and words the outcome for a notification, returning the
// findings the editor shows as diagnostics when verification fails.

import { verifyModelPath } from '../core/verify-model';
import { formatDownloadReport } from '../core/artifacts/download/format';
import { verifyDownload, type DownloadReport } from '../core/artifacts/download/report';
import { loadTrustPolicy } from '../core/artifacts/signature-trust';
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

/** A folder (other than the workspace root) is also checked as a download, as `mlsec verify-model DIR` does. */
async function downloadReport(io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<DownloadReport | undefined> {
  if (!rel || !(await io.stat(rel))?.isDirectory) return undefined;
  const { trust } = await loadTrustPolicy(io, config.models.trust);
  return verifyDownload(io, rel, { trust, requireSignature: config.models.requireSignatures === true });
}

export async function verifyModel(io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<ModelVerification> {
  const name = rel || 'the workspace folder';
  if (!(await io.stat(rel))) {
    return { result: { verified: false, message: `mlsec: ${name} does not exist.`, details: [], problems: 0 }, findings: [] };
  }
  const v = await verifyModelPath(io, rel, config);
  const download = await downloadReport(io, rel, config);
  if (download && !v.results.length)
    return downloadAnswer(
      download,
      v.findings.filter((f) => f.ruleId !== 'model/unsigned-model' || !download.verdict.ok),
    );
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
  if (download && verified && !download.verdict.ok) {
    message = `mlsec: ${name} failed the download check: ${download.verdict.problems[0]}`;
    return { result: { verified: false, message, details: formatDownloadReport(download), problems: 0 }, findings: [] };
  }
  const details = download ? formatDownloadReport(download) : v.summary;
  return { result: { verified, message, details, problems: findings.length }, findings: verified ? [] : findings };
}

/** An unsigned folder: the download check decides, and its report is the answer. */
function downloadAnswer(d: DownloadReport, found: Finding[]): ModelVerification {
  const findings = found.map((f) => ({ ...f, severity: VISIBLE[f.severity] ?? f.severity }));
  const lines = formatDownloadReport(d);
  const verified = d.verdict.ok && findings.length === 0;
  const unsigned = d.signature.lines[0] ?? '';
  const message = verified ? `mlsec: ${lines[0]} ${unsigned}` : `mlsec: ${lines[0]} ${d.verdict.problems[0] ?? findings[0]?.message ?? ''}`.trim();
  return { result: { verified, message, details: lines, problems: findings.length }, findings: verified ? [] : findings };
}
