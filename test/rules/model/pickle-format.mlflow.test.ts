// Rule table for model/pickle-format on MLflow MLmodel files: the flavors whose loading
// unpickles, and the ones that load tensors or graphs only.

import rule from '../../../src/core/rules/model/pickle-format';
import { ruleTester } from '../../helpers/rule-tester';

const migrate = { kind: 'guided' as const, title: /safetensors .* ONNX, or skops .*explanation only, no automatic edit/, output: {} };

const RUN = 'mlflow_version: 2.9.2\nrun_id: 9f2e4d6c8b0a1e3f5d7c9b1a3e5f7d9c\n';

ruleTester(rule, {
  valid: [
    {
      name: 'an ONNX model served through pyfunc',
      files: {
        'models/churn/MLmodel': `artifact_path: model\nflavors:\n  onnx:\n    code: null\n    data: model.onnx\n    onnx_version: 1.15.0\n    providers: [CPUExecutionProvider]\n  python_function:\n    data: model.onnx\n    env:\n      conda: conda.yaml\n    loader_module: mlflow.onnx\n    python_version: 3.10.13\n${RUN}`,
      },
    },
    {
      name: 'a scikit-learn model saved with skops',
      files: { MLmodel: `flavors:\n  sklearn:\n    pickled_model: model.skops\n    serialization_format: skops\n    sklearn_version: 1.3.2\n${RUN}` },
    },
    {
      name: 'a Keras model in the native .keras format',
      files: { 'model/MLmodel': `flavors:\n  tensorflow:\n    code: null\n    data: data\n    keras_version: 2.15.0\n    model_type: keras\n    save_format: keras\n${RUN}` },
    },
  ],
  invalid: [
    {
      name: 'a scikit-learn model saved with cloudpickle, as mlflow.sklearn.log_model does by default',
      files: {
        'models/churn/MLmodel': `artifact_path: model\nflavors:\n  python_function:\n    env:\n      conda: conda.yaml\n      virtualenv: python_env.yaml\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n    predict_fn: predict\n    python_version: 3.10.13\n  sklearn:\n    code: null\n    pickled_model: model.pkl\n    serialization_format: cloudpickle\n    sklearn_version: 1.3.2\n${RUN}`,
      },
      errors: [{ line: 11, column: 3, message: 'MLflow loads this model (sklearn flavor) with cloudpickle: loading it runs whatever code the model file names.', severity: 'medium' }],
      fixes: [migrate],
    },
    {
      name: 'a custom pyfunc model (python_model.pkl)',
      files: {
        'model/MLmodel': `flavors:\n  python_function:\n    cloudpickle_version: 3.0.0\n    code: code\n    loader_module: mlflow.pyfunc.model\n    python_model: python_model.pkl\n    python_version: 3.11.7\n${RUN}`,
      },
      errors: [{ line: 2, column: 3, message: /\(python_function flavor\) with cloudpickle/ }],
      fixes: [migrate],
    },
    {
      name: 'a PyTorch model (torch.save pickles the whole module)',
      files: {
        'model/MLmodel': `flavors:\n  python_function:\n    data: data\n    loader_module: mlflow.pytorch\n    pickle_module_name: mlflow.pytorch.pickle_module\n  pytorch:\n    code: null\n    model_data: data\n    pytorch_version: 2.1.2\n${RUN}`,
      },
      errors: [{ line: 6, column: 3, message: /\(pytorch flavor\) with pytorch/ }],
      fixes: [migrate],
    },
    {
      name: 'a statsmodels model with the legacy pickle format',
      files: { MLmodel: `flavors:\n  statsmodels:\n    code: null\n    data: model.statsmodels\n    statsmodels_version: 0.14.1\n${RUN}` },
      errors: [{ line: 2, column: 3, message: /\(statsmodels flavor\) with pickle/ }],
      fixes: [migrate],
    },
  ],
});
