// The `.mlsec.yaml` edit that trusts a key or identity: applied to files of every shape, the
// result parses as a configuration that trusts the signer, keeps the rest of the text (comments
// included) and asks for no second edit.

import * as assert from 'node:assert/strict';
import { parseConfig } from '../../src/core/config';
import { trustEdit, type TrustAddition } from '../../src/core/artifacts/trust-edit';
import type { TextEdit } from '../../src/core/model';

const KEY: TrustAddition = { publicKey: 'keys/release.pub.pem' };
const ID: TrustAddition = { identity: 'release@example.com', issuer: 'https://accounts.google.com' };
const known = new Set(['supply-chain/unpinned-package']);

function apply(text: string, e: TextEdit): string {
  return text.slice(0, e.start) + e.newText + text.slice(e.end);
}

/** Applies the edit, checks the result parses and trusts `add`, and that a second edit is not needed. */
function trusted(text: string | undefined, add: TrustAddition): string {
  const e = trustEdit('.mlsec.yaml', text, add);
  assert.ok(e && e !== 'present', `no edit for ${JSON.stringify(text)}`);
  assert.equal(!!e.create, text === undefined);
  const out = apply(text ?? '', e);
  const loaded = parseConfig(out, known);
  assert.deepEqual(loaded.errors, [], out);
  const trust = loaded.config.models.trust!;
  if ('publicKey' in add) assert.ok(trust.publicKeys?.includes(add.publicKey), out);
  else
    assert.ok(
      trust.identities?.some((i) => i.identity === add.identity && i.issuer === add.issuer),
      out,
    );
  assert.equal(trustEdit('.mlsec.yaml', out, add), 'present', `a second edit of:\n${out}`);
  return out;
}

describe('trust edit of .mlsec.yaml', () => {
  it('creates the file when there is none', () => {
    assert.equal(trusted(undefined, KEY), 'models:\n  trust:\n    publicKeys:\n      - "keys/release.pub.pem"\n');
  });

  it('appends the section to an empty or comment-only file, keeping the comments', () => {
    assert.equal(trusted('', ID), 'models:\n  trust:\n    identities:\n      - {identity: "release@example.com", issuer: "https://accounts.google.com"}\n');
    assert.equal(trusted('# mlsec settings', KEY), '# mlsec settings\nmodels:\n  trust:\n    publicKeys:\n      - "keys/release.pub.pem"\n');
  });

  it('adds models.trust after the other settings, keeping comments and their text', () => {
    const text = '# Team policy\nrules:\n  supply-chain/unpinned-package: high # pins matter\nignore:\n  - vendor/**\n';
    const out = trusted(text, KEY);
    assert.ok(out.startsWith(text.trimEnd()), out);
    assert.match(out, /# pins matter/);
    assert.deepEqual(parseConfig(out, known).config.rules['supply-chain/unpinned-package'], { severity: 'high' });
  });

  it('adds trust under an existing models section and a list under an existing trust', () => {
    const a = trusted('models:\n  requireSignatures: true\n', KEY);
    assert.equal(parseConfig(a, known).config.models.requireSignatures, true);
    const b = trusted('models:\n  trust:\n    identities:\n      - identity: ci@example.com\n        issuer: https://token.actions.githubusercontent.com\n', KEY);
    assert.equal(parseConfig(b, known).config.models.trust?.identities?.length, 1);
  });

  it('appends to an existing list in its own style', () => {
    const block = trusted('models:\n  trust:\n    publicKeys:\n      - keys/old.pem # rotated in May\n', KEY);
    assert.equal(block, 'models:\n  trust:\n    publicKeys:\n      - keys/old.pem # rotated in May\n      - "keys/release.pub.pem"\n');
    assert.deepEqual(parseConfig(trusted('models: {trust: {publicKeys: [keys/old.pem]}}\n', KEY), known).config.models.trust?.publicKeys, ['keys/old.pem', 'keys/release.pub.pem']);
    assert.equal(trusted('models:\n  trust:\n    publicKeys: []\n', KEY), 'models:\n  trust:\n    publicKeys: ["keys/release.pub.pem"]\n');
    assert.equal(trusted('models:\n  trust:\n    publicKeys:\n', KEY), 'models:\n  trust:\n    publicKeys: ["keys/release.pub.pem"]\n');
    const ids = trusted('models:\n  trust:\n    identities:\n      - identity: ci@example.com\n        issuer: https://token.actions.githubusercontent.com\n', ID);
    assert.equal(parseConfig(ids, known).config.models.trust?.identities?.length, 2);
  });

  it('fills an empty models or trust key', () => {
    trusted('models:\nrules: {}\n', KEY);
    trusted('models:\n  trust:\n', ID);
  });

  it('asks for nothing when the signer is already trusted, and edits no file it cannot read as a mapping', () => {
    assert.equal(trustEdit('.mlsec.yaml', 'models:\n  trust:\n    publicKeys: [./keys/release.pub.pem]\n', KEY), 'present');
    assert.equal(trustEdit('.mlsec.yaml', 'models: [1, 2\n', KEY), undefined);
    assert.equal(trustEdit('.mlsec.yaml', '- a\n- b\n', KEY), undefined);
    assert.equal(trustEdit('.mlsec.yaml', 'models: signed\n', KEY), undefined);
  });
});
