// Verification of the signatures that cover a model file or folder, for an editor command: the
// artifact checks run over the path and the signature rules turn their results into findings, as
// the workspace scan would report them.

import { DocumentIndex } from './document';
import type { MlsecConfig } from './config';
import { Engine } from './engine';
import type { Finding } from './model';
import signatureInvalid from './rules/model/signature-invalid';
import unsignedModel from './rules/model/unsigned-model';
import type { WorkspaceIO } from './workspace/io';
import { isModelFileName, modelFileFact, scanModelFile } from './artifacts/model-scan';
import { isNotAModel } from './artifacts/model-carrier';
import { formatResult, signatureTarget, type SignatureLocation, type VerifyResult } from './artifacts/signature';
import { checkSignatures, signatureFacts } from './artifacts/signature-check';

export interface PathVerification {
  /** Findings of model/signature-invalid and model/unsigned-model for the path. */
  findings: Finding[];
  results: VerifyResult[];
  /** One human summary line per signature, or why there is none. */
  summary: string[];
}

const WALK_LIMIT = 10_000;

/** Model files and signature files under a directory (or the file itself). */
async function collect(io: WorkspaceIO, rel: string): Promise<{ models: string[]; signatures: SignatureLocation[] }> {
  const models: string[] = [];
  const signatures: SignatureLocation[] = [];
  // Real paths of the directories entered, so symlinks back to an ancestor are walked once.
  const visited = new Set<string>();
  const visit = async (p: string, depth: number): Promise<void> => {
    if (depth > 32 || models.length + signatures.length > WALK_LIMIT) return;
    const st = await io.stat(p);
    if (st?.isDirectory) {
      const real = await io.realPath(p);
      if (!real || visited.has(real)) return;
      visited.add(real);
      for (const name of (await io.readDir(p)) ?? []) {
        if (name === '.git' || name === 'node_modules') continue;
        await visit(p ? `${p}/${name}` : name, depth + 1);
      }
    } else if (st?.isFile) {
      const sig = signatureTarget(p);
      if (sig) signatures.push(sig);
      else if (isModelFileName(p)) models.push(p);
    }
  };
  await visit(rel, 0);
  return { models, signatures };
}

/**
 * Verifies every signature that covers `rel` (a model file, a signature file or a folder) and
 * returns findings as the workspace scan would report them, for an editor command.
 */
export async function verifyModelPath(io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<PathVerification> {
  const { models, signatures } = await collect(io, rel);
  const checks = await checkSignatures(io, models, signatures, config);
  const facts = signatureFacts(checks);
  for (const m of models) {
    const s = await scanModelFile(io, m);
    if (s && !isNotAModel(s)) facts.modelFiles.push(modelFileFact(s));
  }
  const engine = new Engine([signatureInvalid, unsignedModel], []);
  const { findings } = engine.runRules(new DocumentIndex(), facts, config, undefined);
  const results = checks.signatures.map((s) => s.result);
  const summary = results.length ? results.flatMap((r) => formatResult(r)) : [`No signature covers ${rel || 'the workspace'}.`];
  return { findings, results, summary };
}
