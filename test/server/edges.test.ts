// The server's conversions at the protocol edge, the suppression edits, the settings layer and
// the client bundle's independence from the analysis code.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { SourceFile } from '../../src/core/source';
import { applyEdits } from '../../src/core/fixes';
import { mergeConfig, defaultConfig, parseConfig } from '../../src/core/config';
import { suppressFileEdit, suppressLineEdit, fileCommentLine, acceptsHashComments } from '../../src/core/suppression-edits';
import { parseSuppressions, isSuppressed } from '../../src/core/suppressions';
import { toDiagnosticSeverity, toWorkspaceEdit } from '../../src/server/convert';
import { normalizeSettings, toConfigOverrides } from '../../src/server/settings';
import { kindRequested } from '../../src/server/code-actions';
import { MODEL_EXTENSIONS } from '../../src/core/artifacts/model-scan';
import { BUNDLE_SUFFIXES, MODEL_SIGNATURE_NAME } from '../../src/core/artifacts/signature';

const ROOT = path.resolve(__dirname, '../../..');

describe('suppression edits', () => {
  const apply = (f: SourceFile, e: { edit: { start: number; end: number; newText: string } }) => applyEdits(f.text, [e.edit]);

  it('writes the comment above the line with its indentation and the file line ending', () => {
    const f = new SourceFile('k8s/job.yaml', 'spec:\r\n    image: x:latest\r\n');
    const s = suppressLineEdit(f, 1, 'supply-chain/unpinned-image');
    assert.equal(apply(f, s), 'spec:\r\n    # mlsec-ignore: supply-chain/unpinned-image -- reason\r\n    image: x:latest\r\n');
    const after = new SourceFile(f.path, apply(f, s));
    assert.equal(after.lineText(s.placeholder!.line).slice(s.placeholder!.start, s.placeholder!.end), 'reason');
    // The new comment suppresses the finding that moved one line down.
    const set = parseSuppressions(after, () => true);
    assert.ok(isSuppressed(set, 'supply-chain/unpinned-image', 2));
  });

  it('adds the id to a suppression comment already above the line', () => {
    const f = new SourceFile('Dockerfile', '# mlsec-ignore: a/b -- known\nFROM x\n');
    const s = suppressLineEdit(f, 1, 'c/d');
    assert.equal(apply(f, s), '# mlsec-ignore: a/b, c/d -- known\nFROM x\n');
    assert.equal(s.placeholder, undefined);
  });

  it('puts a file-wide comment after a shebang and Dockerfile parser directives', () => {
    const d = new SourceFile('svc/serve.Dockerfile', '# syntax=docker/dockerfile:1\n# escape=`\nFROM x\n');
    assert.equal(fileCommentLine(d), 2);
    assert.equal(apply(d, suppressFileEdit(d, 'a/b')), '# syntax=docker/dockerfile:1\n# escape=`\n# mlsec-ignore-file: a/b -- reason\nFROM x\n');
    const y = new SourceFile('MLproject', '%YAML 1.2\n---\nname: x\n');
    assert.equal(fileCommentLine(y), 1);
    const sh = new SourceFile('run.Dockerfile', '#!/usr/bin/env docker-build');
    assert.equal(apply(sh, suppressFileEdit(sh, 'a/b')), '#!/usr/bin/env docker-build\n# mlsec-ignore-file: a/b -- reason\n');
  });

  it('extends an existing file-wide comment', () => {
    const f = new SourceFile('Dockerfile', '# mlsec-ignore-file: a/b -- vendored\nFROM x\n');
    assert.equal(apply(f, suppressFileEdit(f, 'c/d')), '# mlsec-ignore-file: a/b, c/d -- vendored\nFROM x\n');
  });

  it('offers no comment for JSON or binary files', () => {
    assert.equal(acceptsHashComments(new SourceFile('pipeline.json', '{}')), false);
    assert.equal(acceptsHashComments(new SourceFile('model.pkl', '', true)), false);
    assert.equal(acceptsHashComments(new SourceFile('dvc.yaml', '')), true);
  });
});

