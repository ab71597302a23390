// @ts-check
// End-to-end tests in a real VS Code (code-server + Chromium): the packaged extension lists its
// findings in the Problems panel, applies a quick fix, honours a suppression comment, and works
// whichever way the workspace-trust dialog is answered.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { Session, poll } = require('./workbench');

const VSIX = process.env.MLSEC_VSIX || path.resolve(__dirname, '..', `mlsec-${require('../package.json').version}.vsix`);

describe('mlsec in VS Code', function () {
  /** @type {Session} */
  let session;

  before(async function () {
    session = await Session.start(VSIX);
  });

  after(async function () {
    await session?.stop();
  });

  /**
   * Opens a copy of the example for the tests of the enclosing `describe`, answering the trust
   * dialog with `trust`, and saves a screenshot of every failed test.
   * @param {string} name
   * @param {boolean} trust
   * @param {(wb: import('./workbench').Workbench) => void} use
   */
  function openExample(name, trust, use) {
    /** @type {import('./workbench').Workbench | undefined} */
    let wb;
    before(async function () {
      wb = await session.open(name, trust);
      use(wb);
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await wb?.shot('failed');
    });
    after(async function () {
      await wb?.close();
    });
  }

  describe('in a trusted workspace', function () {
    /** @type {import('./workbench').Workbench} */
    let wb;
    openExample('trusted', true, (w) => (wb = w));

    it('lists the findings of both Dockerfiles in the Problems panel', async function () {
      const all = await wb.waitForProblems(
        '**/*.Dockerfile',
        (r) => r.some((x) => x.includes('serve.Dockerfile')) && r.some((x) => x.includes('train.Dockerfile')),
        'findings of serve.Dockerfile and train.Dockerfile',
      );
      await wb.shot('problems');
      assert.ok(
        all.some((r) => /serve\.Dockerfile\s*docker\s*\d+$/.test(r)),
        'serve.Dockerfile has findings',
      );
      // Rows are read once they show both runs-as-root findings, whatever the panel showed before.
      await wb.waitForProblems(
        'container/runs-as-root',
        (r) => r.some((x) => /USER root.*mlsec.*container\/runs-as-root.*\[Ln 13, Col 6\]/.test(x)) && r.some((x) => /final stage sets no USER.*\[Ln 25, Col 1\]/.test(x)),
        'runs-as-root in serve.Dockerfile (USER root) and train.Dockerfile (no USER)',
      );
    });

    it('lists the findings of the Kubernetes manifest', async function () {
      await wb.waitForProblems(
        'container/dangerous-capabilities',
        (r) => r.some((x) => /serving\.yaml\s*deploy\s*1$/.test(x)) && r.some((x) => /SYS_ADMIN.*\[Ln 25, Col 22\]/.test(x)),
        'the SYS_ADMIN finding of deploy/serving.yaml',
      );
      await wb.shot('kubernetes');
    });

    it('counts in the status bar what the Problems panel lists, with info findings apart', async function () {
      const counts = await poll(async () => {
        const [mine, panel] = [await wb.statusCount(), await wb.problemsCount()];
        return mine === panel && mine > 0 ? { mine, panel } : undefined;
      }, 'the mlsec status-bar count to equal the Problems count');
      assert.equal(counts.mine, counts.panel);
      assert.match(await wb.statusText(), /mlsec: \d+( \(\+\d+ info\))?/);
      await wb.shot('status-count');
    });

    it('shows a hover with the severity, the fix and a link to the bundled rule page', async function () {
      await wb.waitForProblems('container/runs-as-root', (r) => r.some((x) => /\[Ln 13, Col 6\]/.test(x)), 'the runs-as-root finding on line 13');
      await wb.openFile('docker/serve.Dockerfile');
      await wb.goToLine(13);
      await wb.page.keyboard.press('End'); // inside "root", where the finding is
      let seen = '';
      const text = await poll(
        async () => {
          if (!(await wb.page.locator('.monaco-hover:not(.hidden)').first().isVisible())) await wb.hoverAtCursor().catch(() => undefined);
          seen = (await wb.page.locator('.monaco-hover').evaluateAll((els) => els.map((e) => /** @type {HTMLElement} */ (e).innerText).join('\n'))).replace(/\s+/g, ' ');
          return /Rule documentation/.test(seen) ? seen : undefined;
        },
        'the mlsec hover of the runs-as-root finding',
        60000,
      ).catch((e) => {
        throw new Error(`${e.message}; the hover read: ${seen}`);
      });
      assert.match(text, /\b(Critical|High|Medium|Low|Info)\b/, 'the severity word');
      assert.match(text, /container\/runs-as-root/);
      assert.match(text, /Fix: /);
      const link = wb.page.locator('.monaco-hover a', { hasText: 'Rule documentation' }).first();
      const href = (await link.getAttribute('data-href')) || (await link.getAttribute('href')) || '';
      assert.match(href, /docs\/rules\/container\/runs-as-root\.md$/, 'the page that ships with the extension');
      assert.doesNotMatch(href, /github\.com/);
      await wb.shot('hover');
      await wb.page.keyboard.press('Escape');
    });

    it('verifies a model from the Explorer and lists the failure in the Problems panel', async function () {
      // A pickle holding an empty dict: a model in a pickle format that nobody signed.
      wb.write('classifier.pkl', Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]));
      await wb.explorerContextMenu('classifier.pkl', 'Verify Model Signature');
      assert.match(await wb.waitForNotification(/classifier\.pkl failed signature verification/), /has no signature/);
      await wb.waitForProblems('model/unsigned-model', (r) => r.some((x) => /classifier\.pkl/.test(x)) && r.some((x) => /\[Ln 1, Col 1\]/.test(x)), 'the unsigned model in the Problems panel');
      await wb.shot('model-unsigned');
    });

    it('applies a quick fix: the file changes and the finding disappears', async function () {
      const before = await wb.statusCount();
      await wb.openFile('docker/serve.Dockerfile');
      await wb.goToLine(13);
      await wb.shot('before-fix');
      // A review fix from the lightbulb applies in one step: no preview to confirm.
      await wb.quickFix('Run as the unprivileged user 10001');
      await wb.save();
      await wb.shot('review-fix-applied');
      const text = wb.read('docker/serve.Dockerfile');
      assert.match(text, /^USER 10001$/m);
      assert.doesNotMatch(text, /^USER root$/m);
      const rows = await wb.waitForProblems('container/runs-as-root', (r) => !r.some((x) => x.includes('serve.Dockerfile')), 'the runs-as-root finding of serve.Dockerfile to go away');
      assert.ok(
        rows.some((x) => x.includes('train.Dockerfile')),
        'the other Dockerfile still runs as root',
      );
      await wb.waitForStatusCount(before - 1);
      await wb.shot('after-fix');
    });

    it('a suppression comment removes the finding it names', async function () {
      await wb.suppress('docker/train.Dockerfile', 23, 'Suppress supply-chain/remote-script-execution on this line', 'installer reviewed and mirrored by the platform team');
      const lines = wb.read('docker/train.Dockerfile').split('\n');
      const at = lines.findIndex((l) => l.includes('install-featurectl.sh'));
      assert.equal(lines[at - 1], '# mlsec-ignore: supply-chain/remote-script-execution -- installer reviewed and mirrored by the platform team');
      await wb.waitForProblems('supply-chain/remote-script-execution', (r) => !r.some((x) => x.includes('train.Dockerfile')), 'the suppressed finding to go away');
      await wb.shot('suppressed');
      // The other finding of that line stays, one line lower.
      await wb.waitForProblems('transport/tls-verification-disabled', (r) => r.some((x) => x.includes('[Ln 24, Col 10]')), 'the TLS finding on line 24');
    });
  });

  describe('fix all on save', function () {
    /** @type {import('./workbench').Workbench} */
    let wb;
    openExample('fix-all', true, (w) => (wb = w));

    it('reaches the fixed point in one save: both safe fixes at one place are applied', async function () {
      fs.mkdirSync(path.join(wb.folder, '.vscode'), { recursive: true });
      // writable-root-filesystem is an info finding: shown as information, so the Problems panel lists it.
      wb.write('.vscode/settings.json', JSON.stringify({ 'editor.codeActionsOnSave': { 'source.fixAll.mlsec': 'explicit' }, 'mlsec.infoFindings': 'information' }));
      const manifest = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: scorer',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: scorer',
        '          image: ghcr.io/acme/scorer@sha256:' + 'a'.repeat(64),
        '',
      ].join('\n');
      wb.write('deploy/fix-all.yaml', manifest);
      await wb.openFile('deploy/fix-all.yaml');
      for (const rule of ['container/privilege-escalation', 'container/writable-root-filesystem']) {
        await wb.waitForProblems(rule, (r) => r.some((x) => x.includes('fix-all.yaml')), `the ${rule} finding of fix-all.yaml`);
      }
      await wb.goToLine(1);
      await wb.page.keyboard.press('End');
      await wb.page.keyboard.type(' ');
      await wb.save();
      await poll(
        async () => /allowPrivilegeEscalation: false/.test(wb.read('deploy/fix-all.yaml')) && /readOnlyRootFilesystem: true/.test(wb.read('deploy/fix-all.yaml')),
        'both fixes written by one save',
      );
      for (const rule of ['container/privilege-escalation', 'container/writable-root-filesystem']) {
        await wb.waitForProblems(rule, (r) => !r.some((x) => x.includes('fix-all.yaml')), `the ${rule} finding of fix-all.yaml to go away`);
      }
      await wb.shot('fix-all-on-save');
    });
  });

  describe('in Restricted Mode', function () {
    /** @type {import('./workbench').Workbench} */
    let wb;
    openExample('restricted', false, (w) => (wb = w));

    it('reports findings and applies a quick fix', async function () {
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible' });
      await wb.waitForProblems('secrets/hardcoded-credential', (r) => r.some((x) => x.includes('[Ln 5, Col 27]')), 'findings in Restricted Mode');
      await wb.shot('problems');
      await wb.suppress('docker/serve.Dockerfile', 5, 'Suppress secrets/hardcoded-credential in this file', 'documentation example keys');
      assert.match(wb.read('docker/serve.Dockerfile'), /^# mlsec-ignore-file: secrets\/hardcoded-credential -- documentation example keys$/m);
      const rows = await wb.waitForProblems('secrets/hardcoded-credential', (r) => !r.some((x) => x.includes('serve.Dockerfile')), 'the suppressed credential finding to go away');
      assert.ok(
        rows.some((x) => x.includes('config')),
        'the credential in .dvc/config is still reported',
      );
      await wb.shot('suppressed');
    });
  });
});
