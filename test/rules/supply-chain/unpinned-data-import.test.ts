// Rule table for supply-chain/unpinned-data-import.

import rule from '../../../src/core/rules/supply-chain/unpinned-data-import';
import { ruleTester } from '../../helpers/rule-tester';

const IMPORT = `md5: 1bd7a52c3d07bd2e8e0fa8ff1d79f5d4
frozen: true
deps:
- path: data/data.xml
  repo:
    url: https://github.com/iterative/dataset-registry
    rev: main
outs:
- md5: a304afb96060aad90176268345e10355
  size: 14445097
  hash: md5
  path: data.xml
`;

ruleTester(rule, {
  valid: [
    {
      name: 'import locked to a commit',
      files: { 'data/data.xml.dvc': IMPORT.replace('    rev: main\n', '    rev: main\n    rev_lock: f31f5c4cdae787b4bdeb97a717687d44667d9e62\n') },
    },
    {
      name: 'import-url with a recorded ETag',
      files: {
        'raw.csv.dvc':
          'deps:\n- etag: \'"0x8DB4C1"\'\n  path: https://storage.example.com/public/raw.csv\n  size: 1200\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184\n  hash: md5\n  path: raw.csv\n',
      },
    },
    {
      name: 'stage URL dependency recorded in dvc.lock',
      files: {
        'dvc.yaml': 'stages:\n  fetch:\n    cmd: python fetch.py\n    deps: [s3://acme-data/raw/2024.parquet]\n    outs: [data/raw.parquet]\n',
        'dvc.lock':
          "schema: '2.0'\nstages:\n  fetch:\n    cmd: python fetch.py\n    deps:\n    - path: s3://acme-data/raw/2024.parquet\n      etag: 9b2cf535f27731c974343645a3985328\n      size: 5120\n",
      },
    },
  ],
  invalid: [
    {
      name: 'import without rev_lock',
      files: { 'data/data.xml.dvc': IMPORT },
      errors: [
        {
          line: 6,
          column: 10,
          message: 'Import of "data/data.xml" from https://github.com/iterative/dataset-registry has no rev_lock, so each update fetches whatever main points to.',
          severity: 'medium',
        },
      ],
      fixes: [
        {
          kind: 'guided',
          title: 'Lock the import to the commit SHA it was fetched from',
          output: { 'data/data.xml.dvc': IMPORT.replace('    rev: main\n', '    rev: main\n').replace('dataset-registry\n', 'dataset-registry\n    rev_lock: <commit-sha>\n') },
          stillReported: true,
        },
      ],
    },
    {
      name: 'import locked to a branch name',
      files: { 'data/data.xml.dvc': IMPORT.replace('    rev: main\n', '    rev: main\n    rev_lock: main\n') },
      errors: [
        {
          line: 8,
          column: 15,
          message: 'Import of "data/data.xml" from https://github.com/iterative/dataset-registry is locked to "main", which is not a commit SHA, so the fetched data can change.',
        },
      ],
      fixes: [{ kind: 'guided', output: { 'data/data.xml.dvc': IMPORT.replace('    rev: main\n', '    rev: main\n    rev_lock: <commit-sha>\n') }, stillReported: true }],
    },
    {
      name: 'import-url without any checksum',
      files: { 'raw.csv.dvc': 'deps:\n- path: http://data.example.com/raw.csv\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184\n  hash: md5\n  path: raw.csv\n' },
      errors: [{ line: 2, column: 9, message: 'URL dependency http://data.example.com/raw.csv has no recorded ETag, checksum or md5, so changed content at the source is not detected.' }],
      fixes: [{ kind: 'guided', title: "Run `dvc update raw.csv.dvc` to record the source's ETag or checksum", output: {} }],
    },
    {
      name: 'stage URL dependency with no lock entry',
      files: { 'dvc.yaml': 'stages:\n  fetch:\n    cmd: python fetch.py\n    deps:\n      - https://example.org/datasets/census.csv\n    outs: [data/census.csv]\n' },
      errors: [
        { line: 5, column: 9, message: 'Stage "fetch" depends on https://example.org/datasets/census.csv, and dvc.lock records no checksum for it, so changed content at the source is not detected.' },
      ],
      fixes: [{ kind: 'guided', output: {} }],
    },
  ],
});
