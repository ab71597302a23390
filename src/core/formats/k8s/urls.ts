// Storage URIs found in manifests: how a model stored there is serialised, and the facts of a KFP pipeline root.

import { urlScheme } from '../../facts/classify';
import type { Facts, ModelSerialization, Str } from '../../facts/model';

/** The facts of a pipeline root (where KFP stores every artifact): its URL and the store it names. */
export function addPipelineRoot(facts: Facts, id: string, root: Str): void {
  facts.urls.push({ url: root, role: 'artifact-store' });
  const scheme = urlScheme(root.value);
  facts.dataStores.push({ id, name: 'pipeline root', kind: 'artifact-store', url: root, ...(scheme ? { scheme } : {}), holdsCredentials: false, tlsVerified: scheme !== 'http', loc: root.loc });
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
