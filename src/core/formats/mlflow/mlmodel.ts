// Reads an MLflow `MLmodel`: flavors and how each stores the model, the signature, the input
// example and the run that produced it.

import { isMap } from 'yaml';
import type { ModelFact, ModelSerialization } from '../../facts/model';
import type { MlmodelFact } from '../../facts/records';
import type { SourceFile } from '../../source';
import { modelSerializationOf, UNSAFE_ON_LOAD } from '../dvc/models';
import { dirOf, workspacePath } from '../dvc/paths';
import { mapEntries, mapGet, strOf, type YamlDoc } from '../dvc/yaml';

/** Flavors whose MLflow implementation saves the model with pickle or cloudpickle. */
const PICKLING_FLAVORS: Record<string, ModelSerialization> = {
  pytorch: 'pytorch',
  statsmodels: 'pickle',
  fastai: 'pickle',
  pmdarima: 'pickle',
  gluon: 'pickle',
};

/** Flavor options that name the stored model file. */
const FILE_KEYS = ['pickled_model', 'python_model', 'model_path', 'data', 'model_data', 'saved_model_dir'];

function flavorSerialization(doc: YamlDoc, name: string, node: unknown, _file: SourceFile): { serialization?: ModelSerialization; file?: string } {
  const get = (k: string) => strOf(doc, mapGet(doc, node, k))?.value;
  const stored = FILE_KEYS.map(get).find((v) => v !== undefined && v !== '' && v !== 'null');
  const format = get('serialization_format')?.toLowerCase();
  if (format === 'pickle' || format === 'cloudpickle') return { serialization: format, file: stored };
  if (format === 'skops') return { serialization: 'other', file: stored };
  if (name === 'python_function') {
    // A custom pyfunc model (`python_model`) is a cloudpickled Python object.
    if (get('python_model')) return { serialization: 'cloudpickle', file: get('python_model') };
    return {};
  }
  if (name === 'sklearn') return { serialization: 'pickle', file: stored };
  if (PICKLING_FLAVORS[name]) return { serialization: PICKLING_FLAVORS[name], file: stored };
  if (name === 'keras' || name === 'tensorflow') {
    const saveFormat = get('save_format')?.toLowerCase();
    return { serialization: saveFormat === 'h5' ? 'h5' : saveFormat === 'keras' ? 'keras' : 'tensorflow', file: stored };
  }
  if (name === 'onnx') return { serialization: 'onnx', file: stored };
  const byName = stored ? modelSerializationOf(stored) : undefined;
  return { serialization: byName ?? 'other', file: stored };
}

/** Reads a parsed MLmodel into its description and one ModelFact per storing flavor. */
export function readMlmodel(doc: YamlDoc, file: SourceFile): { info: MlmodelFact; models: ModelFact[] } {
  const root = doc.root;
  const modelDir = dirOf(file.path);
  const flavorsKey = mapEntries(doc, root).find((e) => e.key.value === 'flavors');
  const info: MlmodelFact = {
    path: file.path,
    modelDir,
    flavors: [],
    runId: strOf(doc, mapGet(doc, root, 'run_id')),
    modelUuid: strOf(doc, mapGet(doc, root, 'model_uuid')),
    artifactPath: strOf(doc, mapGet(doc, root, 'artifact_path')),
    mlflowVersion: strOf(doc, mapGet(doc, root, 'mlflow_version')),
    anchor: flavorsKey?.key.loc ?? file.loc(0, 0),
  };
  const sigEntry = mapEntries(doc, root).find((e) => e.key.value === 'signature');
  if (sigEntry && isMap(sigEntry.value)) {
    info.signature = {
      inputs: strOf(doc, mapGet(doc, sigEntry.value, 'inputs')),
      outputs: strOf(doc, mapGet(doc, sigEntry.value, 'outputs')),
      loc: sigEntry.key.loc,
    };
  }
  const example = mapGet(doc, root, 'saved_input_example_info');
  info.inputExample = strOf(doc, mapGet(doc, example, 'artifact_path'));
  const models: ModelFact[] = [];
  for (const f of mapEntries(doc, flavorsKey?.value)) {
    const s = flavorSerialization(doc, f.key.value, f.value, file);
    info.flavors.push({ name: f.key, ...s });
    if (!s.serialization) continue;
    models.push({
      path: s.file ? workspacePath(modelDir, s.file) : modelDir,
      loc: f.key.loc,
      source: 'mlmodel',
      serialization: s.serialization,
      flavor: f.key.value,
      unsafeOnLoad: UNSAFE_ON_LOAD.has(s.serialization),
    });
  }
  return { info, models };
}
