// Table tests of model/unsafe-load-call for loads written through another name or another call
// shape: a loader bound to a local name (`load = torch.load`), flags passed in a `**` dictionary
// the file spells out, and torch.serialization.load.

import rule from '../../../src/core/rules/model/unsafe-load-call';
import { ruleTester } from '../../helpers/rule-tester';

const FIX = 'Load weights only (weights_only=True)';
const torchMsg = (api: string, why: string) => `${api} ${why}, so a crafted or replaced checkpoint runs code in this process.`;
const pickled = (api: string) => `${api} unpickles its input, so a crafted or replaced file runs code in this process.`;

ruleTester(rule, {
  valid: [
    {
      name: 'weights_only=True in a dictionary display unpacked into the call',
      files: { 'train.py': 'import torch\nopts = {"map_location": "cpu", "weights_only": True}\nstate = torch.load("ckpt.pt", **opts)\n' },
    },
    { name: 'weights_only=True in dict(...) unpacked into the call', files: { 'train.py': 'import torch\nstate = torch.load("ckpt.pt", **dict(weights_only=True))\n' } },
    { name: 'a local name bound to a function of another module', files: { 'train.py': 'import torch, json\nload = json.load\ncfg = load(f)\n' } },
    { name: 'a name bound twice is not followed', files: { 'train.py': 'import torch, json\nload = torch.load\nload = json.load\ncfg = load(f)\n' } },
    {
      name: 'a dictionary changed after it is written is not trusted',
      files: {
        'train.py':
          'import torch\nopts = {"map_location": "cpu"}\nopts["weights_only"] = True\nstate = torch.load("ckpt.pt", **opts)\nmore = {"map_location": "cpu"}\nmore.update(weights_only=True)\nstate = torch.load("ckpt.pt", **more)\n',
      },
    },
    { name: 'a dictionary with a key only known at run time is not guessed', files: { 'train.py': 'import torch\nopts = {key: False}\nstate = torch.load("ckpt.pt", **opts)\n' } },
  ],
  invalid: [
    {
      name: 'torch.load bound to a local name',
      files: { 'train.py': 'import torch\nload = torch.load\nstate = load("ckpt.pt")\n' },
      errors: [{ line: 3, column: 9, message: torchMsg('torch.load', 'without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'import torch\nload = torch.load\nstate = load("ckpt.pt", weights_only=True)\n' } }],
    },
    {
      name: 'an aliased module function bound to a local name in a function',
      files: { 'serve.py': 'import pickle as pk\n\ndef restore(blob):\n    decode = pk.loads\n    return decode(blob)\n' },
      errors: [{ line: 5, column: 12, message: pickled('pickle.loads') }],
    },
    {
      name: 'a module bound to a local name',
      files: { 'serve.py': 'import torch\nhub = torch.hub\nmodel = hub.load("example-org/yolo", "yolov5s")\n' },
      errors: [{ line: 3, column: 9, message: "torch.hub.load imports and runs the repository's hubconf.py, so whoever controls that repository runs code in this process." }],
    },
    {
      name: 'weights_only=False in a dictionary unpacked into the call: the dictionary is not edited',
      files: { 'train.py': 'import torch\nopts = {"map_location": "cpu", "weights_only": False}\nstate = torch.load("ckpt.pt", **opts)\n' },
      errors: [{ line: 3, column: 9, message: torchMsg('torch.load', 'with weights_only=False') }],
    },
    {
      name: 'weights_only=False in dict(...) unpacked into the call',
      files: { 'train.py': 'import torch\nstate = torch.load("ckpt.pt", **dict(weights_only=False))\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.load', 'with weights_only=False') }],
    },
    {
      name: 'a known dictionary without weights_only: the flag is appended after it',
      files: { 'train.py': 'import torch\nopts = {"map_location": "cpu"}\nstate = torch.load("ckpt.pt", **opts)\n' },
      errors: [{ line: 3, column: 9, message: torchMsg('torch.load', 'without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'import torch\nopts = {"map_location": "cpu"}\nstate = torch.load("ckpt.pt", **opts, weights_only=True)\n' } }],
    },
    {
      name: 'torch.serialization.load, imported from its module',
      files: { 'train.py': 'from torch.serialization import load\nstate = load("ckpt.pt")\n' },
      errors: [{ line: 2, column: 9, message: torchMsg('torch.serialization.load', 'without weights_only=True') }],
      fixes: [{ kind: 'review', title: FIX, output: { 'train.py': 'from torch.serialization import load\nstate = load("ckpt.pt", weights_only=True)\n' } }],
    },
  ],
});
