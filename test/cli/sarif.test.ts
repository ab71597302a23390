// SARIF output: validity against the OASIS SARIF 2.1.0 schemas (draft-04 errata and the draft-07
// variant GitHub's tooling uses) and the properties GitHub code scanning reads.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { pathToFileURL } from 'node:url';
import { lineHash, pascalCase } from '../../src/core/report/sarif';
import { defineRule } from '../../src/core/rules/rule';
import { copyOf, EXAMPLE, fixEngine, REPO, removeWorkspaces, run, SHARED, workspace } from './helpers';

const SCHEMAS = path.join(SHARED, 'schemas/sarif');

type Sarif = {
  runs: {
    tool: { driver: { name: string; rules: Record<string, any>[] } };
    results: Record<string, any>[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Record<string, any>[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
  }[];
};

const DIGEST = '@sha256:2b0079146a74e23bb4ae8f6c89c5b1c2e0a1d6a4b6e58a2c1d49ff7c1f0b6e3a';

/** Reports each ENV key with the FROM line as a related location and a detail line. */
const relatedRule = defineRule({
  meta: { id: 'test/env-origin', title: 'ENV origin', description: 'd', explanation: 'e', formats: ['dockerfile'], severity: 'info', fixes: [], stride: [], atlas: [], owasp: [], references: [] },
  *check(ctx) {
    for (const d of ctx.documents) {
      const env = d.file.text.indexOf('ENV ');
      if (env >= 0) yield { message: 'an ENV', loc: d.file.loc(env, env + 3), related: [{ loc: d.file.loc(0, 4), message: 'the stage it belongs to' }], details: ['first detail'] };
    }
  },
});

async function sarifOf(cwd: string, ...args: string[]): Promise<Sarif> {
  const r = await run(['scan', '--format', 'sarif', ...args], { cwd });
  assert.notEqual(r.code, 2, r.stderr);
  return JSON.parse(r.stdout) as Sarif;
}

describe('SARIF report', () => {
  after(removeWorkspaces);

  describe('schema validation', () => {
    before(function () {
      if (!fs.existsSync(SHARED)) {
        console.log('    skipped: ../shared is not present');
        this.skip();
      }
    });

    const documents = async () => {
      const hostile = workspace({
        'ok/Dockerfile': 'FROM python:latest\nRUN curl -k https://x.example.com/a.sh -o /a.sh\n',
        'bin/Dockerfile': Buffer.from([0, 1, 2, 3, 0xff, 0]),
        'weird name/Dockerfile': 'FROM a # mlsec-ignore: test/unknown\nENV K=AKIA2E0A8F3B244C9986\n',
      });
      return [await sarifOf(REPO, path.relative(REPO, EXAMPLE)), await sarifOf(hostile), await sarifOf(workspace())];
    };

    it('validates against the draft-04 OASIS schema (errata01)', async () => {
      const ajv = new AjvDraft04({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')));
      for (const doc of await documents()) assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
    });

    it('validates against the draft-07 schema', async () => {
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMAS, 'sarif-schema-2.1.0.draft-07.json'), 'utf8')));
      for (const doc of await documents()) assert.ok(validate(doc), JSON.stringify(validate.errors, null, 1));
    });
  });

  describe('what GitHub code scanning reads', () => {
    it('describes every rule with tags, security severity, precision and a docs link', async () => {
      const sarif = await sarifOf(EXAMPLE);
      const driver = sarif.runs[0].tool.driver;
      assert.equal(driver.name, 'mlsec');
      const key = driver.rules.find((r) => r.id === 'secrets/hardcoded-credential')!;
      assert.equal(key.name, 'SecretsHardcodedCredential');
      assert.equal(key.defaultConfiguration.level, 'error');
      assert.equal(key.properties['security-severity'], '9.5');
      assert.deepEqual(key.properties.tags, ['security', 'stride/I', 'AML.T0055', 'owasp-ml/ML06']);
      assert.equal(key.properties.precision, 'high');
      assert.match(key.helpUri, /\/docs\/rules\/secrets\/hardcoded-credential\.md$/);
      assert.match(key.help.markdown, /### Why is this bad\?/);
      assert.ok(key.help.text.length > 0 && key.shortDescription.text && key.fullDescription.text);
      const levels = Object.fromEntries(driver.rules.map((r) => [r.id, [r.defaultConfiguration.level, r.properties['security-severity']]]));
      assert.deepEqual(levels['transport/tls-verification-disabled'], ['error', '8.0']);
      assert.deepEqual(levels['supply-chain/unpinned-image'], ['warning', '5.5']);
      assert.deepEqual(levels['mlsec/invalid-suppression'], ['note', '3.0']);
    });

    it('points results at their rule with relative locations under SRCROOT', async () => {
      const sarif = await sarifOf(EXAMPLE);
      const run0 = sarif.runs[0];
      assert.equal(run0.columnKind, 'utf16CodeUnits');
      assert.equal(run0.originalUriBaseIds.SRCROOT.uri, pathToFileURL(EXAMPLE).href + '/');
      for (const r of run0.results) {
        assert.equal(run0.tool.driver.rules[r.ruleIndex].id, r.ruleId);
        const loc = r.locations[0].physicalLocation;
        assert.equal(loc.artifactLocation.uriBaseId, 'SRCROOT');
        assert.ok(!loc.artifactLocation.uri.startsWith('/'));
        assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
        assert.match(r.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:\d+$/);
      }
      const key = run0.results.find((r) => r.ruleId === 'secrets/hardcoded-credential')!;
      assert.equal(key.level, 'error');
      const suppressed = run0.results.find((r) => r.suppressions)!;
      assert.deepEqual(suppressed.suppressions[0].kind, 'inSource');
      assert.equal(suppressed.suppressions[0].justification, 'the mirror is reachable on the build network only');
      assert.equal(run0.invocations[0].executionSuccessful, true);
    });

    it('carries related locations and details', async () => {
      const r = await run(['scan', '--format', 'sarif'], { cwd: workspace({ Dockerfile: `FROM a${DIGEST}\nENV A=1\nUSER 1\n` }), engine: () => fixEngine(relatedRule) });
      const result = (JSON.parse(r.stdout) as Sarif).runs[0].results.find((x) => x.ruleId === 'test/env-origin')!;
      assert.deepEqual(result.relatedLocations, [
        {
          id: 1,
          physicalLocation: { artifactLocation: { uri: 'Dockerfile', uriBaseId: 'SRCROOT' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 } },
          message: { text: 'the stage it belongs to' },
        },
      ]);
      assert.deepEqual(result.properties.details, ['first detail']);
    });

    it('describes fixes as replacements at character offsets', async () => {
      const sarif = await sarifOf(EXAMPLE);
      const curl = sarif.runs[0].results.find((r) => r.ruleId === 'transport/tls-verification-disabled' && !r.suppressions)!;
      const change = curl.fixes[0].artifactChanges[0];
      assert.equal(change.artifactLocation.uri, 'Dockerfile');
      const { charOffset, charLength } = change.replacements[0].deletedRegion;
      const text = fs.readFileSync(path.join(EXAMPLE, 'Dockerfile'), 'utf8');
      assert.equal(text.slice(charOffset, charOffset + charLength), ' -k');
      assert.equal(change.replacements[0].insertedContent, undefined);
    });

    it('keeps fingerprints when lines move and tells repeated lines apart', async () => {
      const body = 'RUN curl -k https://a.example.com/a.sh -o a.sh\nRUN curl -k https://a.example.com/a.sh -o a.sh\n';
      const a = await sarifOf(workspace({ Dockerfile: `FROM x${DIGEST}\nUSER 1\n${body}` }));
      const b = await sarifOf(workspace({ Dockerfile: `# moved down\nFROM x${DIGEST}\n\nUSER 1\n\n${body}` }));
      const tls = (s: Sarif) => s.runs[0].results.filter((r) => r.ruleId === 'transport/tls-verification-disabled');
      const prints = (s: Sarif) => tls(s).map((r) => `${r.ruleId} ${r.partialFingerprints.primaryLocationLineHash}`);
      assert.deepEqual(prints(a), prints(b));
      const [first, second] = prints(a);
      assert.notEqual(first, second);
      assert.equal(first.replace(/:\d+$/, ''), second.replace(/:\d+$/, ''));
      assert.equal(prints(a).length, 2);
      assert.notEqual(tls(a)[0].locations[0].physicalLocation.region.startLine, tls(b)[0].locations[0].physicalLocation.region.startLine);
    });

    it('turns notes into tool execution notifications', async () => {
      const dir = workspace({ Dockerfile: Buffer.from([0x46, 0, 0, 1]), 'ok/Dockerfile': `FROM a${DIGEST}\nUSER 1\n` });
      const sarif = await sarifOf(dir);
      const n = sarif.runs[0].invocations[0].toolExecutionNotifications;
      assert.equal(n.length, 1);
      assert.equal(n[0].level, 'warning');
      assert.match(n[0].message.text, /binary/);
      assert.equal(n[0].locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
    });

    it('is byte-for-byte the same on a second run', async () => {
      const dir = copyOf(EXAMPLE);
      const first = await run(['scan', '--format', 'sarif'], { cwd: dir });
      const second = await run(['scan', '--format', 'sarif'], { cwd: dir });
      assert.equal(first.stdout, second.stdout);
    });

    it('names rules in PascalCase and hashes normalised line text', () => {
      assert.equal(pascalCase('supply-chain/unpinned-image'), 'SupplyChainUnpinnedImage');
      assert.equal(pascalCase('mlsec/invalid-suppression'), 'MlsecInvalidSuppression');
      assert.equal(lineHash('a/b', '  RUN   curl -k '), lineHash('a/b', 'RUN curl -k'));
      assert.notEqual(lineHash('a/b', 'RUN curl -k'), lineHash('a/c', 'RUN curl -k'));
    });
  });
});
