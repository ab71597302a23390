// Facts about model and object loading in Python code: pickle-based loads, loaders that run
// repository code, model hub downloads and their revisions, and YAML loads with their loader.

import type { CodeLoadFact, Facts, ModelDownloadFact, RemoteCodeLoadFact, Str, YamlLoadFact } from '../../facts/model';
import type { CallView } from './calls';
import { appendArgument, removeArgument } from './syntax';
import { strOf } from './values';

/** Functions that unpickle whatever they are given. */
const PICKLE_LOADERS = new Set(
  ['pickle', '_pickle', 'cPickle', 'dill', 'cloudpickle']
    .flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`])
    .concat(['joblib.load', 'sklearn.externals.joblib.load', 'pandas.read_pickle', 'pandas.io.pickle.read_pickle']),
);
const KERAS_LOAD = /^(tensorflow\.|tf_keras\.)?keras\.(models\.|saving\.)?load_model$|^tf_keras\.(models\.)?load_model$/;
const REMOTE_URI = /^(https?|s3|s3a|gs|gcs|wasbs?|abfss?|hdfs|ftp|sftp|dbfs):\/\//i;
const COMMIT = /^[0-9a-f]{40}$/;
/** `load_dataset` builders that read local files rather than a hub repository. */
const DATASET_BUILDERS = new Set(['csv', 'json', 'parquet', 'text', 'imagefolder', 'audiofolder', 'videofolder', 'arrow', 'webdataset', 'pandas', 'sql', 'generator', 'xml', 'folder']);
const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;
const REVISION_PLACEHOLDER = '<40-hex commit id>';

/**
 * The last names of every callee the loads, downloads and YAML loads below can match, so the other
 * calls of a file (most of them) are passed over without looking at their arguments.
 */
const LOADER_METHODS = new Set([
  'load',
  'loads',
  'Unpickler',
  'read_pickle',
  'load_model',
  'from_pretrained',
  'hf_hub_download',
  'snapshot_download',
  'load_dataset',
  'pipeline',
  'SentenceTransformer',
  'CrossEncoder',
  'load_all',
  'unsafe_load',
  'unsafe_load_all',
]);

/** Reads every load, remote-code load, hub download and YAML load of the calls into `facts`. */
export function addLoadFacts(calls: readonly CallView[], facts: Facts): void {
  // `trust_remote_code` can be passed to any loader, so it is looked for only in files that say it.
  const mayTrust = calls.length > 0 && calls[0].m.text.includes('trust_remote_code');
  for (const c of calls) {
    const remote = mayTrust ? remoteCodeLoad(c) : undefined;
    if (remote) addRemoteCodeLoad(facts.remoteCodeLoads, remote);
    if (!LOADER_METHODS.has(c.method)) continue;
    const download = modelDownload(c);
    if (download) facts.modelDownloads.push(download);
    if (!c.call.imported) continue;
    const load = codeLoad(c);
    if (load) facts.codeLoads.push(load);
    const y = yamlLoad(c);
    if (y) facts.yamlLoads.push(y);
  }
}

function remoteCodeLoad(c: CallView): RemoteCodeLoadFact | undefined {
  const trust = c.value('trust_remote_code');
  if (trust?.kind !== 'bool' || !trust.value) return undefined;
  const a = c.arg('trust_remote_code')!;
  const which = repoArgument(c);
  const source = which ? strOf(c.value(which.keyword, which.position)) : undefined;
  return { api: c.call.callee, loc: c.m.file.loc(a.start, a.end), ...(source ? { source } : {}) };
}

/**
 * `kw = dict(trust_remote_code=True)` is reported where it is written, and again by the loader it
 * is unpacked into: the loader's report, which names the API and repository, replaces the dict's.
 */
function addRemoteCodeLoad(into: RemoteCodeLoadFact[], r: RemoteCodeLoadFact): void {
  const same = into.findIndex((o) => o.loc.start === r.loc.start && o.loc.end === r.loc.end);
  if (same < 0) into.push(r);
  else if (into[same].api === 'dict') into[same] = r;
}

function codeLoad(c: CallView): CodeLoadFact | undefined {
  const api = c.call.callee;
  const base = { api, loc: c.loc };
  const withSource = (s: Str | undefined) => (s ? { source: s } : {});
  if (PICKLE_LOADERS.has(api)) {
    return { ...base, risk: 'pickle', reason: 'unpickles its input', ...withSource(strOf(c.value('path', 0))) };
  }
  if (api === 'torch.load' || api === 'torch.serialization.load') return torchLoad(c);
  if (api === 'numpy.load') {
    // numpy.load(file, mmap_mode, allow_pickle, ...): the flag may be passed third.
    const allow = c.value('allow_pickle', 2);
    if (allow?.kind !== 'bool') return undefined;
    return allow.value ? { ...base, risk: 'numpy-pickle', reason: 'with allow_pickle=True unpickles object arrays' } : base;
  }
  if (KERAS_LOAD.test(api)) {
    const safe = c.value('safe_mode');
    return safe?.kind === 'bool' && !safe.value ? { ...base, risk: 'keras-unsafe-mode', reason: 'with safe_mode=False deserialises Lambda layers as bytecode' } : base;
  }
  if (api === 'torch.hub.load') {
    return { ...base, risk: 'hub-code', reason: "imports and runs the repository's hubconf.py", ...withSource(strOf(c.value('repo_or_dir', 0))) };
  }
  if (api === 'mlflow.pyfunc.load_model') {
    const uri = strOf(c.value('model_uri', 0));
    if (uri && REMOTE_URI.test(uri.value)) return { ...base, risk: 'remote-pyfunc', reason: `unpickles the model fetched from ${uri.value}`, source: uri };
    return uri ? { ...base, source: uri } : undefined;
  }
  return undefined;
}

function torchLoad(c: CallView): CodeLoadFact | undefined {
  const source = strOf(c.value('f', 0));
  const base = { api: c.call.callee, loc: c.loc, ...(source ? { source } : {}) };
  const arg = c.arg('weights_only');
  const v = c.value('weights_only');
  if (!arg) {
    if (c.unpacks) return undefined;
    const edit = appendArgument(c.call.args, 'weights_only=True');
    return { ...base, risk: 'torch-pickle', reason: 'without weights_only=True', ...(edit ? { remedy: { title: 'Load weights only (weights_only=True)', edits: [edit] } } : {}) };
  }
  if (v?.kind !== 'bool') return undefined;
  if (v.value) return base;
  const literal = arg.value?.name === 'Boolean' ? arg.value : undefined;
  return {
    ...base,
    risk: 'torch-pickle',
    reason: 'with weights_only=False',
    ...(literal && !arg.fromDict && !c.call.args.broken ? { remedy: { title: 'Load weights only (weights_only=True)', edits: [{ start: literal.from, end: literal.to, newText: 'True' }] } } : {}),
  };
}

/** Which argument names the repository for each hub download API, by the callee's last name. */
function repoArgument(c: CallView): { kind: string; keyword: string; position?: number } | undefined {
  const api = c.call.callee;
  const m = c.method;
  if (m === 'from_pretrained') return { kind: 'model', keyword: 'pretrained_model_name_or_path', position: 0 };
  if (!c.call.imported) return undefined;
  if (/^huggingface_hub\.(hf_hub_download|snapshot_download)$/.test(api) || /^huggingface_hub\.file_download\.hf_hub_download$/.test(api)) return { kind: 'file', keyword: 'repo_id', position: 0 };
  if (api === 'datasets.load_dataset') return { kind: 'dataset', keyword: 'path', position: 0 };
  // pipeline(task, model, ...): the model may be passed second.
  if (api === 'transformers.pipeline') return { kind: 'model', keyword: 'model', position: 1 };
  if (/^sentence_transformers\.(SentenceTransformer|CrossEncoder)$/.test(api)) return { kind: 'model', keyword: 'model_name_or_path', position: 0 };
  return undefined;
}

function modelDownload(c: CallView): ModelDownloadFact | undefined {
  const which = repoArgument(c);
  if (!which) return undefined;
  const repo = strOf(c.value(which.keyword, which.position));
  if (!repo || !HUB_ID.test(repo.value) || /^\.|^~/.test(repo.value)) return undefined;
  if (which.kind === 'dataset' && DATASET_BUILDERS.has(repo.value)) return undefined;
  const revArg = c.arg('revision');
  const base = { api: c.call.callee, repo, loc: c.loc };
  if (!revArg) {
    if (c.unpacks) return undefined;
    const edit = appendArgument(c.call.args, `revision="${REVISION_PLACEHOLDER}"`);
    return { ...base, pinned: false, ...(edit ? { remedy: { title: 'Pin the download to a commit (revision=...)', edits: [edit] } } : {}) };
  }
  const v = c.value('revision');
  const revision = strOf(v);
  if (!revision) return undefined;
  const pinned = COMMIT.test(revision.value);
  const exact = v?.kind === 'str' && v.exact && revArg.value?.name === 'String';
  return {
    ...base,
    revision,
    pinned,
    ...(!pinned && exact && !revArg.fromDict && !c.call.args.broken
      ? { remedy: { title: 'Pin the download to a commit (revision=...)', edits: [{ start: revision.loc.start, end: revision.loc.end, newText: REVISION_PLACEHOLDER }] } }
      : {}),
  };
}

const YAML_SAFE_LOADERS = /(^|\.)(C?SafeLoader|C?BaseLoader)$/;
const YAML_UNSAFE_LOADERS = /^yaml\.(C?Loader|C?UnsafeLoader|C?FullLoader)$/;
const YAML_SAFE_NAME: Record<string, string> = { load: 'safe_load', load_all: 'safe_load_all', unsafe_load: 'safe_load', unsafe_load_all: 'safe_load_all' };

function yamlLoad(c: CallView): YamlLoadFact | undefined {
  const api = c.call.callee;
  if (!/^yaml\.(load|load_all|unsafe_load|unsafe_load_all)$/.test(api)) return undefined;
  const loaderArg = c.arg('Loader', 1);
  const loader = c.value('Loader', 1);
  let loaderName: string | undefined;
  if (api.startsWith('yaml.load')) {
    if (loaderArg) {
      if (loader?.kind !== 'ref') return undefined;
      loaderName = loader.name;
      if (YAML_SAFE_LOADERS.test(loader.name)) return { api, loader: loader.name, safe: true, loc: c.loc };
      if (!YAML_UNSAFE_LOADERS.test(loader.name)) return undefined;
    } else if (c.unpacks) return undefined;
  }
  const prop = c.propertyNode();
  const edits: { start: number; end: number; newText: string }[] = [];
  // A Loader passed in a `**` dictionary would reach the safe function too, so no edit is offered.
  if (prop && !c.call.args.broken && !loaderArg?.fromDict) {
    edits.push({ start: prop.from, end: prop.to, newText: YAML_SAFE_NAME[c.method] });
    const removal = loaderArg ? removeArgument(c.call.args, loaderArg) : undefined;
    if (removal) edits.push(removal);
  }
  return { api, ...(loaderName ? { loader: loaderName } : {}), safe: false, loc: c.loc, ...(edits.length ? { remedy: { title: `Use yaml.${YAML_SAFE_NAME[c.method]}`, edits } } : {}) };
}
