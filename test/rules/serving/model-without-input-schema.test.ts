// Rule table for serving/model-without-input-schema.

import rule from '../../../src/core/rules/serving/model-without-input-schema';
import { ruleTester } from '../../helpers/rule-tester';

const MODEL = `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    model_path: model.pkl
  sklearn:
    pickled_model: model.pkl
    serialization_format: cloudpickle
mlflow_version: 2.9.2
run_id: 9f2e4d6c8b0a1e3f5d7c9b1a3e5f7d9c
`;

ruleTester(rule, {
  valid: [
    {
      name: 'model with a column signature',
      files: { 'models/churn/MLmodel': `${MODEL}signature:\n  inputs: '[{"name": "tenure", "type": "long"}, {"name": "spend", "type": "double"}]'\n  outputs: '[{"type": "long"}]'\n` },
    },
  ],
  invalid: [
    {
      name: 'model saved without a signature',
      files: { 'models/churn/MLmodel': MODEL },
      errors: [{ line: 2, column: 1, message: 'The MLflow model has no signature, so serving accepts input of any shape and type.', severity: 'info' }],
      fixes: [
        {
          kind: 'guided',
          title: 'Add a signature describing the model input (fill in the columns and types)',
          output: { 'models/churn/MLmodel': `${MODEL}signature:\n  inputs: '[{"name": "<column>", "type": "<double|long|string|boolean>"}]'\n  outputs: null\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'signature with outputs only',
      files: { MLmodel: `${MODEL}signature:\n  inputs: null\n  outputs: '[{"type": "long"}]'\n` },
      errors: [{ line: 11, column: 1, message: 'The MLflow model signature has no input schema, so serving accepts input of any shape and type.' }],
    },
  ],
});
