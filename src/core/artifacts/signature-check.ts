// Finds and verifies the signatures of a workspace's model files and directories, producing the
// facts the signature rules read; shared by the workspace enricher and the editor command.

import type { MlsecConfig } from '../config';
import type { Enricher } from '../enricher';
import { emptyFacts, extraFacts, type Facts } from '../facts/model';
import { SIGNATURE_FILE_KEY } from '../formats/sigstore-bundle';
import type { WorkspaceIO } from '../workspace/io';
import { findSignaturesFor, verifySignatureFile, type SignatureLocation, type VerifyResult } from './signature';
import { loadTrustPolicy } from './signature-trust';
import { appendAll } from '../collections';

/** `facts.extra` key of each verified signature. */
export const MODEL_SIGNATURE_KEY = 'model-signature';
/** `facts.extra` key recording, for each model file, the signatures that cover it. */
export const MODEL_COVERAGE_KEY = 'model-signature-coverage';

export interface ModelSignatureFact {
  location: SignatureLocation;
  result: VerifyResult;
  /** Parts of `models.trust` that could not be loaded. */
  trustProblems: string[];
}

export interface ModelCoverageFact {
  /** The model file. */
  path: string;
  /** Signature files that cover it (a bundle named after it, or a model.sig above it). */
  signatures: string[];
}

/**
 * Verifies every signature that covers `modelFiles`, plus the signature files listed in
 * `signatureFiles`, each once.
 */
export async function checkSignatures(io: WorkspaceIO, modelFiles: string[], signatureFiles: SignatureLocation[], config: MlsecConfig): Promise<Facts> {
  const facts = emptyFacts();
  const locations = new Map<string, SignatureLocation>();
  const coverage: ModelCoverageFact[] = [];
  for (const path of modelFiles) {
    const found = await findSignaturesFor(io, path);
    coverage.push({ path, signatures: found.map((f) => f.bundle) });
    for (const f of found) locations.set(f.bundle, f);
  }
  for (const s of signatureFiles) if (!locations.has(s.bundle)) locations.set(s.bundle, s);
  const signatures: ModelSignatureFact[] = [];
  if (locations.size) {
    const { trust, problems } = await loadTrustPolicy(io, config.models.trust);
    for (const loc of locations.values()) {
      signatures.push({ location: loc, result: await verifySignatureFile(io, loc, trust), trustProblems: problems });
    }
  }
  facts.extra[MODEL_SIGNATURE_KEY] = signatures;
  facts.extra[MODEL_COVERAGE_KEY] = coverage;
  return facts;
}

/** The workspace enricher: verifies the signatures next to the models the readers found. */
export const modelSignatureEnricher: Enricher = {
  id: 'model-signatures',
  run(index, io, config) {
    const models: string[] = [];
    const signatureFiles: SignatureLocation[] = [];
    for (const doc of index.all()) {
      for (const m of doc.facts.models) if (m.source === 'file') models.push(m.path);
      appendAll(signatureFiles, extraFacts<SignatureLocation>(doc.facts, SIGNATURE_FILE_KEY));
    }
    return checkSignatures(io, models, signatureFiles, config);
  },
};
