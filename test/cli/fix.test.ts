// `scan --fix`: safe fixes applied and reported, the rest of the text untouched, the file still
// parses, idempotent, and never written over a file that changed, a file that is not valid
// UTF-8, through a link or outside the workspace.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineRule } from '../../src/core/rules/rule';
import type { JsonReport } from '../../src/core/report/json';
import { Engine } from '../../src/core/engine';
import { readers } from '../../src/core/formats';
import { copyOf, EXAMPLE, fixEngine, insecureCurlRule, removeWorkspaces, run, workspace } from './helpers';

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;
const DIGEST = '@sha256:2b0079146a74e23bb4ae8f6c89c5b1c2e0a1d6a4b6e58a2c1d49ff7c1f0b6e3a';
const HEAD = `FROM python:3.12-slim${DIGEST}\nUSER 1000\n`;

async function fix(cwd: string, engine: () => Engine = fixEngine, ...args: string[]) {
  const r = await run(['scan', '--fix', '--format', 'json', '--fail-on', 'none', ...args], { cwd, engine });
  assert.equal(r.stderr, '');
  return json(r.stdout);
}

describe('mlsec scan --fix', () => {
  after(removeWorkspaces);

  it('applies the safe fixes, reports them per file and rule, and leaves everything else alone', async () => {
    const dir = copyOf(EXAMPLE);
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const unfixed = json((await run(['scan', '--format', 'json'], { cwd: dir, engine: fixEngine })).stdout);
    const report = await fix(dir);
    assert.deepEqual(report.fixed, [
      { file: 'Dockerfile', ruleId: 'test/insecure-curl', count: 1 },
      { file: 'serving/Dockerfile', ruleId: 'test/insecure-curl', count: 1 },
    ]);
    assert.equal(report.summary.fixed, 2);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), before.replace('curl -k -fsSL', 'curl -fsSL'));
    // The fixed file still parses and nothing but the fixed findings went away.
    assert.ok(!report.notes.some((n) => n.level === 'error'), JSON.stringify(report.notes));
    const key = (f: JsonReport['findings'][number]) => `${f.location.file} ${f.ruleId} ${f.message}`;
    const gone = unfixed.findings.filter((f) => !report.findings.some((g) => key(g) === key(f)));
    assert.deepEqual(gone.map((f) => `${f.location.file} ${f.ruleId}`).sort(), [
      'Dockerfile test/insecure-curl',
      'Dockerfile transport/tls-verification-disabled',
      'serving/Dockerfile test/insecure-curl',
    ]);
    assert.ok(
      report.findings.some((f) => f.ruleId === 'supply-chain/unpinned-image'),
      'guided fixes are not applied',
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['Dockerfile', 'README.md', 'serving'], 'no temporary files left behind');
  });

  it('changes nothing on a second run', async () => {
    const dir = copyOf(EXAMPLE);
    await fix(dir);
    const once = fs.readFileSync(path.join(dir, 'Dockerfile'));
    const inode = fs.statSync(path.join(dir, 'Dockerfile')).ino;
    const again = await fix(dir);
    assert.deepEqual(again.fixed, []);
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(once));
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).ino, inode, 'the file was not rewritten');
  });

  it('does not fix a suppressed finding', async () => {
    const text = `${HEAD}# mlsec-ignore: test/insecure-curl -- the mirror is on the build network\nRUN curl -k https://m.internal/a.sh -o /a.sh\n`;
    const dir = workspace({ Dockerfile: text });
    const report = await fix(dir);
    assert.deepEqual(report.fixed, []);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), text);
  });

  it('says what it fixed in the text report', async () => {
    const r = await run(['scan', '--fix', '--no-color'], { cwd: copyOf(EXAMPLE), engine: fixEngine });
    assert.match(r.stdout, /\nFixed 2 problems:\n {2}Dockerfile: test\/insecure-curl x1\n {2}serving\/Dockerfile: test\/insecure-curl x1\n/);
  });

  it('applies fixes that only become possible after others, in further passes', async () => {
    const dir = workspace({ Dockerfile: `${HEAD}RUN curl -k --insecure -k https://x.example.com/a.sh -o /a.sh\n` });
    const report = await fix(dir);
    assert.deepEqual(report.fixed, [{ file: 'Dockerfile', ruleId: 'test/insecure-curl', count: 3 }]);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `${HEAD}RUN curl https://x.example.com/a.sh -o /a.sh\n`);
    assert.ok(!report.findings.some((f) => f.ruleId === 'transport/tls-verification-disabled'));
  });

  it('keeps CRLF line ends, a byte order mark and the file mode', async () => {
    const dir = workspace({ Dockerfile: `\ufeff${HEAD.replace(/\n/g, '\r\n')}RUN curl -k https://x.example.com/a.sh -o /a.sh\r\n` });
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o640);
    await fix(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), `\ufeff${HEAD.replace(/\n/g, '\r\n')}RUN curl https://x.example.com/a.sh -o /a.sh\r\n`);
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).mode & 0o777, 0o640);
  });

  it('never writes through a symlink, even one to a file inside the workspace', async () => {
    const original = `${HEAD}RUN curl -k https://x.example.com/a.sh -o /a.sh\n`;
    const dir = workspace({ 'real/Dockerfile.base': original });
    fs.symlinkSync('real/Dockerfile.base', path.join(dir, 'Dockerfile'));
    const report = await fix(dir, fixEngine, 'Dockerfile');
    assert.deepEqual(report.fixed, []);
    assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real/Dockerfile.base'), 'utf8'), original);
    assert.ok(report.notes.some((n) => n.file === 'Dockerfile' && /not offered: Dockerfile may not be edited: it is a symlink/.test(n.message)));
  });

  it('does not write a file that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}# caf`), Buffer.from([0xe9]), Buffer.from('\nRUN curl -k https://x.example.com/a.sh -o /a.sh\n')]);
    const dir = workspace({ Dockerfile: bytes });
    const report = await fix(dir);
    assert.deepEqual(report.fixed, []);
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(bytes));
    assert.ok(report.notes.some((n) => n.file === 'Dockerfile' && /not fixed: .*not valid UTF-8/.test(n.message)));
    assert.ok(
      report.findings.some((f) => f.ruleId === 'test/insecure-curl'),
      'the finding is still reported',
    );
  });

  it('does not overwrite a file that changed on disk after it was read', async () => {
    const dir = workspace({ Dockerfile: `${HEAD}RUN curl -k https://x.example.com/a.sh -o /a.sh\n` });
    const file = path.join(dir, 'Dockerfile');
    const edited = `${HEAD}RUN curl -k https://x.example.com/a.sh -o /a.sh\n# edited meanwhile\n`;
    // A rule that runs between the read and the write stands in for an editor saving the file.
    const editor = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/concurrent-edit', fixes: [] },
      // eslint-disable-next-line require-yield -- the rule only edits the file and reports nothing.
      *check() {
        if (fs.readFileSync(file, 'utf8') !== edited) fs.writeFileSync(file, edited);
      },
    });
    const report = await fix(dir, () => fixEngine(editor));
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
    assert.deepEqual(report.fixed, []);
    assert.ok(report.notes.some((n) => /not fixed: the file changed on disk since it was scanned/.test(n.message)));
  });

  it('stops after a bounded number of passes when a fix never settles', async () => {
    const dir = workspace({ Dockerfile: HEAD });
    const restless = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/restless' },
      *check(ctx) {
        for (const d of ctx.documents) {
          const end = d.file.text.length;
          yield { message: 'always', loc: d.file.loc(0, 1), fixes: [{ title: 'Append', kind: 'safe' as const, edits: [{ file: d.file.path, start: end, end, newText: '#\n' }] }] };
        }
      },
    });
    const report = await fix(dir, () => new Engine([restless], readers));
    const added = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').split('#\n').length - 1;
    assert.ok(added >= 1 && added < 10, `bounded passes (${added})`);
    assert.equal(report.fixed[0].count, added);
    assert.ok(report.notes.some((n) => /stopped after \d+ fix passes/.test(n.message)));
  });

  it('never creates a file that exists or writes outside the workspace', async () => {
    const dir = workspace({ Dockerfile: HEAD, 'existing.txt': 'keep\n' });
    const creator = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/creator' },
      *check(ctx) {
        for (const d of ctx.documents) {
          for (const target of ['existing.txt', '../escaped.txt', 'new/created.txt']) {
            yield {
              message: `create ${target}`,
              loc: d.file.loc(0, 1),
              fixes: [{ title: 'Create', kind: 'safe' as const, edits: [{ file: target, start: 0, end: 0, newText: 'made\n', create: true }] }],
            };
          }
        }
      },
    });
    const report = await fix(dir, () => new Engine([creator], readers));
    assert.equal(fs.readFileSync(path.join(dir, 'existing.txt'), 'utf8'), 'keep\n');
    assert.ok(!fs.existsSync(path.join(dir, '../escaped.txt')));
    assert.equal(fs.readFileSync(path.join(dir, 'new/created.txt'), 'utf8'), 'made\n');
    assert.deepEqual(report.fixed, [{ file: 'new/created.txt', ruleId: 'test/creator', count: 1 }]);
    assert.ok(report.notes.some((n) => n.file === 'existing.txt' && /already exists/.test(n.message)));
    assert.ok(report.notes.some((n) => n.message.includes('../escaped.txt may not be edited: it leads out of the workspace')));
  });
});
