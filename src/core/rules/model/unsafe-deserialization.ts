// model/unsafe-deserialization: a model file whose pickle imports or calls a dangerous global,
// or whose Keras configuration carries Lambda bytecode; loading it runs the attacker's code.

import { hazardLines } from '../../facts/model-files';
import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'model/unsafe-deserialization',
    title: 'Model file runs code when loaded',
    description:
      'A pickle stream (`.pkl`, `.pickle`, `.joblib`, a PyTorch checkpoint’s `data.pkl`, an `.npy` object array, any of these inside a `.zip` archive) that imports or calls a dangerous global such as `os.system`, `subprocess.Popen` or `builtins.eval`, or a Keras model whose configuration carries Lambda bytecode or names a dangerous module.',
    explanation:
      'Unpickling is program execution: each GLOBAL/STACK_GLOBAL opcode imports a callable and REDUCE, INST, OBJ and NEWOBJ call it with attacker-chosen arguments. A model published with `os.system` or `builtins.exec` in its pickle opens a shell on every machine that runs `torch.load`, `joblib.load` or `pickle.load` on it, typically a GPU training node or an inference server with access to data and credentials. Keras Lambda layers store marshalled Python bytecode that runs when the model is deserialised. mlsec reads the opcode stream without executing it, follows the memo and nested pickles, and lists each dangerous global with its byte offset.',
    example: {
      language: 'text',
      bad: 'model.pkl: \\x80\\x02cposix\\nsystem\\nX...\\x85R.   (posix.system called on load)',
      good: 'model.safetensors (tensors only) or a pickle that imports only torch/numpy rebuild helpers',
    },
    formats: ['model'],
    severity: 'critical',
    fixes: [],
    stride: ['T', 'E'],
    atlas: ['AML.T0011.000', 'AML.T0018.002'],
    owasp: ['ML06', 'ML10'],
    references: [
      'https://docs.python.org/3/library/pickle.html#restricting-globals',
      'https://github.com/mmaitre314/picklescan',
      'https://github.com/protectai/modelscan',
      'https://github.com/trailofbits/fickling',
      'https://pytorch.org/docs/stable/generated/torch.load.html',
      'https://keras.io/api/models/model_saving_apis/model_saving_and_loading/',
    ],
    equivalents: ['picklescan', 'ModelScan', 'fickling'],
  },
  *check(ctx) {
    for (const scan of ctx.facts.modelFiles) {
      const { dangerous } = scan;
      if (!dangerous.length) continue;
      const disguise = scan.mismatch ? ` ${scan.mismatch}` : '';
      if (dangerous.every((h) => h.carried)) {
        // A value that merely contains a pickle runs nothing when the model loads; code that
        // unpickles that value later does, so it is reported, below the severity of a call.
        const carried = dangerous.find((h) => h.called) ?? dangerous[0];
        yield {
          message: `This model carries a pickle in a string or bytes value that ${carried.called ? 'calls' : 'imports'} ${carried.what} (${carried.reason}): loading the model does not run it, unpickling the value does.${disguise}`,
          loc: { file: scan.path, start: 0, end: 0 },
          severity: 'medium',
          details: hazardLines(dangerous),
        };
        continue;
      }
      const called = dangerous.filter((h) => h.called);
      const lead = called[0] ?? dangerous[0];
      const more = dangerous.length > 1 ? ` and ${dangerous.length - 1} more dangerous reference${dangerous.length > 2 ? 's' : ''}` : '';
      const verb = lead.what.startsWith('Lambda') ? 'carries' : lead.called ? 'calls' : 'imports';
      yield {
        message: `Loading this model runs code: it ${verb} ${lead.what} (${lead.reason})${more}.${disguise}`,
        loc: { file: scan.path, start: 0, end: 0 },
        details: hazardLines(dangerous),
      };
    }
  },
});
