// Runs the manifest reader and the container rules over the real corpus in ../shared: no crash, no
// parse error on valid YAML, and agreement with the KICS expected results for the overlapping checks.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { DocumentIndex } from '../../src/core/document';
import { SourceFile } from '../../src/core/source';

const SHARED = path.resolve(__dirname, '../../../../shared');
const CORPUS = path.join(SHARED, 'corpus');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** KICS queries that check what a container rule checks, and the rule ids that answer them. */
export const KICS_QUERIES: Record<string, string[]> = {
  container_is_privileged: ['container/privileged'],
  privilege_escalation_allowed: ['container/privilege-escalation'],
  shared_host_network_namespace: ['container/host-namespace'],
  shared_host_pid_namespace: ['container/host-namespace'],
  shared_host_ipc_namespace: ['container/host-namespace'],
  containers_with_added_capabilities: ['container/dangerous-capabilities'],
  containers_with_sys_admin_capabilities: ['container/dangerous-capabilities'],
  containers_running_as_root: ['container/runs-as-root'],
  root_container_not_mounted_as_read_only: ['container/writable-root-filesystem'],
  docker_daemon_socket_is_exposed_to_containers: ['container/host-path-mount'],
};

async function analyse(rel: string, text: string) {
  const engine = createEngine();
  const config = defaultConfig();
  const { docs, notes } = await engine.parse(new SourceFile(rel, text), { config });
  const index = new DocumentIndex(docs);
  const result = await engine.analyze(index, { config });
  return { docs, notes: [...notes, ...result.notes, ...docs.flatMap((d) => d.notes)], findings: result.findings };
}

describe('corpus: Kubernetes-shaped manifests', function () {
  this.timeout(300_000);

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
  });

  it('reads every manifest without a crash, and reports parse errors only for invalid YAML', async () => {
    const invalid: string[] = [];
    let documents = 0;
    for (const kind of ['kubeflow', 'argo', 'kserve', 'seldon', 'kubeflow-crs', 'kics-k8s']) {
      for (const abs of files(path.join(CORPUS, kind))) {
        const rel = path.relative(CORPUS, abs).split(path.sep).join('/');
        const { docs, notes } = await analyse(rel, fs.readFileSync(abs, 'utf8'));
        documents += docs.length;
        assert.deepEqual(
          notes.filter((n) => /failed/.test(n.message)),
          [],
          `${rel}: a reader or rule failed`,
        );
        const errors = notes.filter((n) => n.level === 'error');
        if (errors.length) {
          assert.match(errors[0].message, /^not valid YAML at line \d+, column \d+: /, rel);
          invalid.push(rel);
        }
      }
    }
    console.log(`    ${documents} documents read; invalid YAML: ${invalid.length}`);
    // The corpus notes ~10 KServe samples with unquoted `{placeholder}` images; one Seldon
    // sample is also not YAML (a block sequence as an implicit key). Nothing else may fail.
    const expected = invalid.filter((f) => f.startsWith('kserve/') || f.includes('openvino_imagenet_ensemble'));
    assert.deepEqual(invalid, expected);
    assert.ok(invalid.length >= 10 && invalid.length <= 12, `invalid files: ${invalid.join(', ')}`);
  });

  it('agrees with the KICS expected results for the overlapping container checks', async () => {
    const rows: string[] = [];
    let expectedTotal = 0;
    let foundTotal = 0;
    let extraTotal = 0;
    for (const [query, ruleIds] of Object.entries(KICS_QUERIES)) {
      const dir = path.join(CORPUS, 'kics-k8s', query, 'test');
      const expected = JSON.parse(fs.readFileSync(path.join(dir, 'positive_expected_result.json'), 'utf8')) as { fileName?: string; line: number }[];
      const positives = fs.readdirSync(dir).filter((n) => /^positive.*\.ya?ml$/.test(n));
      // Older expected-result files omit fileName when the query has a single positive file.
      const want = new Set(expected.map((e) => `${e.fileName ?? positives[0]}:${e.line}`));
      const got = new Set<string>();
      for (const f of positives) {
        const { findings } = await analyse(f, fs.readFileSync(path.join(dir, f), 'utf8'));
        for (const x of findings) if (ruleIds.includes(x.ruleId)) got.add(`${f}:${x.range.start.line + 1}`);
      }
      const found = [...want].filter((k) => got.has(k)).length;
      const extra = [...got].filter((k) => !want.has(k)).length;
      expectedTotal += want.size;
      foundTotal += found;
      extraTotal += extra;
      rows.push(`    ${query.padEnd(46)} expected ${String(want.size).padStart(3)}  found ${String(found).padStart(3)}  extra ${String(extra).padStart(3)}`);
    }
    console.log(rows.join('\n'));
    const recall = foundTotal / expectedTotal;
    console.log(`    total: ${foundTotal}/${expectedTotal} expected lines found (${(recall * 100).toFixed(1)}%), ${extraTotal} extra`);
    // docs/kics-comparison.md explains every line we miss or add; the threshold guards against regressions.
    assert.ok(recall >= 0.95, `recall ${recall}`);
  });
});
