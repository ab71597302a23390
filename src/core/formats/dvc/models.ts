// Recognises model files among DVC outputs by name, and whether their format runs code on load.

import type { ModelSerialization } from '../../facts/model';

const BY_EXTENSION: [RegExp, ModelSerialization][] = [
  [/\.(pkl|pickle|pckl)$/i, 'pickle'],
  [/\.joblib$/i, 'joblib'],
  [/\.(pt|pth|ckpt)$/i, 'pytorch'],
  [/\.safetensors$/i, 'safetensors'],
  [/\.onnx$/i, 'onnx'],
  [/\.keras$/i, 'keras'],
  [/\.(h5|hdf5)$/i, 'h5'],
  [/\.gguf$/i, 'gguf'],
  [/(^|\/)saved_model\.pbt?x?t?$/i, 'tensorflow'],
];

/** Formats whose loader can execute code embedded in the file. */
export const UNSAFE_ON_LOAD: ReadonlySet<ModelSerialization> = new Set(['pickle', 'cloudpickle', 'joblib', 'pytorch']);

/** The serialisation a path's name implies, when it names a model file. */
export function modelSerializationOf(path: string): ModelSerialization | undefined {
  for (const [re, s] of BY_EXTENSION) if (re.test(path)) return s;
  return undefined;
}

const MODEL_ONLY: ReadonlySet<ModelSerialization> = new Set(['pytorch', 'safetensors', 'onnx', 'keras', 'gguf', 'tensorflow']);

/**
 * Whether an output path looks like a model: a weights-only format, or a pickle/HDF5 file or a
 * directory whose path says `model` (pickles and HDF5 files often hold data, too).
 */
export function looksLikeModel(path: string): boolean {
  const s = modelSerializationOf(path);
  if (s && MODEL_ONLY.has(s)) return true;
  return /model/i.test(path) && (s !== undefined || !/\.[a-z0-9]{1,8}$/i.test(path));
}
