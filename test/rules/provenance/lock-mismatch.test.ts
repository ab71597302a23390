// Rule table for provenance/lock-mismatch: the case files are the workspace, so the integrity
// enricher hashes them as it would hash files on disk.

import { createHash } from 'node:crypto';
import rule from '../../../src/core/rules/provenance/lock-mismatch';
import { ruleTester } from '../../helpers/rule-tester';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const FEATURES = 'customer_id,spend_30d,churned\n1001,54.20,0\n1002,0.00,1\n';
const REPORT = '{"auc": 0.91}\n';

function lock(featuresMd5: string, hashLine = '      hash: md5\n'): string {
  return `schema: '2.0'
stages:
  featurize:
    cmd: python featurize.py
    outs:
    - path: data/features.csv
${hashLine}      md5: ${featuresMd5}
      size: ${FEATURES.length}
  evaluate:
    cmd: python evaluate.py
    outs:
    - path: reports/metrics.json
${hashLine}      md5: ${md5(REPORT)}
      size: ${REPORT.length}
`;
}

ruleTester(rule, {
  valid: [
    {
      name: 'workspace copies match dvc.lock',
      files: { 'dvc.lock': lock(md5(FEATURES)), 'data/features.csv': FEATURES, 'reports/metrics.json': REPORT },
    },
    {
      name: 'outputs not checked out (only in the DVC cache or remote) are not mismatches',
      files: { 'dvc.lock': lock(md5(FEATURES)) },
    },
    {
      name: 'a DVC 2 entry (no hash field) matches a CRLF file through its LF md5',
      files: {
        'data/labels.csv.dvc': `outs:\n- md5: ${md5('id,label\n1,cat\n')}\n  size: 17\n  path: labels.csv\n`,
        'data/labels.csv': 'id,label\r\n1,cat\r\n',
      },
    },
  ],
  invalid: [
    {
      name: 'features edited after the lock was written',
      files: {
        'dvc.lock': lock(md5(FEATURES)),
        'data/features.csv': FEATURES.replace('54.20', '99.99'),
        'reports/metrics.json': REPORT,
      },
      errors: [
        {
          line: 8,
          column: 12,
          message: `data/features.csv (stage "featurize" output) changed after dvc.lock recorded it: its md5 is ${md5(FEATURES.replace('54.20', '99.99'))}, ${md5(FEATURES)} recorded.`,
          severity: 'high',
        },
      ],
      fixes: [{ kind: 'guided', title: /^Restore the recorded version with `dvc checkout data\/features\.csv`/, output: {} }],
    },
    {
      name: 'a file recorded with CRLF line endings and checked out with LF: low severity',
      files: {
        'params.yaml.dvc': `outs:\n- md5: ${md5('lr: 0.1\r\nepochs: 5\r\n')}\n  size: 19\n  hash: md5\n  path: params.yaml\n`,
        'params.yaml': 'lr: 0.1\nepochs: 5\n',
      },
      errors: [
        {
          line: 2,
          column: 8,
          severity: 'low',
          message:
            'params.yaml (tracked output) changed after params.yaml.dvc recorded it: only its line endings differ from the recorded content (CRLF and LF were converted, as git does on checkout).',
        },
      ],
      fixes: [{ kind: 'guided', output: {} }],
    },
    {
      name: 'a CRLF checkout of several files recorded in one dvc.lock: one low finding for the lock file',
      files: {
        'dvc.lock': `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n    - path: params.yaml\n      hash: md5\n      md5: ${md5('lr: 0.1\n')}\n      size: 8\n    - path: labels.csv\n      hash: md5\n      md5: ${md5('id,label\n')}\n      size: 9\n`,
        'params.yaml': 'lr: 0.1\r\n',
        'labels.csv': 'id,label\r\n',
      },
      errors: [
        {
          line: 8,
          severity: 'low',
          message: '2 files recorded in dvc.lock differ from it only in their line endings (CRLF and LF were converted, as git does on checkout): params.yaml, labels.csv.',
        },
      ],
      fixes: [{ kind: 'guided', title: /^Restore the recorded version with `dvc checkout params\.yaml labels\.csv`/, output: {} }],
    },
    {
      name: 'a CRLF-only file beside a really changed one: the changed one keeps its own high finding',
      files: {
        'dvc.lock': `schema: '2.0'\nstages:\n  prepare:\n    cmd: python prepare.py\n    outs:\n    - path: params.yaml\n      hash: md5\n      md5: ${md5('lr: 0.1\n')}\n      size: 8\n    - path: labels.csv\n      hash: md5\n      md5: ${md5('id,label\n')}\n      size: 9\n`,
        'params.yaml': 'lr: 0.1\r\n',
        'labels.csv': 'id,class\n',
      },
      errors: [
        { line: 8, severity: 'low', message: /^params\.yaml \(stage "prepare" output\) changed after dvc\.lock recorded it: only its line endings differ/ },
        { line: 12, severity: 'high', message: /^labels\.csv \(stage "prepare" output\) changed after dvc\.lock recorded it/ },
      ],
      fixes: [{ kind: 'guided', output: {} }],
    },
    {
      name: 'a .dvc-tracked model whose size changed',
      files: {
        'models/model.onnx.dvc': `outs:\n- md5: ${md5('onnx-v1')}\n  size: 7\n  hash: md5\n  path: model.onnx\n`,
        'models/model.onnx': 'onnx-v2-bigger',
      },
      errors: [{ line: 2, column: 8, message: 'models/model.onnx (tracked output) changed after models/model.onnx.dvc recorded it: its size is 14 bytes, 7 recorded.' }],
      fixes: [{ kind: 'guided', output: {} }],
    },
  ],
});
