// The suppression policy of a folder's `.mlsec.yaml` applied to an analysis, exactly as the CLI
// applies it: policy entries suppress what they match, expired entries are reported in the
// configuration file, and `inlineSuppressions: false` turns comments back into findings. What
// remains and the `mlsec.baseline` file records is shown as a hint (./baseline.ts).

import { INVALID_SUPPRESSION_ID, type Engine } from '../core/engine';
import type { Finding } from '../core/model';
import { applySuppressionPolicy, todayUtc, type SuppressionOutcome } from '../core/policy-suppressions';
import { SourceFile } from '../core/source';
import { markBaselined } from './baseline';
import type { Folder } from './folder';

export interface PolicyApplied {
  /** Findings on analysed files. */
  findings: Finding[];
  /** Findings the policy reports in the configuration file itself (expired entries). */
  inConfig: Finding[];
  /** The configuration file's path and text, when one was read. */
  config?: SourceFile;
}

export function applyFolderPolicy(engine: Engine, f: Folder, result: SuppressionOutcome): PolicyApplied {
  const file = f.fileConfig.path ?? '.mlsec.yaml';
  const text = f.fileConfig.text ?? '';
  const applied = applySuppressionPolicy(result, f.config, {
    configFile: file,
    configText: text,
    sourceOf: (p) => f.index.source(p),
    meta: engine.ruleMeta(INVALID_SUPPRESSION_ID)!,
    today: todayUtc(),
    canonicalId: (id) => engine.canonicalId(id),
  });
  const inConfig = f.fileConfig.path ? applied.findings.filter((x) => x.loc.file === file) : [];
  const kept = inConfig.length ? applied.findings.filter((x) => x.loc.file !== file) : applied.findings;
  const findings = markBaselined(kept, f.baseline, (p) => f.index.source(p));
  return { findings, inConfig, config: f.fileConfig.path ? new SourceFile(file, text) : undefined };
}