describe('protocol conversions', () => {
  it('maps severities as the catalog says', () => {
    assert.deepEqual((['critical', 'high', 'medium', 'low', 'info'] as const).map(toDiagnosticSeverity), [
      DiagnosticSeverity.Error,
      DiagnosticSeverity.Error,
      DiagnosticSeverity.Warning,
      DiagnosticSeverity.Information,
      DiagnosticSeverity.Hint,
    ]);
  });

  it('builds a versioned multi-file edit that creates a missing file', () => {
    const a = new SourceFile('.dvc/config', '[\'remote "s3"\']\n    secret_access_key = abc\n');
    const edit = toWorkspaceEdit(
      [
        { file: '.dvc/config', start: a.text.indexOf('    secret'), end: a.text.length, newText: '' },
        { file: '.dvc/config.local', start: 0, end: 0, newText: 'secret_access_key = abc\n', create: true },
      ],
      (rel) => (rel === '.dvc/config' ? { uri: 'file:///w/.dvc/config', source: a, version: 4 } : { uri: 'file:///w/.dvc/config.local', version: null }),
    );
    assert.deepEqual(edit.documentChanges, [
      { textDocument: { uri: 'file:///w/.dvc/config', version: 4 }, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' }] },
      { kind: 'create', uri: 'file:///w/.dvc/config.local', options: { ignoreIfExists: true } },
      {
        textDocument: { uri: 'file:///w/.dvc/config.local', version: null },
        edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'secret_access_key = abc\n' }],
      },
    ]);
  });

  it('matches code action kinds by prefix', () => {
    assert.ok(kindRequested('source.fixAll.mlsec', ['source.fixAll']));
    assert.ok(kindRequested('source.fixAll.mlsec', ['source']));
    assert.ok(!kindRequested('source.fixAll.mlsec', ['quickfix']));
    assert.ok(!kindRequested('source.fixAllX', ['source.fixAll.mlsec']));
  });
});

describe('editor settings', () => {
  const known = new Set(['a/b', 'c/d']);

  it('set only what the user set, and win over the configuration file for those keys', () => {
    const file = { ...defaultConfig(), rules: { 'a/b': { severity: 'high' as const }, 'c/d': { enabled: false } }, ignore: ['vendor/**'], maxFileSize: 1000 };
    const untouched = toConfigOverrides(normalizeSettings({}), known);
    assert.deepEqual(untouched.overrides, {});
    assert.deepEqual(JSON.parse(JSON.stringify(mergeConfig(file, untouched.overrides))), file);
    const { overrides, problems } = toConfigOverrides(normalizeSettings({ rules: { 'a/b': 'off', 'x/y': 'on' }, ignore: ['tmp/**'], maxFileSize: '2KB' }), known);
    const merged = mergeConfig(file, overrides);
    assert.equal(merged.rules['a/b'].enabled, false);
    assert.equal(merged.rules['c/d'].enabled, false);
    assert.deepEqual(merged.ignore, ['vendor/**', 'tmp/**']);
    assert.equal(merged.maxFileSize, 2000);
    assert.deepEqual(problems, ['mlsec.rules names the unknown rule "x/y"; it is ignored.']);
  });

  it('turn a YAML alias bomb in .mlsec.yaml into a configuration error', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `k${i}: &k${i} [${Array(9)
          .fill(i === 1 ? '*a' : `*k${i - 1}`)
          .join(', ')}]`,
      );
    const { errors } = parseConfig(`${bomb.join('\n')}\n`, known);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^YAML: .*alias/i);
  });

  it('report a bad size and keep the file limit', () => {
    const { overrides, problems } = toConfigOverrides(normalizeSettings({ maxFileSize: 'huge' }), known);
    assert.equal(overrides.maxFileSize, undefined);
    assert.match(problems[0], /mlsec.maxFileSize/);
  });
});

describe('client bundle', () => {
  it('does not include the analysis code', async function () {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/extension/extension.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/extension/extension.ts'));
    // Only the message names and checks of the threat-model panel, which hold no analysis code.
    assert.deepEqual(
      inputs.filter((i) => i.startsWith('src/core/')),
      ['src/core/threat-model/protocol.ts'],
    );
    assert.deepEqual(inputs.filter((i) => i.startsWith('src/') && !i.startsWith('src/extension/')).sort(), ['src/core/threat-model/protocol.ts', 'src/server/protocol.ts']);
  });
});

describe('extension manifest', () => {
  it('offers Verify Model Signature in the explorer on folders, every model file and every signature file', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when: string }[]> };
    };
    const item = manifest.contributes.menus['explorer/context'].find((m) => m.command === 'mlsec.verifyModelSignature');
    assert.ok(item, 'the explorer menu has the command');
    const clauses = item.when.split(' || ');
    assert.ok(clauses.includes('explorerResourceIsFolder'));
    // The when clause's regular expressions, read back the way VS Code reads them.
    const regex = (key: string) => {
      const m = clauses.map((c) => new RegExp(`^${key} =~ /(.*)/(i?)$`).exec(c)).find(Boolean);
      assert.ok(m, `a ${key} clause`);
      return new RegExp(m[1], m[2]);
    };
    const ext = regex('resourceExtname');
    const fileName = regex('resourceFilename');
    const offered = (name: string) => ext.test(path.extname(name)) || fileName.test(name);
    for (const e of MODEL_EXTENSIONS) assert.ok(offered(`model.${e}`), `.${e}`);
    for (const s of BUNDLE_SUFFIXES) assert.ok(offered(`model.pt${s}`), s);
    assert.ok(offered(MODEL_SIGNATURE_NAME));
    assert.ok(offered('MODEL.SAFETENSORS'));
    assert.ok(!offered('train.py') && !offered('Dockerfile') && !offered('dvc.yaml'));
  });
});
