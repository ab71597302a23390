// `scan --fix`: safe fixes applied and reported, the rest of the text untouched, idempotent, and
// never written over a file that changed, a file that is not valid UTF-8 or through a link.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../src/core/engine';
import { defineRule } from '../../src/core/rules/rule';
import type { JsonReport } from '../../src/core/report/json';
import { copyOf, EXAMPLE, insecureCurlRule, removeWorkspaces, run, TEST_RULES, testDockerfileReader, workspace } from './helpers';

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

describe('mlsec scan --fix', () => {
  after(removeWorkspaces);

  it('applies the safe fixes, reports them per file and rule, and leaves everything else alone', async () => {
    const dir = copyOf(EXAMPLE);
    const before = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const servingBefore = fs.readFileSync(path.join(dir, 'serving/Dockerfile'), 'utf8');
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir });
    const report = json(r.stdout);
    assert.deepEqual(report.fixed, [{ file: 'Dockerfile', ruleId: 'test/insecure-curl', count: 1 }]);
    assert.equal(report.summary.fixed, 1);
    const after = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.equal(after, before.replace('curl -k -fsSL', 'curl -fsSL'));
    assert.equal(fs.readFileSync(path.join(dir, 'serving/Dockerfile'), 'utf8'), servingBefore, 'a suppressed finding is not fixed');
    assert.ok(!report.findings.some((f) => f.ruleId === 'test/insecure-curl'), 'the fixed finding is gone from the report');
    assert.ok(report.findings.some((f) => f.ruleId === 'test/unpinned-image'), 'guided fixes are not applied');
    assert.equal(r.code, 1, 'the critical finding remains');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['Dockerfile', 'README.md', 'serving'], 'no temporary files left behind');
  });

  it('changes nothing on a second run', async () => {
    const dir = copyOf(EXAMPLE);
    await run(['scan', '--fix'], { cwd: dir });
    const once = fs.readFileSync(path.join(dir, 'Dockerfile'));
    const stat = fs.statSync(path.join(dir, 'Dockerfile'));
    const again = await run(['scan', '--fix', '--format', 'json'], { cwd: dir });
    assert.deepEqual(json(again.stdout).fixed, []);
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(once));
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).ino, stat.ino, 'the file was not rewritten');
  });

  it('says what it fixed in the text report', async () => {
    const r = await run(['scan', '--fix', '--no-color'], { cwd: copyOf(EXAMPLE) });
    assert.match(r.stdout, /\nFixed 1 problem:\n {2}Dockerfile: test\/insecure-curl x1\n/);
  });

  it('applies fixes that only become possible after others, in further passes', async () => {
    const dir = workspace({ Dockerfile: 'FROM a@sha256:1\nUSER 1\nRUN curl -k --insecure -k https://x -o y\n' });
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir });
    assert.deepEqual(json(r.stdout).fixed, [{ file: 'Dockerfile', ruleId: 'test/insecure-curl', count: 3 }]);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM a@sha256:1\nUSER 1\nRUN curl https://x -o y\n');
    assert.equal(r.code, 0);
  });

  it('keeps CRLF line ends, a byte order mark and the file mode', async () => {
    const dir = workspace({ Dockerfile: '\ufeffFROM a@sha256:1\r\nUSER 1\r\nRUN curl -k https://x -o y\r\n' });
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o640);
    await run(['scan', '--fix'], { cwd: dir });
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), '\ufeffFROM a@sha256:1\r\nUSER 1\r\nRUN curl https://x -o y\r\n');
    assert.equal(fs.statSync(path.join(dir, 'Dockerfile')).mode & 0o777, 0o640);
  });

  it('writes through a symlink inside the workspace instead of replacing the link', async () => {
    const dir = workspace({ 'real/Dockerfile.base': 'FROM a@sha256:1\nUSER 1\nRUN curl -k https://x -o y\n' });
    fs.symlinkSync('real/Dockerfile.base', path.join(dir, 'Dockerfile'));
    const r = await run(['scan', '--fix', '--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.equal(json(r.stdout).fixed.length, 1);
    assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real/Dockerfile.base'), 'utf8'), 'FROM a@sha256:1\nUSER 1\nRUN curl https://x -o y\n');
  });

  it('does not write a file that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('FROM a@sha256:1\nUSER 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\nRUN curl -k https://x -o y\n')]);
    const dir = workspace({ Dockerfile: bytes });
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir });
    const report = json(r.stdout);
    assert.deepEqual(report.fixed, []);
    assert.ok(fs.readFileSync(path.join(dir, 'Dockerfile')).equals(bytes));
    assert.ok(report.notes.some((n) => n.file === 'Dockerfile' && /not fixed: .*not valid UTF-8/.test(n.message)));
    assert.ok(report.findings.some((f) => f.ruleId === 'test/insecure-curl'), 'the finding is still reported');
  });

  it('does not overwrite a file that changed on disk after it was read', async () => {
    const dir = workspace({ Dockerfile: 'FROM a@sha256:1\nUSER 1\nRUN curl -k https://x -o y\n' });
    const file = path.join(dir, 'Dockerfile');
    const edited = 'FROM a@sha256:1\nUSER 1\nRUN curl -k https://x -o y\n# edited meanwhile\n';
    // A rule that runs between the read and the write stands in for an editor saving the file.
    const editor = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/concurrent-edit', fixes: [] },
      *check() {
        if (fs.readFileSync(file, 'utf8') !== edited) fs.writeFileSync(file, edited);
      },
    });
    const engine = () => new Engine([...TEST_RULES, editor], [testDockerfileReader]);
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir, engine });
    const report = json(r.stdout);
    assert.equal(fs.readFileSync(file, 'utf8'), edited);
    assert.deepEqual(report.fixed, []);
    assert.ok(report.notes.some((n) => /not fixed: the file changed on disk since it was scanned/.test(n.message)));
  });

  it('stops after a bounded number of passes when a fix never settles', async () => {
    const dir = workspace({ Dockerfile: 'FROM a@sha256:1\nUSER 1\n' });
    const restless = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/restless' },
      *check(ctx) {
        for (const d of ctx.index.ofFormat('dockerfile')) {
          const end = d.file.text.length;
          yield { message: 'always', loc: d.file.loc(0, 1), fixes: [{ title: 'Append', kind: 'safe' as const, edits: [{ file: d.file.path, start: end, end, newText: '#\n' }] }] };
        }
      },
    });
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir, engine: () => new Engine([restless], [testDockerfileReader]) });
    const report = json(r.stdout);
    const added = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8').split('#\n').length - 1;
    assert.ok(added >= 1 && added < 10, `bounded passes (${added})`);
    assert.equal(report.fixed[0].count, added);
    assert.ok(report.notes.some((n) => /stopped after \d+ fix passes/.test(n.message)));
  });

  it('never creates a file that exists or writes outside the workspace', async () => {
    const dir = workspace({ Dockerfile: 'FROM a@sha256:1\nUSER 1\n', 'existing.txt': 'keep\n' });
    const creator = defineRule({
      meta: { ...insecureCurlRule.meta, id: 'test/creator' },
      *check(ctx) {
        for (const d of ctx.index.ofFormat('dockerfile')) {
          for (const target of ['existing.txt', '../escaped.txt', 'new/created.txt']) {
            yield { message: `create ${target}`, loc: d.file.loc(0, 1), fixes: [{ title: 'Create', kind: 'safe' as const, edits: [{ file: target, start: 0, end: 0, newText: 'made\n', create: true }] }] };
          }
        }
      },
    });
    const r = await run(['scan', '--fix', '--format', 'json'], { cwd: dir, engine: () => new Engine([creator], [testDockerfileReader]) });
    const report = json(r.stdout);
    assert.equal(fs.readFileSync(path.join(dir, 'existing.txt'), 'utf8'), 'keep\n');
    assert.ok(!fs.existsSync(path.join(dir, '../escaped.txt')));
    assert.equal(fs.readFileSync(path.join(dir, 'new/created.txt'), 'utf8'), 'made\n');
    assert.deepEqual(report.fixed, [{ file: 'new/created.txt', ruleId: 'test/creator', count: 1 }]);
    assert.ok(report.notes.some((n) => n.file === 'existing.txt' && /already exists/.test(n.message)));
    assert.ok(report.notes.some((n) => n.file === '../escaped.txt' && /outside the workspace/.test(n.message)));
  });
});
