// Findings in test and fixture paths are one severity lower, unless the configuration sets the
// rule's severity or turns the paths off.

import * as assert from 'node:assert/strict';
import rule from '../../src/core/rules/supply-chain/unpinned-package';
import { DEFAULT_TEST_PATHS, lowerSeverity, testPathMatcher } from '../../src/core/test-paths';
import { ruleTester } from '../helpers/rule-tester';
import { PYTORCH } from '../helpers/docker';

const DOCKERFILE = `FROM ${PYTORCH}\nRUN pip install torch\n`;
const MESSAGE = /^pip installs "torch" without an exact version/;

describe('test paths', () => {
  it('lowers each severity one step and keeps info', () => {
    assert.deepEqual((['critical', 'high', 'medium', 'low', 'info'] as const).map(lowerSeverity), ['high', 'medium', 'low', 'info', 'info']);
  });

  it('matches the conventional test and fixture folders and test files, and nothing else', () => {
    const m = testPathMatcher(undefined);
    for (const p of ['tests/Dockerfile', 'serving/test/deploy.yaml', 'pkg/testdata/dvc.yaml', 'a/__fixtures__/MLmodel', 'src/test_train.py', 'src/train_test.py', 'conftest.py']) {
      assert.ok(m(p), p);
    }
    for (const p of ['Dockerfile', 'testing/Dockerfile', 'contest/app.yaml', 'src/train.py', 'latest/dvc.yaml']) assert.ok(!m(p), p);
    assert.ok(DEFAULT_TEST_PATHS.length > 0);
  });

  it('takes the configured globs instead, and none for an empty list', () => {
    assert.ok(testPathMatcher(['e2e/**'])('e2e/Dockerfile'));
    assert.ok(!testPathMatcher(['e2e/**'])('tests/Dockerfile'));
    assert.ok(!testPathMatcher([])('tests/Dockerfile'));
  });
});

ruleTester(rule, {
  valid: [{ name: 'a pinned install in a test folder', files: { 'tests/Dockerfile': `FROM ${PYTORCH}\nRUN pip install torch==2.3.1\n` } }],
  invalid: [
    {
      name: 'a finding in a fixtures folder is one severity lower',
      files: { 'tests/fixtures/Dockerfile': DOCKERFILE },
      errors: [{ line: 2, message: MESSAGE, severity: 'low' }],
      fixes: [{ kind: 'guided', output: { 'tests/fixtures/Dockerfile': `FROM ${PYTORCH}\nRUN pip install 'torch==<version>'\n` }, stillReported: true }],
    },
    {
      name: 'the same file outside test paths keeps the rule severity',
      files: { 'docker/Dockerfile': DOCKERFILE },
      errors: [{ line: 2, message: MESSAGE, severity: 'medium' }],
      fixes: [{ kind: 'guided', output: { 'docker/Dockerfile': `FROM ${PYTORCH}\nRUN pip install 'torch==<version>'\n` }, stillReported: true }],
    },
    {
      name: 'testPaths: [] turns the lowering off',
      files: { 'tests/Dockerfile': DOCKERFILE },
      config: { testPaths: [] },
      errors: [{ line: 2, message: MESSAGE, severity: 'medium' }],
      fixes: [{ kind: 'guided', output: { 'tests/Dockerfile': `FROM ${PYTORCH}\nRUN pip install 'torch==<version>'\n` }, stillReported: true }],
    },
    {
      name: 'a severity set for the rule in the configuration is kept in test paths',
      files: { 'tests/Dockerfile': DOCKERFILE },
      config: { rules: { 'supply-chain/unpinned-package': { severity: 'high' } } },
      errors: [{ line: 2, message: MESSAGE, severity: 'high' }],
      fixes: [{ kind: 'guided', output: { 'tests/Dockerfile': `FROM ${PYTORCH}\nRUN pip install 'torch==<version>'\n` }, stillReported: true }],
    },
  ],
});
