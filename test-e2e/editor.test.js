// @ts-check
// End-to-end tests in a real VS Code (code-server + Chromium): the packaged extension lists its
// findings in the Problems panel, applies a quick fix, honours a suppression comment, and works
// whichever way the workspace-trust dialog is answered.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { Session } = require('./workbench');

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

  describe('in a trusted workspace', function () {
    /** @type {import('./workbench').Workbench} */
    let wb;

    before(async function () {
      wb = await session.open('trusted', true);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await wb?.shot('failed');
    });

    after(async function () {
      await wb?.close();
    });

    it('lists the findings of both Dockerfiles in the Problems panel', async function () {
      const all = await wb.waitForProblems(
        'mlsec',
        (r) => r.some((x) => x.includes('serve.Dockerfile')) && r.some((x) => x.includes('train.Dockerfile')),
        'findings of serve.Dockerfile and train.Dockerfile',
      );
      await wb.shot('problems');
      assert.ok(all.some((r) => /serve\.Dockerfile\s*docker\s*\d+$/.test(r)), 'serve.Dockerfile has findings');
      // Rows are read once they show both runs-as-root findings, whatever the panel showed before.
      await wb.waitForProblems(
        'container/runs-as-root',
        (r) => r.some((x) => /USER root.*mlsec.*container\/runs-as-root.*\[Ln 13, Col 6\]/.test(x)) && r.some((x) => /final stage sets no USER.*\[Ln 25, Col 1\]/.test(x)),
        'runs-as-root in serve.Dockerfile (USER root) and train.Dockerfile (no USER)',
      );
    });

    it('applies a quick fix: the file changes and the finding disappears', async function () {
      const before = await wb.statusCount();
      await wb.openFile('docker/serve.Dockerfile');
      await wb.goToLine(13);
      await wb.shot('before-fix');
      await wb.quickFix('Run as the unprivileged user 10001');
      // A review fix opens the refactor preview; the user confirms it.
      const apply = wb.page.getByRole('button', { name: 'Apply', exact: true });
      await apply.waitFor({ state: 'visible' });
      // Changes that need confirmation start unchecked in the preview: the user ticks them.
      await wb.page.locator('.refactor-preview .monaco-list-row input[type=checkbox], .bulk-edit-panel .monaco-list-row .edit-checkbox, .bulk-edit-panel .monaco-checkbox').first().click();
      await wb.shot('review-preview');
      await apply.click();
      await wb.save();
      const text = wb.read('docker/serve.Dockerfile');
      assert.match(text, /^USER 10001$/m);
      assert.doesNotMatch(text, /^USER root$/m);
      const rows = await wb.waitForProblems(
        'container/runs-as-root',
        (r) => !r.some((x) => x.includes('serve.Dockerfile')),
        'the runs-as-root finding of serve.Dockerfile to go away',
      );
      assert.ok(rows.some((x) => x.includes('train.Dockerfile')), 'the other Dockerfile still runs as root');
      await wb.waitForStatusCount(before - 1);
      await wb.shot('after-fix');
    });

    it('a suppression comment removes the finding it names', async function () {
      await wb.openFile('docker/train.Dockerfile');
      await wb.goToLine(23);
      await wb.quickFix('Suppress supply-chain/remote-script-execution on this line');
      // The placeholder "reason" is selected: typing replaces it.
      await wb.waitForSelection('reason'.length);
      await wb.page.keyboard.type('installer reviewed and mirrored by the platform team');
      await wb.save();
      const lines = wb.read('docker/train.Dockerfile').split('\n');
      const at = lines.findIndex((l) => l.includes('install-featurectl.sh'));
      assert.equal(lines[at - 1], '# mlsec-ignore: supply-chain/remote-script-execution -- installer reviewed and mirrored by the platform team');
      await wb.waitForProblems('supply-chain/remote-script-execution', (r) => r.length === 0, 'the suppressed finding to go away');
      await wb.shot('suppressed');
      // The other finding of that line stays, one line lower.
      await wb.waitForProblems('transport/tls-verification-disabled', (r) => r.some((x) => x.includes('[Ln 24, Col 10]')), 'the TLS finding on line 24');
    });
  });

  describe('in Restricted Mode', function () {
    /** @type {import('./workbench').Workbench} */
    let wb;

    before(async function () {
      wb = await session.open('restricted', false);
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await wb?.shot('failed');
    });

    after(async function () {
      await wb?.close();
    });

    it('reports findings and applies a quick fix', async function () {
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible' });
      await wb.waitForProblems('secrets/hardcoded-credential', (r) => r.some((x) => x.includes('[Ln 5, Col 27]')), 'findings in Restricted Mode');
      await wb.shot('problems');
      await wb.openFile('docker/serve.Dockerfile');
      await wb.goToLine(5);
      await wb.quickFix('Suppress secrets/hardcoded-credential in this file');
      await wb.waitForSelection('reason'.length);
      await wb.page.keyboard.type('documentation example keys');
      await wb.save();
      assert.match(wb.read('docker/serve.Dockerfile'), /^# mlsec-ignore-file: secrets\/hardcoded-credential -- documentation example keys$/m);
      await wb.waitForProblems('secrets/hardcoded-credential', (r) => r.length === 0, 'the suppressed credential finding to go away');
      await wb.shot('suppressed');
    });
  });
});
