// The extension's own small logic: the status-bar count matches the Problems panel, info
// findings show as the setting says, and log lines keep one level each.

import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { countProblems, describeCount, displaySeverity, Severity } from '../../src/extension/problem-count';
import { InfoFindingsView } from '../../src/extension/info-findings';
import { levelledChannel, splitClientLine } from '../../src/extension/log-channel';

describe('status-bar count', () => {
  const files = [
    [
      { source: 'mlsec', severity: Severity.Error },
      { source: 'mlsec', severity: Severity.Hint },
      { source: 'other', severity: Severity.Error },
    ],
    [{ source: 'mlsec', severity: Severity.Information }],
    [{ source: 'other', severity: Severity.Warning }],
  ];

  it('counts what the Problems panel lists, with hidden info findings in brackets', () => {
    const c = countProblems(files);
    assert.deepEqual(c, { shown: 2, hidden: 1, files: 2 });
    assert.equal(describeCount(c).text, '$(shield) mlsec: 2 (+1 info)');
    assert.match(describeCount(c).tooltip, /2 problems in the Problems panel and 1 info findings shown as hints/);
  });

  it('shows one number when no finding is hidden', () => {
    assert.equal(describeCount(countProblems([[{ source: 'mlsec', severity: Severity.Warning }]])).text, '$(shield) mlsec: 1');
    assert.equal(describeCount(countProblems([])).text, '$(shield) mlsec: 0');
  });

  it('turns hints into information only when the setting asks', () => {
    assert.equal(displaySeverity(Severity.Hint, 'information'), Severity.Information);
    assert.equal(displaySeverity(Severity.Hint, 'hint'), Severity.Hint);
    assert.equal(displaySeverity(Severity.Error, 'information'), Severity.Error);
  });
});

describe('info findings view', () => {
  it('re-shows published diagnostics when the setting changes, both ways, from the server severities', () => {
    const view = new InfoFindingsView<{ severity: number }>();
    const a = view.show('file:///a', [{ severity: Severity.Hint }, { severity: Severity.Warning }], 'hint');
    assert.deepEqual(
      a.map((d) => d.severity),
      [Severity.Hint, Severity.Warning],
    );
    view.show('file:///b', [{ severity: Severity.Hint }], 'hint');
    const on = view.reshow((f) => (f === 'file:///a' ? 'information' : 'hint'));
    assert.deepEqual(
      on.map(([f, ds]) => [f, ds.map((d) => d.severity)]),
      [
        ['file:///a', [Severity.Information, Severity.Warning]],
        ['file:///b', [Severity.Hint]],
      ],
    );
    const off = view.reshow(() => 'hint');
    assert.deepEqual(
      off.map(([, ds]) => ds.map((d) => d.severity)),
      [[Severity.Hint, Severity.Warning], [Severity.Hint]],
    );
  });

  it('forgets a file once the server clears its diagnostics', () => {
    const view = new InfoFindingsView<{ severity: number }>();
    view.show('file:///a', [{ severity: Severity.Hint }], 'information');
    view.show('file:///a', [], 'information');
    assert.deepEqual(
      view.reshow(() => 'information'),
      [],
    );
  });
});

describe('log channel', () => {
  it('takes the level from the language client prefix', () => {
    assert.deepEqual(splitClientLine('[Warn  - 10:42:01 AM] mlsec.rules names the unknown rule "x"'), { level: 'warn', message: 'mlsec.rules names the unknown rule "x"' });
    assert.deepEqual(splitClientLine('[Error - 10:42:01] failed'), { level: 'error', message: 'failed' });
    assert.deepEqual(splitClientLine('plain text'), { level: 'info', message: 'plain text' });
  });

  it('writes each line once, at its level, including lines built with append', () => {
    const written: string[] = [];
    const log = Object.fromEntries(['trace', 'debug', 'info', 'warn', 'error'].map((l) => [l, (m: string) => written.push(`${l}:${m}`)])) as unknown as vscode.LogOutputChannel;
    const ch = levelledChannel(log);
    ch.appendLine('[Info  - 1:00] Scanned /w: 3 files');
    ch.append('[Error - 1:00] part one, ');
    ch.append('part two\n[Warn  - 1:00] next');
    ch.appendLine('');
    assert.deepEqual(written, ['info:Scanned /w: 3 files', 'error:part one, part two', 'warn:next']);
  });
});
