// Links from editor diagnostics and hovers to a rule's page. The extension ships the pages
// (docs/rules/ beside dist/), so the editor opens the bundled page, the one that matches the
// installed rules, and falls back to the web page when the server runs without them.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocRelPath, ruleDocsUrl } from '../core/report/links';

/** The folder holding docs/rules/ for a server started from `here` (dist/ when bundled, out/src/server/ in tests). */
export function findDocsRoot(here: string): string | undefined {
  for (const up of ['..', '../../..']) {
    const root = path.resolve(here, up);
    if (fs.existsSync(path.join(root, 'docs', 'rules'))) return root;
  }
  return undefined;
}

/** Maps rule ids to the link of their page: a file URI of the bundled page when it exists, else the web page. */
export function ruleLinker(docsRoot: string | undefined): (ruleId: string) => string {
  const cache = new Map<string, string>();
  return (ruleId) => {
    let link = cache.get(ruleId);
    if (link === undefined) {
      const file = docsRoot ? path.join(docsRoot, 'docs', 'rules', ruleDocRelPath(ruleId)) : undefined;
      link = file && fs.existsSync(file) ? pathToFileURL(file).href : ruleDocsUrl(ruleId);
      cache.set(ruleId, link);
    }
    return link;
  };
}
