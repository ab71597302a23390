// The cheap test on a Python file's text that decides whether it is parsed at all: only files
// that import a library mlsec has rules for are analysed, so a large code base costs little.

/** Top-level modules whose use mlsec's Python rules and KFP facts read. */
export const ANALYSED_LIBRARIES = [
  'kfp',
  'torch',
  'pickle',
  '_pickle',
  'cPickle',
  'dill',
  'cloudpickle',
  'joblib',
  'pandas',
  'numpy',
  'keras',
  'tensorflow',
  'tf_keras',
  'transformers',
  'diffusers',
  'sentence_transformers',
  'peft',
  'huggingface_hub',
  'datasets',
  'mlflow',
  'yaml',
  'requests',
  'httpx',
  'ssl',
] as const;

const LIBS = ANALYSED_LIBRARIES.join('|');
/**
 * `import a, torch as t`, `from torch.hub import load`, or `from sklearn.externals import joblib`
 * at the start of a line (indented imports inside functions and try blocks count too).
 */
const IMPORTS_LIBRARY = new RegExp(
  String.raw`^[ \t]*(?:import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*(?:${LIBS})\b|from[ \t]+(?:${LIBS})\b|from[ \t]+[\w.]+[ \t]+import[ \t]+\(?[\w, \t]*\b(?:${LIBS})\b)`,
  'm',
);

/** Whether the text imports one of the analysed libraries. */
export function importsAnalysedLibrary(text: string): boolean {
  return IMPORTS_LIBRARY.test(text);
}
