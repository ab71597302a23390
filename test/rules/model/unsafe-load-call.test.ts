// Table tests of model/unsafe-load-call on Python code: pickle-based loads through every import
// form, weights_only handled in both directions, and the weights_only fix applied and re-analysed.

import rule from '../../../src/core/rules/model/unsafe-load-call';
import { ruleTester } from '../../helpers/rule-tester';

const FIX = 'Load weights only (weights_only=True)';
const torchMsg = (api: string, why: string) => `${api} ${why}, so a crafted or replaced checkpoint runs code in this process.`;

ruleTester(rule, {
  valid: [
    {
      name: 'torch.load with weights_only=True, safetensors, and numpy without pickles',
      files: {
        'train.py': `import torch
import numpy as np
from safetensors.torch import load_file

state = torch.load("checkpoints/resnet50.pt", weights_only=True, map_location="cpu")
weights = load_file("model.safetensors")
embeddings = np.load("embeddings.npy")
labels = np.load("labels.npy", allow_pickle=False)
`,
      },
    },
    {
      name: 'a load method of an object that is not an imported library',
      files: { 'serve.py': 'import torch\n\nclass Store:\n    def load(self, path):\n        return path\n\nstore = Store()\nstore.load("x.pt")\njson_config = config.load("a")\n' },
    },
    {
      name: 'keras load_model in safe mode and mlflow from the registry',
      files: { 'serve.py': 'import keras\nimport mlflow\nmodel = keras.models.load_model("model.keras")\npy = mlflow.pyfunc.load_model("models:/fraud/Production")\n' },
    },
    {
      name: 'a file that imports no analysed library is not read',
      files: { 'tool.py': 'import json\nfrom mylib import pickle_like\ndata = pickle_like.load(open("x"))\n' },
    },
    {
      name: 'weights_only passed through **kwargs is not guessed',
      files: { 'train.py': 'import torch\n\ndef restore(path, **kw):\n    return torch.load(path, **kw)\n' },
    },
  ],
  invalid: [
    {
      name: 'torch.load without weights_only, through an alias',
      files: { 'train.py': 'import torch as t\n\nstate = t.load("checkpoints/resnet50.pt", map_location="cpu")\n' },
      errors: [{ line: 3, column: 9, message: torchMsg('torch.load', 'without weights_only=True'), severity: 'high' }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'import torch as t\n\nstate = t.load("checkpoints/resnet50.pt", map_location="cpu", weights_only=True)\n' } }],
    },
    {
      name: 'torch.load with weights_only=False',
      files: { 'train.py': 'from torch import load\nstate = load(\n    "ckpt.pt",\n    weights_only=False,\n)\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.load', 'with weights_only=False') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'from torch import load\nstate = load(\n    "ckpt.pt",\n    weights_only=True,\n)\n' } }],
    },
    {
      name: 'torch.load with no arguments yet gets the keyword inside the parentheses',
      files: { 'train.py': 'import torch\nstate = torch.load()\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.load', 'without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'import torch\nstate = torch.load(weights_only=True)\n' } }],
    },
    {
      name: 'pickle, cPickle, dill, cloudpickle and joblib loads',
      files: {
        'features.py': `import pickle
import dill
import cloudpickle
import joblib
try:
    import cPickle
except ImportError:
    pass

a = pickle.load(open("a.pkl", "rb"))
b = pickle.loads(blob)
c = cPickle.load(f)
d = dill.loads(blob)
e = cloudpickle.load(f)
g = joblib.load("model.joblib")
h = pickle.Unpickler(f).load()
`,
      },
      errors: [
        { line: 10, column: 5, message: 'pickle.load unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 11, column: 5, message: 'pickle.loads unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 12, column: 5, message: 'cPickle.load unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 13, column: 5, message: 'dill.loads unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 14, column: 5, message: 'cloudpickle.load unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 15, column: 5, message: 'joblib.load unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 16, column: 5, message: 'pickle.Unpickler unpickles its input, so a crafted or replaced file runs code in this process.' },
      ],
    },
    {
      name: 'pandas.read_pickle and numpy.load(allow_pickle=True) through constants',
      files: { 'prep.py': 'import pandas as pd\nimport numpy as np\nALLOW = True\ndf = pd.read_pickle("features.pkl")\narr = np.load("objects.npy", allow_pickle=ALLOW)\n' },
      errors: [
        { line: 4, column: 6, message: 'pandas.read_pickle unpickles its input, so a crafted or replaced file runs code in this process.' },
        { line: 5, column: 7, message: 'numpy.load with allow_pickle=True unpickles object arrays, so a crafted or replaced array file runs code in this process.' },
      ],
    },
    {
      name: 'keras load_model with safe_mode=False, torch.hub.load, and a remote pyfunc',
      files: {
        'serve.py': `import tensorflow as tf
import torch
import mlflow.pyfunc
BUCKET = "s3://models-prod"
m1 = tf.keras.models.load_model("model.keras", safe_mode=False)
m2 = torch.hub.load("example-org/yolo", "yolov5s")
m3 = mlflow.pyfunc.load_model(f"{BUCKET}/fraud/3")
`,
      },
      errors: [
        { line: 5, column: 6, message: 'tensorflow.keras.models.load_model with safe_mode=False deserialises Lambda layers as bytecode, so a crafted or replaced model runs code in this process.' },
        { line: 6, column: 6, message: "torch.hub.load imports and runs the repository's hubconf.py, so whoever controls that repository runs code in this process." },
        { line: 7, column: 6, message: 'mlflow.pyfunc.load_model unpickles the model fetched from s3://models-prod/fraud/3, so whoever can write to that store runs code in this process.' },
      ],
    },
    {
      name: 'a file with a syntax error later on is still analysed',
      files: { 'train.py': 'import torch\nstate = torch.load("ckpt.pt")\ndef broken(:\n    pass\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.load', 'without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'import torch\nstate = torch.load("ckpt.pt", weights_only=True)\ndef broken(:\n    pass\n' } }],
    },
    {
      name: 'a call being typed is reported without an edit inside it',
      files: { 'train.py': 'import torch\nstate = torch.load("ckpt.pt",\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.load', 'without weights_only=True') }],
    },
  ],
});
