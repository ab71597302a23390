// Finds and verifies the signatures of a workspace's model files and directories, producing the
// facts the signature rules read; shared by the workspace enricher and the editor command.

import type { MlsecConfig } from '../config';
import type { Enricher } from '../enricher';
import { emptyFacts, type Facts } from '../facts/model';
import type { ModelCoverageFact, ModelSignatureFact } from '../facts/model-files';
import type { WorkspaceIO } from '../workspace/io';
import { describeSigner, findSignaturesFor, verifySignatureFile, type SignatureLocation, type VerifyResult } from './signature';
import { loadTrustPolicy } from './signature-trust';
import { trustFixFor, type TrustFix } from './trust-candidate';
import { appendAll } from '../collections';

/** The verification of one signature file, with everything the CLI and the editor show of it. */
export interface SignatureCheck {
  location: SignatureLocation;
  result: VerifyResult;
  /** Parts of `models.trust` that could not be loaded. */
  trustProblems: string[];
  /** The `.mlsec.yaml` edit that trusts the signer, when trusting it is all the signature lacks. */
  trustFix?: TrustFix;
}

export interface SignatureChecks {
  signatures: SignatureCheck[];
  coverage: ModelCoverageFact[];
}

/**
 * Verifies every signature that covers `modelFiles`, plus the signature files listed in
 * `signatureFiles`, each once.
 */
export async function checkSignatures(io: WorkspaceIO, modelFiles: string[], signatureFiles: SignatureLocation[], config: MlsecConfig): Promise<SignatureChecks> {
  const locations = new Map<string, SignatureLocation>();
  const coverage: ModelCoverageFact[] = [];
  for (const path of modelFiles) {
    const found = await findSignaturesFor(io, path);
    coverage.push({ path, signatures: found.map((f) => f.bundle) });
    for (const f of found) locations.set(f.bundle, f);
  }
  for (const s of signatureFiles) if (!locations.has(s.bundle)) locations.set(s.bundle, s);
  const signatures: SignatureCheck[] = [];
  if (locations.size) {
    const { trust, problems } = await loadTrustPolicy(io, config.models.trust);
    for (const loc of locations.values()) {
      const result = await verifySignatureFile(io, loc, trust);
      const trustFix = await trustFixFor(io, loc, result, trust);
      signatures.push({ location: loc, result, trustProblems: problems, ...(trustFix ? { trustFix } : {}) });
    }
  }
  return { signatures, coverage };
}

/** What the signature rules read of the checks. */
export function signatureFacts(checks: SignatureChecks): Facts {
  const facts = emptyFacts();
  for (const { location, result: r, trustProblems, trustFix } of checks.signatures) {
    const fact: ModelSignatureFact = {
      location,
      ok: r.ok,
      ...(r.target !== undefined ? { verifiedTarget: r.target } : {}),
      errors: r.errors.map((e) => ({ ...e })),
      files: r.files.map((f) => ({ name: f.name, status: f.status })),
      ...(r.signer ? { signer: describeSigner(r.signer) } : {}),
      untrusted: r.untrusted,
      trustProblems,
      ...(trustFix ? { trustFix } : {}),
    };
    facts.modelSignatures.push(fact);
  }
  appendAll(facts.signatureCoverage, checks.coverage);
  return facts;
}

/** The workspace enricher: verifies the signatures next to the models the readers found. */
export const modelSignatureEnricher: Enricher = {
  id: 'model-signatures',
  async run(index, io, config) {
    const models: string[] = [];
    const signatureFiles: SignatureLocation[] = [];
    for (const doc of index.all()) {
      for (const m of doc.facts.models) if (m.source === 'file') models.push(m.path);
      appendAll(signatureFiles, doc.facts.signatureFiles);
    }
    return signatureFacts(await checkSignatures(io, models, signatureFiles, config));
  },
};
