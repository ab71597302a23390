// serving/model-without-input-schema: MLflow models saved without a signature.

import type { MlmodelFact } from '../../facts/records';
import type { Fix } from '../../model';
import { defineRule } from '../rule';

/** A signature snippet with placeholders, appended as a top-level key of the MLmodel. */
function signatureFix(text: string, file: string): Fix {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length && !text.endsWith('\n') ? eol : '';
  return {
    title: 'Add a signature describing the model input (fill in the columns and types)',
    kind: 'guided',
    edits: [
      {
        file,
        start: text.length,
        end: text.length,
        newText: `${lead}signature:${eol}  inputs: '[{"name": "<column>", "type": "<double|long|string|boolean>"}]'${eol}  outputs: null${eol}`,
      },
    ],
  };
}

/** An input schema that is missing, empty or still a placeholder. */
function lacksInputSchema(info: MlmodelFact): boolean {
  const inputs = info.signature?.inputs?.value.trim();
  return !inputs || inputs === 'null' || inputs === '[]' || /<[^>]*>/.test(inputs);
}

export default defineRule({
  meta: {
    id: 'serving/model-without-input-schema',
    title: 'MLflow model without an input signature',
    description: 'Reports an MLflow `MLmodel` with no `signature` (or a signature without `inputs`): served, the model accepts input of any shape and type.',
    explanation:
      'MLflow enforces a model signature at the serving boundary: columns, types and tensor shapes that do not match are rejected before the model sees them. Without one, a scoring endpoint passes any payload to the model, which makes crafted adversarial inputs, type-confusion tricks and malformed requests that crash or mislead the model much easier.',
    example: {
      language: 'yaml',
      bad: 'flavors:\n  sklearn:\n    pickled_model: model.pkl\nmodel_uuid: 5f1c…',
      good: 'flavors:\n  sklearn:\n    pickled_model: model.pkl\nsignature:\n  inputs: \'[{"name": "age", "type": "long"}]\'\n  outputs: \'[{"type": "double"}]\'',
    },
    formats: ['mlflow'],
    severity: 'info',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0043'],
    owasp: ['ML01'],
    references: ['https://mlflow.org/docs/latest/model/signatures.html', 'https://mlflow.org/docs/latest/models.html#model-signature-and-input-example'],
  },
  *check(ctx) {
    for (const info of ctx.facts.mlmodels) {
      if (!lacksInputSchema(info)) continue;
      const text = ctx.index.source(info.path)?.text;
      yield {
        message: info.signature
          ? 'The MLflow model signature has no input schema, so serving accepts input of any shape and type.'
          : 'The MLflow model has no signature, so serving accepts input of any shape and type.',
        loc: info.signature?.loc ?? info.anchor,
        ...(text !== undefined && !info.signature ? { fixes: [signatureFix(text, info.path)] } : {}),
      };
    }
  },
});
