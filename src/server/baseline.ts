// Baselined findings in the editor: with the `mlsec.baseline` setting naming a baseline file of
// the folder (as `mlsec scan --write-baseline` writes it), findings it records are shown as hints
// with a note saying so, instead of at their severity, so accepted findings stay visible but quiet.

import { parseBaseline } from '../core/report/baseline';
import { fingerprintFindings } from '../core/fingerprint';
import type { Finding } from '../core/model';
import type { SourceFile } from '../core/source';
import { lexicalPath } from '../core/workspace/boundary';
import type { WorkspaceIO } from '../core/workspace/io';

/** The fingerprints a folder's baseline file accepts. */
export interface FolderBaseline {
  /** The baseline file, workspace-relative, as the setting names it. */
  file: string;
  prints: ReadonlySet<string>;
}

/** The most a baseline file may hold. */
const BASELINE_LIMIT = 64 << 20;

/**
 * Reads the baseline file the setting names, inside the folder only (through the workspace
 * boundary); a problem is one sentence for the log, and the folder then has no baseline.
 */
export async function loadFolderBaseline(io: WorkspaceIO, setting: string | null): Promise<{ baseline?: FolderBaseline; problem?: string }> {
  if (!setting) return {};
  const rel = lexicalPath(setting.replace(/\\/g, '/'));
  if (typeof rel !== 'string' || !rel) return { problem: `mlsec.baseline: ${setting} was not read: ${typeof rel === 'string' ? 'it names the folder itself' : rel.reason}.` };
  let text: string;
  try {
    text = (await io.readFile(rel, BASELINE_LIMIT)).toString('utf8');
  } catch (e) {
    return { problem: `mlsec.baseline: cannot read ${setting}: ${(e as Error).message}; no finding is shown as baselined.` };
  }
  try {
    return { baseline: { file: rel, prints: new Set(parseBaseline(text).entries.map((e) => e.fingerprint)) } };
  } catch (e) {
    return { problem: `mlsec.baseline: ${setting} is not an mlsec baseline: ${(e as Error).message}.` };
  }
}

/**
 * The findings with those the baseline records turned into info findings (hints in the editor)
 * that say they are baselined. Fingerprints are computed over all of `findings` together, which
 * must hold every finding of each file they cover, as `mlsec scan` computes them.
 */
export function markBaselined(findings: Finding[], baseline: FolderBaseline | undefined, sourceOf: (file: string) => SourceFile | undefined): Finding[] {
  if (!baseline || !baseline.prints.size || !findings.length) return findings;
  const prints = fingerprintFindings(findings, sourceOf);
  return findings.map((f) => {
    const print = prints.get(f);
    if (print === undefined || !baseline.prints.has(print)) return f;
    const note = `Baselined: recorded in ${baseline.file} (accepted for now), so shown as a hint instead of at severity ${f.severity}.`;
    return { ...f, severity: 'info', details: [...(f.details ?? []), note] };
  });
}
