// The suppression policy of a folder's configurations applied to an analysis, exactly as the CLI
// applies it: each file's nearest `.mlsec.yaml` suppresses what its entries match, expired entries
// are reported in the configuration file they are written in, and `inlineSuppressions: false`
// turns comments back into findings. What remains and the `mlsec.baseline` file records is shown
// as a hint (./baseline.ts).

import { applyPolicyByConfig } from '../core/config-analysis';
import type { Engine } from '../core/engine';
import type { Finding } from '../core/model';
import type { SuppressionOutcome } from '../core/policy-suppressions';
import { SourceFile } from '../core/source';
import { markBaselined } from './baseline';
import type { Folder } from './folder';

export interface PolicyApplied {
  /** Findings on analysed files. */
  findings: Finding[];
  /** Findings the policy reports in configuration files themselves (expired entries). */
  inConfig: Finding[];
  /** The configuration files read, with their text. */
  configs: SourceFile[];
}

export function applyFolderPolicy(engine: Engine, f: Folder, result: SuppressionOutcome): PolicyApplied {
  const applied = applyPolicyByConfig(engine, f.configs, result, (p) => f.index.source(p));
  const configs = f.configs
    .files()
    .filter((c) => c.text !== undefined)
    .map((c) => new SourceFile(c.file, c.text!));
  const isConfig = (file: string) => configs.some((c) => c.path === file);
  const inConfig = applied.findings.filter((x) => isConfig(x.loc.file));
  const kept = inConfig.length ? applied.findings.filter((x) => !isConfig(x.loc.file)) : applied.findings;
  const findings = markBaselined(kept, f.baseline, (p) => f.index.source(p));
  return { findings, inConfig, configs };
}
