// The editor's "Verify Model Signature" command on a downloaded folder answers with the same
// download report as `mlsec verify-model DIR`: a clean unsigned snapshot is accepted and said to
// be unsigned, a tampered blob is named.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../../src/core';
import { VerifyModelRequest, type VerifyModelResult } from '../../src/server/protocol';
import { LspTestClient } from '../helpers/lsp-client';
import * as fx from '../helpers/model-fixtures';
import { hubRecord, writeHubCache } from '../helpers/hf-download';

describe('language server: verifying a downloaded model folder', function () {
  let root: string;
  let client: LspTestClient;
  let snapshot: string;
  const verify = (abs: string): Promise<VerifyModelResult> => client.connection.sendRequest(VerifyModelRequest, { uri: pathToFileURL(abs).href });

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-download-'));
    snapshot = await writeHubCache(path.join(root, 'hub'), 'org/tiny', { 'model.safetensors': fx.validSafetensors(), 'config.json': '{}' }, { refs: [], commit: 'a'.repeat(40) });
    client = LspTestClient.inProcess(createEngine());
    await client.initialize([root]);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('accepts a clean unsigned snapshot and says it is unsigned', async () => {
    const r = await verify(snapshot);
    assert.equal(r.verified, true, r.message);
    assert.match(r.message, /^mlsec: Checked: hub\/models--org--tiny\/snapshots\/a{40} matches its download record and holds no unsafe content\. Unsigned: /);
    assert.ok(r.details.includes("  Integrity: 2 of 2 files match the download's record."), r.details.join('\n'));
    assert.ok(r.details.includes('  Repository: org/tiny'), r.details.join('\n'));
  });

  it('names a tampered blob', async () => {
    fs.writeFileSync(path.join(root, 'hub/models--org--tiny/blobs', hubRecord('config.json', Buffer.from('{}'))), '{"x": 1}');
    const r = await verify(snapshot);
    assert.equal(r.verified, false);
    assert.match(r.message, /config\.json does not match the download's record/);
    assert.ok(
      r.details.some((l) => /PROBLEM: config\.json does not match/.test(l)),
      r.details.join('\n'),
    );
  });
});
