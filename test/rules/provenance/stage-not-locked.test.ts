// Rule table for provenance/stage-not-locked.

import rule from '../../../src/core/rules/provenance/stage-not-locked';
import { ruleTester } from '../../helpers/rule-tester';

const PIPELINE = `stages:
  featurize:
    cmd: python src/featurize.py data/raw.csv data/features.csv
    deps: [src/featurize.py, data/raw.csv]
    outs: [data/features.csv]
  train:
    cmd: python src/train.py
    deps: [data/features.csv]
    outs: [models/model.pkl]
`;

const LOCK = `schema: '2.0'
stages:
  featurize:
    cmd: python src/featurize.py data/raw.csv data/features.csv
    outs:
    - path: data/features.csv
      hash: md5
      md5: 6f1c2a0b9d8e7f6a5b4c3d2e1f0a9b8c
      size: 20931
`;

ruleTester(rule, {
  valid: [
    {
      name: 'every stage has a lock entry',
      files: {
        'dvc.yaml': PIPELINE,
        'dvc.lock': `${LOCK}  train:\n    cmd: python src/train.py\n    outs:\n    - path: models/model.pkl\n      hash: md5\n      md5: 0a1b2c3d4e5f60718293a4b5c6d7e8f9\n      size: 4210\n`,
      },
    },
    {
      name: 'foreach stages locked under their generated names',
      files: {
        'pipelines/eval/dvc.yaml': 'stages:\n  evaluate:\n    foreach: [us, eu]\n    do:\n      cmd: python eval.py ${item}\n      outs:\n        - reports/${item}.json\n',
        'pipelines/eval/dvc.lock': "schema: '2.0'\nstages:\n  evaluate@us:\n    cmd: python eval.py us\n  evaluate@eu:\n    cmd: python eval.py eu\n",
      },
    },
  ],
  invalid: [
    {
      name: 'a stage added after the last run',
      files: { 'dvc.yaml': PIPELINE, 'dvc.lock': LOCK },
      errors: [{ line: 6, column: 3, message: 'Stage "train": dvc.lock has no entry for it, so its outputs have no recorded hashes and their origin cannot be verified.', severity: 'medium' }],
      fixes: [{ kind: 'guided', title: "Run `dvc repro train` and commit dvc.lock, so the stage's inputs and outputs are recorded", output: {} }],
    },
    {
      name: 'a pipeline that was never run',
      files: { 'dvc.yaml': PIPELINE },
      errors: [
        { line: 2, column: 3, message: 'Stage "featurize": there is no dvc.lock for it, so its outputs have no recorded hashes and their origin cannot be verified.' },
        { line: 6, column: 3, message: 'Stage "train": there is no dvc.lock for it, so its outputs have no recorded hashes and their origin cannot be verified.' },
      ],
      fixes: [{ kind: 'guided', output: {} }],
    },
    {
      name: 'matrix stages not all locked, reported once at the definition',
      files: {
        'dvc.yaml': 'stages:\n  sweep:\n    matrix:\n      lr: [0.1, 0.01]\n      depth: [4, 8]\n    cmd: python sweep.py --lr ${item.lr} --depth ${item.depth}\n',
        'dvc.lock': "schema: '2.0'\nstages:\n  sweep@0.1-4:\n    cmd: python sweep.py --lr 0.1 --depth 4\n",
      },
      errors: [
        {
          line: 2,
          column: 3,
          message: 'Stages "sweep@0.1-8", "sweep@0.01-4", "sweep@0.01-8": dvc.lock has no entry for them, so their outputs have no recorded hashes and their origin cannot be verified.',
        },
      ],
      fixes: [{ kind: 'guided', title: "Run `dvc repro sweep` and commit dvc.lock, so the stage's inputs and outputs are recorded", output: {} }],
    },
  ],
});
