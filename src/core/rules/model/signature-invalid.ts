// model/signature-invalid: a Sigstore bundle or model_signing signature beside a model that
// does not verify offline, or that a signer the workspace does not trust produced.

import { codedMessage, type RelatedLocation } from '../../model';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'model/signature-invalid',
    title: 'Model signature does not verify',
    description:
      'A Sigstore bundle (`<file>.sigstore.json`, `.sigstore`, `.bundle`) or an OpenSSF model-signing signature (`model.sig`) that does not verify offline: a file digest differs from the signed manifest, a file is missing or extra, the signature, certificate chain, transparency-log or timestamp evidence is bad, or the signer is not one `.mlsec.yaml` `models.trust` trusts. When trusting the signer is all a signature lacks (a Sigstore identity nobody listed, or a key signature whose public key is a PEM file beside the model, above it or in a `keys/` folder there), a review fix adds the identity or the key file to `models.trust`.',
    explanation:
      'A signature is only worth something when it is checked. A model whose weights changed after signing, whose manifest gained a file, or that was signed by an identity nobody vetted is exactly what a supply-chain attacker ships: a poisoned or backdoored model that still carries a signature file, so a careless pipeline trusts it. mlsec recomputes every digest by streaming the files, verifies the signature, certificate chain and log or timestamp evidence against the shipped Sigstore root or the configured keys and chains, and compares the signer with the exact identities and issuers the workspace trusts. A signature that cannot be checked because no key or chain is configured is reported at medium severity.',
    example: {
      language: 'yaml',
      bad: '# .mlsec.yaml trusts release@example.com, but model.sig was signed by someone@else.example',
      good: 'models:\n  trust:\n    identities:\n      - identity: release@example.com\n        issuer: https://accounts.google.com',
    },
    formats: ['model', 'sigstore'],
    severity: 'critical',
    fixes: ['review'],
    stride: ['T', 'S'],
    atlas: ['AML.T0010.003', 'AML.T0018'],
    owasp: ['ML06', 'ML10'],
    references: [
      'https://github.com/ossf/model-signing-spec',
      'https://github.com/sigstore/model-transparency',
      'https://docs.sigstore.dev/about/bundle/',
      'https://docs.sigstore.dev/cosign/verifying/verify/',
    ],
    equivalents: ['model_signing verify', 'cosign verify-blob'],
  },
  *check(ctx) {
    for (const s of ctx.facts.modelSignatures) {
      if (s.ok) continue;
      const what = s.verifiedTarget === '' ? 'the workspace root' : (s.verifiedTarget ?? s.location.target);
      const first = s.errors[0];
      const related: RelatedLocation[] = s.files
        .filter((f) => f.status === 'changed' || f.status === 'extra')
        .slice(0, 20)
        // Only model signatures list files, and their target is the signed directory.
        .map((f) => ({
          loc: { file: s.verifiedTarget ? `${s.verifiedTarget}/${f.name}` : f.name, start: 0, end: 0 },
          message: f.status === 'changed' ? 'differs from the signed digest' : 'is not in the signed manifest',
        }));
      const details = [...s.errors.map(codedMessage), ...(s.signer ? [`signed by ${s.signer}`] : []), ...s.trustProblems.map((p) => `trust policy: ${p}`)];
      yield {
        message: s.untrusted
          ? `The signature ${s.location.bundle} cannot be checked: ${first?.message ?? 'no trusted key or chain'}; add it to models.trust in .mlsec.yaml.`
          : `The signature ${s.location.bundle} does not verify ${what}: ${first?.message ?? 'verification failed'}.`,
        loc: { file: s.location.bundle, start: 0, end: 0 },
        ...(s.untrusted ? { severity: 'medium' as const } : {}),
        related,
        details,
        // Trusting the signer is a decision about who may ship models: offered for review, never applied in bulk.
        ...(s.trustFix ? { fixes: [{ title: s.trustFix.title, kind: 'review' as const, edits: [s.trustFix.edit] }] } : {}),
      };
    }
  },
});
