// `mlsec scan - --stdin-filename PATH`: a stream read from standard input (a rendered Helm chart,
// or any file mlsec reads) is scanned as PATH; a document's `# Source:` template in the workspace
// receives its findings; bad input stops with exit 2 and a message.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonReport } from '../../src/core/report/json';
import { copyOf, FIXTURES, REPO, removeWorkspaces, run, workspace } from './helpers';

const HELM = path.join(FIXTURES, 'helm');
const RENDERED = fs.readFileSync(path.join(HELM, 'rendered.yaml'), 'utf8');
const RUSTUP = 'FROM python:3.12-slim\nRUN curl https://sh.rustup.rs | bash\n';

type JsonFinding = JsonReport['findings'][number];
const where = (f: JsonFinding) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column}`;

async function scanJson(stdin: string | Buffer, args: string[], cwd: string): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await run(['scan', '-', ...args, '--format', 'json', '--fail-on', 'none'], { cwd, stdin });
  assert.equal(r.code, 0, r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, stderr: r.stderr };
}

describe('mlsec scan - (standard input)', () => {
  after(removeWorkspaces);

  describe('a rendered Helm stream', () => {
    let report: JsonReport;
    before(async () => {
      report = (await scanJson(RENDERED, ['--stdin-filename', 'chart/'], copyOf(HELM))).report;
    });

    it('puts a finding on the template line that reads the same, noting the rendered line', () => {
      const f = report.findings.find((x) => x.ruleId === 'container/privileged');
      assert.ok(f, JSON.stringify(report.findings.map(where)));
      assert.equal(where(f), 'container/privileged chart/templates/deployment.yaml:24:25');
      assert.deepEqual(f.details, ['Rendered at line 24 of the document rendered from fraud-detector/templates/deployment.yaml (line 61 of standard input).']);
    });

    it('puts a value a template action produced on the template line with the same key', () => {
      const f = report.findings.find((x) => x.ruleId === 'supply-chain/unpinned-image' && x.location.file.endsWith('deployment.yaml'));
      assert.ok(f, JSON.stringify(report.findings.map(where)));
      assert.equal(where(f), 'supply-chain/unpinned-image chart/templates/deployment.yaml:19:18');
      assert.match(f.details?.[0] ?? '', /^Rendered by a template action at line 19 of the document rendered from fraud-detector\/templates\/deployment\.yaml \(line 56 of standard input\)\.$/);
    });

    it('reports a document whose template is not in the workspace on the --stdin-filename, at its line in the stream', () => {
      const f = report.findings.find((x) => x.ruleId === 'supply-chain/unpinned-image' && x.message.includes('redis'));
      assert.ok(f, JSON.stringify(report.findings.map(where)));
      assert.equal(where(f), 'supply-chain/unpinned-image chart/:19:18');
      assert.match(f.details?.[0] ?? '', /fraud-detector\/charts\/redis\/templates\/master\/statefulset\.yaml \(line 19 of standard input\)/);
    });

    it('names only the stream and the templates, offers no fix and reads no template as a workload', () => {
      const files = new Set(report.findings.map((f) => f.location.file));
      assert.deepEqual([...files].sort(), ['chart/', 'chart/templates/deployment.yaml']);
      assert.ok(report.findings.every((f) => f.fixes.length === 0));
      assert.ok(!report.findings.some((f) => f.location.file.endsWith('service.yaml')));
    });

    it('writes JSON and SARIF of the same shape as a directory scan', async () => {
      // The fixture holds rendered.yaml, which the directory scan reads as a file.
      const ws = copyOf(HELM);
      for (const format of ['json', 'sarif']) {
        const fromStdin = JSON.parse((await run(['scan', '-', '--stdin-filename', 'chart/', '--format', format, '--fail-on', 'none'], { cwd: ws, stdin: RENDERED })).stdout);
        const fromDir = JSON.parse((await run(['scan', '.', '--format', format, '--fail-on', 'none'], { cwd: ws })).stdout);
        assert.deepEqual(Object.keys(fromStdin).sort(), Object.keys(fromDir).sort(), format);
        if (format === 'json') {
          // `details` is the optional field every report already has for extra detail.
          const keys = (f: object) =>
            Object.keys(f)
              .filter((k) => k !== 'details')
              .sort();
          assert.deepEqual(keys(fromStdin.findings[0]), keys(fromDir.findings[0]));
          assert.equal(fromStdin.findings.length, fromDir.findings.length, 'the same findings, placed elsewhere');
        } else {
          const run0 = fromStdin.runs[0];
          assert.deepEqual(Object.keys(run0).sort(), Object.keys(fromDir.runs[0]).sort());
          const uris = new Set(run0.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri));
          assert.ok(uris.has('chart/templates/deployment.yaml'), [...uris].join(', '));
        }
      }
    });

    it('reports on the --stdin-filename when the templates are not in the workspace', async () => {
      const { report: r } = await scanJson(RENDERED, ['--stdin-filename', 'rendered.yaml'], workspace({ 'README.md': '# x\n' }));
      const privileged = r.findings.find((f) => f.ruleId === 'container/privileged');
      assert.equal(privileged && where(privileged), 'container/privileged rendered.yaml:61:25');
      assert.deepEqual([...new Set(r.findings.map((f) => f.location.file))], ['rendered.yaml']);
    });
  });

  it('scans any file mlsec reads under the name given: a Dockerfile', async () => {
    const { report } = await scanJson(RUSTUP, ['--stdin-filename', 'docker/Dockerfile-cuda'], workspace({}));
    const f = report.findings.find((x) => x.ruleId === 'supply-chain/remote-script-execution');
    assert.equal(f && where(f), 'supply-chain/remote-script-execution docker/Dockerfile-cuda:2:33');
    assert.equal(f?.details, undefined);
  });

  describe('bad input and bad options: exit 2 with a message', () => {
    const cases: [string, string | Buffer | undefined, string[], RegExp][] = [
      ['empty input', '', ['--stdin-filename', 'chart/'], /standard input is empty/],
      ['blank input', '\n  \n', ['--stdin-filename', 'chart/'], /standard input is empty/],
      ['binary input', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0]), ['--stdin-filename', 'chart/'], /binary content/],
      ['invalid UTF-8', Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), ['--stdin-filename', 'x.yaml'], /not valid UTF-8/],
      ['input over --max-file-size', RENDERED, ['--stdin-filename', 'chart/', '--max-file-size', '100'], /larger than the 100-byte size limit/],
      ['text that is no format mlsec reads', 'just: settings\n', ['--stdin-filename', 'values.yaml'], /holds nothing mlsec reads as values\.yaml/],
      ['no --stdin-filename', RENDERED, [], /scan - needs --stdin-filename PATH/],
      ['a name outside the workspace', RENDERED, ['--stdin-filename', '../chart/'], /outside the current directory/],
      ['another path beside -', RENDERED, ['--stdin-filename', 'chart/', 'other'], /takes no other path/],
      ['--fix', RENDERED, ['--stdin-filename', 'chart/', '--fix'], /--fix cannot be combined with scan -/],
      ['no standard input at all', undefined, ['--stdin-filename', 'chart/'], /standard input, which is not available here/],
    ];
    for (const [what, stdin, args, message] of cases) {
      it(what, async () => {
        const r = await run(['scan', '-', ...args], { cwd: workspace({}), stdin });
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      });
    }

    it('--stdin-filename without -', async () => {
      const r = await run(['scan', '.', '--stdin-filename', 'chart/'], { cwd: workspace({}) });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /give - as the path/);
    });

    it('the maxFileSize of the .mlsec.yaml that applies', async () => {
      const r = await run(['scan', '-', '--stdin-filename', 'chart/'], { cwd: workspace({ '.mlsec.yaml': 'maxFileSize: 200\n' }), stdin: RENDERED });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /larger than the 200-byte size limit \(maxFileSize/);
    });
  });

  it('reads a pipe in a child process, and stops reading one over the size limit', () => {
    const main = path.join(REPO, 'out/src/cli/main.js');
    const mlsec = (args: string[], input: string | Buffer) =>
      spawnSync(process.execPath, ['-e', `process.argv.splice(1, 0, '-'); require(${JSON.stringify(main)}).runCli()`, ...args], { cwd: copyOf(HELM), input, encoding: 'utf8' });
    const ok = mlsec(['scan', '-', '--stdin-filename', 'chart/', '--format', 'json', '--fail-on', 'none'], RENDERED);
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok((JSON.parse(ok.stdout) as JsonReport).findings.some((f) => f.location.file === 'chart/templates/deployment.yaml'));
    const big = mlsec(['scan', '-', '--stdin-filename', 'chart/', '--max-file-size', '1MB'], Buffer.alloc(8 << 20, 'a'));
    assert.equal(big.status, 2, big.stderr);
    assert.match(big.stderr, /larger than the 1000000-byte size limit/);
  });
});
