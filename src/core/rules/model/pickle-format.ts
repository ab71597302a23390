// model/pickle-format: a model stored or served in a pickle-based format; loading it runs
// whatever code the file names, even when today's file names nothing dangerous.

import type { Fix } from '../../model';
import { hazardLines } from '../../facts/model-files';
import { defineRule } from '../rule';

/** Serialisations whose loading unpickles. */
const PICKLE_BASED = new Set(['pickle', 'cloudpickle', 'pytorch', 'joblib']);

/** There is no edit that converts a model; the fix explains the safer formats. */
const MIGRATE: Fix = {
  title: 'Store the model as safetensors (PyTorch, Transformers), ONNX, or skops (scikit-learn) instead of a pickle (explanation only, no automatic edit)',
  kind: 'guided',
  edits: [],
};

export default defineRule({
  meta: {
    id: 'model/pickle-format',
    title: 'Model stored in a pickle-based format',
    description:
      'A model stored or served in a format that unpickles on load: an MLmodel flavor with `serialization_format: pickle` or `cloudpickle`, a pyfunc `python_model.pkl`, a PyTorch flavor, or a pickle, joblib or PyTorch checkpoint file (also inside a `.zip` archive) without dangerous globals (dangerous ones are reported by model/unsafe-deserialization).',
    explanation:
      'Loading a pickle imports and calls whatever globals the file names. A file that is harmless today is one write away from running a shell: anyone who can replace it in the artifact store, the model registry or the DVC remote gets code execution where it is loaded. Formats that hold only tensors and metadata (safetensors, ONNX) or that load with an allow-list (skops) remove that class of attack, and scanning cannot prove a pickle safe when its globals are unknown.',
    example: {
      language: 'yaml',
      bad: 'flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    serialization_format: cloudpickle',
      good: 'flavors:\n  onnx:\n    onnx_version: 1.16.0\n    data: model.onnx',
    },
    formats: ['mlflow', 'model'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T', 'E'],
    atlas: ['AML.T0011.000'],
    owasp: ['ML06', 'ML10'],
    references: [
      'https://huggingface.co/docs/safetensors/index',
      'https://skops.readthedocs.io/en/stable/persistence.html',
      'https://onnx.ai/',
      'https://mlflow.org/docs/latest/models.html',
      'https://docs.python.org/3/library/pickle.html',
    ],
  },
  *check(ctx) {
    for (const m of ctx.facts.models) {
      if (m.source !== 'mlmodel' || !m.serialization || !PICKLE_BASED.has(m.serialization)) continue;
      yield {
        message: `MLflow loads this model${m.flavor ? ` (${m.flavor} flavor)` : ''} with ${m.serialization}: loading it runs whatever code the model file names.`,
        loc: m.loc,
        fixes: [MIGRATE],
      };
    }
    for (const scan of ctx.facts.modelFiles) {
      if (!scan.hasPickles && scan.format !== 'compressed') continue;
      const { dangerous, unknown } = scan;
      if (dangerous.length) continue;
      const details = [...hazardLines(unknown).map((l) => `unknown global ${l}`), ...(scan.complete ? [] : scan.problems.map((p) => `not fully inspected: ${p}`))];
      const names = unknown.length
        ? `; it imports ${unknown.length} global${unknown.length > 1 ? 's' : ''} on no list (${unknown
            .slice(0, 3)
            .map((h) => h.what)
            .join(', ')}${unknown.length > 3 ? ', …' : ''})`
        : '';
      const disguise = scan.mismatch ? ` ${scan.mismatch}` : '';
      yield {
        message: `This model is stored as ${scan.formatName}, which runs code when loaded${names}.${disguise}`,
        loc: { file: scan.path, start: 0, end: 0 },
        severity: 'info',
        fixes: [MIGRATE],
        ...(details.length ? { details } : {}),
      };
    }
  },
});
