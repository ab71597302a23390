// Classifies storage URIs found in manifests: their scheme and how a model stored there is serialised.

import type { ModelSerialization } from '../../facts/model';

/** The scheme of a URI (`s3`, `gs`, `https`…), lower case, or undefined for a plain path. */
export function schemeOf(uri: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** How a serving framework stores models, and whether loading them runs code. */
export function serializationOfFramework(framework: string): { serialization?: ModelSerialization; unsafeOnLoad: boolean } {
  const f = framework
    .toLowerCase()
    .replace(/[_-]?server$/, '')
    .replace(/^mlserver[_-]/, '');
  if (/^(sklearn|scikit-learn|sklearnserver)$/.test(f)) return { serialization: 'joblib', unsafeOnLoad: true };
  if (/^(pytorch|torch|torchserve)$/.test(f)) return { serialization: 'pytorch', unsafeOnLoad: true };
  if (/^(mlflow|pyfunc)$/.test(f)) return { serialization: 'cloudpickle', unsafeOnLoad: true };
  if (/^(tensorflow|tf|tfserving)$/.test(f)) return { serialization: 'tensorflow', unsafeOnLoad: false };
  if (f === 'onnx') return { serialization: 'onnx', unsafeOnLoad: false };
  if (/^(xgboost|lightgbm|pmml|paddle|triton|huggingface|catboost|keras|alibi|art)$/.test(f)) return { serialization: f === 'keras' ? 'keras' : 'other', unsafeOnLoad: false };
  return { unsafeOnLoad: false };
}
