// model/unsafe-load-call: Python code that loads a model or object in a way that runs code from the file.

import type { CodeLoadRisk } from '../../facts/model';
import { defineRule } from '../rule';
import { fixOf } from '../util';

/** What follows from each kind of load, as the second half of the message. */
const CONSEQUENCE: Record<CodeLoadRisk, string> = {
  pickle: 'so a crafted or replaced file runs code in this process',
  'torch-pickle': 'so a crafted or replaced checkpoint runs code in this process',
  'numpy-pickle': 'so a crafted or replaced array file runs code in this process',
  'keras-unsafe-mode': 'so a crafted or replaced model runs code in this process',
  'hub-code': 'so whoever controls that repository runs code in this process',
  'remote-pyfunc': 'so whoever can write to that store runs code in this process',
};

export default defineRule({
  meta: {
    id: 'model/unsafe-load-call',
    title: 'Model or object loaded in a way that runs code',
    description:
      'Python calls that execute code from what they load: `torch.load` without `weights_only=True` (or with `weights_only=False`), `pickle`/`cPickle`/`dill`/`cloudpickle`/`joblib` `load`/`loads`, `pandas.read_pickle`, `numpy.load(allow_pickle=True)`, Keras `load_model(safe_mode=False)`, `torch.hub.load`, and `mlflow.pyfunc.load_model` of a remote URI.',
    explanation:
      'Unpickling imports and calls whatever the file names, so a checkpoint, a joblib dump or a pickled DataFrame is a program. Anyone who can write the file — a compromised model hub account, a shared bucket, a poisoned DVC remote, a pull request that swaps a `.pt` file — runs code with the training job’s credentials and data. `torch.load(weights_only=True)` restricts unpickling to tensors and plain containers; safetensors, ONNX and skops avoid pickles altogether. `torch.hub.load` imports the repository’s `hubconf.py`, which is code by design.',
    example: {
      language: 'python',
      bad: 'import torch\nstate = torch.load("checkpoints/resnet50.pt")',
      good: 'import torch\nstate = torch.load("checkpoints/resnet50.pt", weights_only=True)',
    },
    formats: ['python'],
    severity: 'high',
    fixes: ['review'],
    stride: ['T', 'E'],
    atlas: ['AML.T0011.000', 'AML.T0018.002'],
    owasp: ['ML06', 'ML10'],
    references: [
      'https://pytorch.org/docs/stable/generated/torch.load.html',
      'https://docs.python.org/3/library/pickle.html',
      'https://keras.io/api/models/model_saving_apis/model_saving_and_loading/',
      'https://huggingface.co/docs/hub/security-pickle',
    ],
    equivalents: ['Bandit B614 (torch.load), B301 (pickle), B403'],
  },
  *check(ctx) {
    for (const l of ctx.facts.codeLoads) {
      if (!l.risk) continue;
      yield {
        message: `${l.api} ${l.reason ?? 'runs code from what it loads'}, ${CONSEQUENCE[l.risk]}.`,
        loc: l.loc,
        ...(l.remedy ? { fixes: [fixOf(l.remedy.title, 'review', l.loc, l.remedy.edits)] } : {}),
      };
    }
  },
});
