// Classifies URLs and storage URIs found in manifests: what a download carries and how a model
// stored at a URI is serialised.

import type { DownloadFact, ModelSerialization } from '../../facts/model';

/** What a URL most likely points at, from its path. */
export function payloadOf(url: string): DownloadFact['payload'] {
  const p = url.split(/[?#]/)[0].toLowerCase();
  if (/\.(pt|pth|bin|ckpt|safetensors|onnx|h5|hdf5|keras|pkl|pickle|joblib|gguf|pb|tflite|mar|model)$/.test(p)) return 'model';
  if (/\.(tar\.gz|tgz|tar|zip|tar\.bz2|tar\.xz|7z)$/.test(p)) return 'archive';
  if (/\.(csv|tsv|parquet|jsonl?|npy|npz|tfrecords?|arrow|txt)$/.test(p)) return 'data';
  if (/\.(sh|bash|py|ps1)$/.test(p)) return 'script';
  return 'other';
}

/** The scheme of a URI (`s3`, `gs`, `https`…), lower case, or undefined for a plain path. */
export function schemeOf(uri: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(uri.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** How a serving framework stores models, and whether loading them runs code. */
export function serializationOfFramework(framework: string): { serialization?: ModelSerialization; unsafeOnLoad: boolean } {
  const f = framework.toLowerCase().replace(/[_-]?server$/, '').replace(/^mlserver[_-]/, '');
  if (/^(sklearn|scikit-learn|sklearnserver)$/.test(f)) return { serialization: 'joblib', unsafeOnLoad: true };
  if (/^(pytorch|torch|torchserve)$/.test(f)) return { serialization: 'pytorch', unsafeOnLoad: true };
  if (/^(mlflow|pyfunc)$/.test(f)) return { serialization: 'cloudpickle', unsafeOnLoad: true };
  if (/^(tensorflow|tf|tfserving)$/.test(f)) return { serialization: 'tensorflow', unsafeOnLoad: false };
  if (f === 'onnx') return { serialization: 'onnx', unsafeOnLoad: false };
  if (/^(xgboost|lightgbm|pmml|paddle|triton|huggingface|catboost|keras|alibi|art)$/.test(f)) return { serialization: f === 'keras' ? 'keras' : 'other', unsafeOnLoad: false };
  return { unsafeOnLoad: false };
}
