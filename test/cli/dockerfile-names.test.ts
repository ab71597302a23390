// `mlsec scan` finds Dockerfiles under their variant names (`Dockerfile-cuda`, `*.docker`,
// `Containerfile.*`) and leaves files that only carry such a name alone.

import * as assert from 'node:assert/strict';
import type { JsonReport } from '../../src/core/report/json';
import { removeWorkspaces, run, workspace } from './helpers';

const RUSTUP = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN curl https://sh.rustup.rs | bash\n';

describe('mlsec scan: Dockerfile names', () => {
  after(removeWorkspaces);

  it('reports the piped install script of a Dockerfile-cuda', async () => {
    const ws = workspace({ 'docker/Dockerfile-cuda': RUSTUP, 'README.md': '# project\n' });
    const r = await run(['scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const pipe = report.findings.filter((f) => f.ruleId === 'supply-chain/remote-script-execution');
    assert.deepEqual(
      pipe.map((f) => `${f.location.file}:${f.location.line}`),
      ['docker/Dockerfile-cuda:2'],
    );
  });

  it('reads every variant name holding a Dockerfile and skips those holding something else', async () => {
    const ws = workspace({
      'Dockerfile.arm64': RUSTUP,
      'build/train.docker': `# syntax=docker/dockerfile:1\n${RUSTUP}`,
      'Containerfile.rocm': `ARG BASE=rocm/pytorch:latest\n${RUSTUP}`,
      'Dockerfile.md': '# Building\n\nRUN curl https://sh.rustup.rs | bash inside FROM ubuntu\n',
      'notes.docker': 'curl https://sh.rustup.rs | bash\n',
    });
    const report = JSON.parse((await run(['scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: ws })).stdout) as JsonReport;
    const files = [...new Set(report.findings.filter((f) => f.ruleId === 'supply-chain/remote-script-execution').map((f) => f.location.file))].sort();
    assert.deepEqual(files, ['Containerfile.rocm', 'Dockerfile.arm64', 'build/train.docker']);
    assert.ok(!report.findings.some((f) => /\.md$|notes\.docker/.test(f.location.file)));
  });
});
