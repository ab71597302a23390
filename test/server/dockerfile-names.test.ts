// The language server reads Dockerfiles under their variant names, in the workspace scan and as
// open editor buffers, the way `mlsec scan` does.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { createEngine } from '../../src/core';
import { LspTestClient } from '../helpers/lsp-client';

const RULE = 'supply-chain/remote-script-execution';
const RUSTUP = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN curl https://sh.rustup.rs | bash\n';
const onLine = (line: number) => (d: Diagnostic[]) => d.some((x) => x.code === RULE && x.range.start.line === line);

describe('language server: Dockerfile names', function () {
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-dockernames-'));
    fs.mkdirSync(path.join(root, 'docker'));
    fs.writeFileSync(path.join(root, 'docker', 'Dockerfile-cuda'), RUSTUP);
    client = LspTestClient.inProcess(createEngine());
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the findings of a Dockerfile-cuda found by the workspace scan', async () => {
    const d = await client.waitForDiagnostics(uri('docker/Dockerfile-cuda'), onLine(1), `${RULE} on line 2`);
    assert.equal(d.find((x) => x.code === RULE)?.source, 'mlsec');
  });

  it('analyses an open *.docker buffer that holds a Dockerfile', async () => {
    await client.open(uri('build.docker'), `# syntax=docker/dockerfile:1\n${RUSTUP}`, 'plaintext');
    const d = await client.waitForDiagnostics(uri('build.docker'), onLine(2), `${RULE} on line 3`);
    assert.ok(d.every((x) => x.source === 'mlsec'));
    await client.close(uri('build.docker'));
  });
});
