// Facts read from program code: model and object loads that can run code, loaders told to run
// code from a model repository, model-hub downloads, YAML loads and KFP compile calls.

import type { Loc } from '../model';
import type { Str } from './model';

/** Edits that make a code call safe, with the title of the fix. */
export interface CodeRemedy {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** How loading can run code that the loaded file or repository brings. */
export type CodeLoadRisk = 'pickle' | 'torch-pickle' | 'numpy-pickle' | 'keras-unsafe-mode' | 'hub-code' | 'remote-pyfunc';

/**
 * A call in program code that deserialises a model, an object or data: `torch.load`, `pickle.load`,
 * `joblib.load`, `keras.models.load_model`… Safe loads (`weights_only=True`) are facts too, without a risk.
 */
export interface CodeLoadFact {
  /** The function as imported, e.g. `torch.load`, `pickle.loads`, `pandas.read_pickle`. */
  api: string;
  /** Set when the call can run code from what it loads. */
  risk?: CodeLoadRisk;
  /** Why the call is risky, as a clause for a message ("without weights_only=True"). */
  reason?: string;
  /** The call expression. */
  loc: Loc;
  /** The path or URI it loads, when it is known. */
  source?: Str;
  /** Edits that make the load safe when they are the whole fix (`weights_only=True`). */
  remedy?: CodeRemedy;
}

/** A loader call given `trust_remote_code=True`: it runs Python code from the model repository. */
export interface RemoteCodeLoadFact {
  api: string;
  /** The `trust_remote_code=True` argument, or the command-line flag or setting that asks for it. */
  loc: Loc;
  /** The flag or setting as written, when it is not the `trust_remote_code=True` argument of a call (`--trust-remote-code`). */
  flag?: string;
  /** The repository or path loaded, when it is known. */
  source?: Str;
}

/** A download of a model, dataset or files from a model hub (Hugging Face from_pretrained, hf_hub_download…). */
export interface ModelDownloadFact {
  api: string;
  /** The repository id as written or resolved. */
  repo: Str;
  /** The `revision` argument, when given with a known value. */
  revision?: Str;
  /** The revision is a full 40-hex commit id. */
  pinned: boolean;
  /** The call expression. */
  loc: Loc;
  /** Edits that add or replace the revision with a placeholder to complete. */
  remedy?: CodeRemedy;
}

/** A YAML load call in program code, with the loader it uses. */
export interface YamlLoadFact {
  /** e.g. `yaml.load`, `yaml.unsafe_load`. */
  api: string;
  /** The `Loader` as resolved (`yaml.FullLoader`), when one is given. */
  loader?: string;
  /** The loader only builds plain data (SafeLoader, CSafeLoader, BaseLoader). */
  safe: boolean;
  /** The call expression. */
  loc: Loc;
  /** Edits that turn the call into `yaml.safe_load`. */
  remedy?: CodeRemedy;
}

/** A KFP pipeline function compiled to an IR file by `Compiler().compile(pipeline, package_path)`. */
export interface PipelineCompileFact {
  /** The pipeline function's name, when the call names one defined in the file. */
  pipeline?: string;
  /** The IR file written, as given. */
  target: Str;
  /** The compile call. */
  loc: Loc;
}
