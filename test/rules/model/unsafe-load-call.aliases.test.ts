// Table tests of model/unsafe-load-call for the forms a load is written in: a function imported
// under another name, flags read through module constants, and flags passed by position.

import rule from '../../../src/core/rules/model/unsafe-load-call';
import { ruleTester } from '../../helpers/rule-tester';

const FIX = 'Load weights only (weights_only=True)';
const torchMsg = (why: string) => `torch.load ${why}, so a crafted or replaced checkpoint runs code in this process.`;
const pickled = (api: string) => `${api} unpickles its input, so a crafted or replaced file runs code in this process.`;

ruleTester(rule, {
  valid: [
    { name: 'weights_only=True through a module constant', files: { 'train.py': 'from torch import load as tl\nSAFE = True\nstate = tl("ckpt.pt", weights_only=SAFE)\n' } },
    { name: 'numpy.load with allow_pickle=False by position', files: { 'prep.py': 'import numpy as np\narr = np.load("a.npy", None, False)\n' } },
    { name: 'a load function of another module under the same alias', files: { 'train.py': 'import torch\nfrom json import load as tl\ncfg = tl(f)\n' } },
  ],
  invalid: [
    {
      name: 'from torch import load as tl',
      files: { 'train.py': 'from torch import load as tl\nstate = tl("ckpt.pt")\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'from torch import load as tl\nstate = tl("ckpt.pt", weights_only=True)\n' } }],
    },
    {
      name: 'weights_only=False through a module constant, in a function: no edit of the constant',
      files: { 'train.py': 'import torch as t\nTRUSTED = False\n\ndef restore(path):\n    return t.load(path, weights_only=TRUSTED)\n' },
      errors: [{ line: 5, column: 12, message: torchMsg('with weights_only=False') }],
    },
    {
      name: 'pickle.loads imported under another name',
      files: { 'serve.py': 'from pickle import loads as decode\nmodel = decode(blob)\n' },
      errors: [{ line: 2, column: 9, message: pickled('pickle.loads') }],
    },
    {
      name: 'numpy.load with allow_pickle=True passed third',
      files: { 'prep.py': 'import numpy as np\narr = np.load("objects.npy", None, True)\n' },
      errors: [{ line: 2, column: 7, message: 'numpy.load with allow_pickle=True unpickles object arrays, so a crafted or replaced array file runs code in this process.' }],
    },
    {
      name: 'torch.hub imported from torch',
      files: { 'serve.py': 'from torch import hub\nmodel = hub.load("example-org/yolo", "yolov5s")\n' },
      errors: [{ line: 2, column: 9, message: "torch.hub.load imports and runs the repository's hubconf.py, so whoever controls that repository runs code in this process." }],
    },
  ],
});
