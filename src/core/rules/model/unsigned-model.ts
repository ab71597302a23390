// model/unsigned-model: a model artifact with no signature beside it, so nothing shows who
// produced it or that it is unchanged.

import type { Fix } from '../../model';
import { defineRule } from '../rule';

const ID = 'model/unsigned-model';

/** No edit can sign a model; the fix says how. */
const SIGN: Fix = {
  title: 'Sign the model directory with model_signing (`model_signing sign`) or the file with `cosign sign-blob --bundle <file>.sigstore.json` (explanation only, no automatic edit)',
  kind: 'guided',
  edits: [],
};

export default defineRule({
  meta: {
    id: ID,
    title: 'Model artifact without a signature',
    description:
      'A model file (pickle, PyTorch, NumPy, Keras, HDF5, safetensors, ONNX, GGUF, or a `.zip` archive carrying one) with no Sigstore bundle named after it and no `model.sig` in its directory or above. Reported as info; when `.mlsec.yaml` sets `models.requireSignatures: true` it is reported at high severity (or the severity configured for this rule).',
    explanation:
      'Without a signature nobody can tell the model that was trained and evaluated from one swapped in the artifact store, the registry or a mirror: a poisoned or backdoored model loads just the same. Signing model directories with OpenSSF model signing (or single files with a Sigstore bundle) lets every consumer, and mlsec, verify offline who produced the weights and that not one byte changed.',
    example: {
      language: 'text',
      bad: 'models/bert/model.safetensors   (no model.sig in models/bert)',
      good: 'models/bert/model.safetensors\nmodels/bert/model.sig          (model_signing sign models/bert)',
    },
    formats: ['model'],
    severity: 'info',
    fixes: ['guided'],
    stride: ['T', 'R'],
    atlas: ['AML.T0010.003'],
    owasp: ['ML06', 'ML10'],
    references: ['https://github.com/ossf/model-signing-spec', 'https://github.com/sigstore/model-transparency', 'https://docs.sigstore.dev/cosign/signing/signing_with_blobs/'],
  },
  *check(ctx) {
    const required = ctx.config.models.requireSignatures === true;
    const configured = ctx.config.rules[ID]?.severity;
    for (const c of ctx.facts.signatureCoverage) {
      if (c.signatures.length) continue;
      const scan = ctx.factIndex.modelFile(c.path);
      if (!scan || scan.format === 'unknown' || scan.format === 'zip' || scan.format === 'lfs-pointer') continue;
      yield {
        message: required
          ? `This model (${scan.formatName}) has no signature, but the workspace requires signed models (models.requireSignatures).`
          : `This model (${scan.formatName}) has no signature: nothing shows who produced it or that it is unchanged.`,
        loc: { file: c.path, start: 0, end: 0 },
        ...(required ? (configured ? {} : { severity: 'high' as const }) : { severity: 'info' as const }),
        fixes: [SIGN],
      };
    }
  },
});
