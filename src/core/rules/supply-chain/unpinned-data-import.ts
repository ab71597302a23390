// supply-chain/unpinned-data-import: DVC imports without a locked revision and URL dependencies without a recorded checksum.

import type { Fix } from '../../model';
import type { RecordedEntry } from '../../facts/dvc';
import { isUrl } from '../../facts/classify';
import { lockOf } from '../dvc-support';
import { defineRule, type Report } from '../rule';

const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** Whether an entry recorded something that identifies the fetched content. */
function hasContentHash(e: RecordedEntry): boolean {
  return !!(e.hashes.md5 || e.hashes.etag || e.hashes.checksum || e.hashes.version_id);
}

/** A guided fix that writes `rev_lock: <commit-sha>` under the import's `repo:` mapping. */
function revLockFix(text: string, e: RecordedEntry): Fix | undefined {
  const repo = e.repo!;
  if (repo.revLock) {
    return {
      title: 'Lock the import to the commit SHA it was fetched from',
      kind: 'guided',
      edits: [{ file: repo.revLock.loc.file, start: repo.revLock.loc.start, end: repo.revLock.loc.end, newText: '<commit-sha>' }],
    };
  }
  const lineStart = text.lastIndexOf('\n', repo.url.loc.start - 1) + 1;
  const prefix = text.slice(lineStart, repo.url.loc.start);
  const keyCol = /^(\s*)/.exec(prefix)?.[1] ?? '';
  // Only a block mapping (`url:` on its own line) has a line to add after.
  if (!/^\s*url:\s*["']?$/.test(prefix)) return undefined;
  let lineEnd = text.indexOf('\n', repo.url.loc.end);
  if (lineEnd < 0) lineEnd = text.length;
  const eol = text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { title: 'Lock the import to the commit SHA it was fetched from', kind: 'guided', edits: [{ file: repo.url.loc.file, start: at, end: at, newText: `${eol}${keyCol}rev_lock: <commit-sha>` }] };
}

export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-data-import',
    title: 'Data imported without a pinned revision or checksum',
    description:
      'Reports a DVC import (`.dvc` file with `deps[].repo`) whose `rev_lock` is missing or not a commit SHA, an `import-url` dependency with no recorded ETag, checksum or md5, and a `dvc.yaml` stage dependency on a URL that `dvc.lock` records no checksum for.',
    explanation:
      'Without a locked commit or a recorded checksum, the next `dvc update`, `dvc pull` or `dvc repro` fetches whatever the source holds at that moment. Whoever controls the source repository, bucket or web server (or the network path to it) can replace the training data, and the pipeline accepts the poisoned version silently.',
    example: {
      language: 'yaml',
      bad: 'deps:\n- path: data/train.csv\n  repo:\n    url: https://github.com/acme/dataset-registry\n    rev: main',
      good: 'deps:\n- path: data/train.csv\n  repo:\n    url: https://github.com/acme/dataset-registry\n    rev: main\n    rev_lock: 1f0c6e3c1d5a2b7d8e9f00112233445566778899',
    },
    formats: ['dvc'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.002', 'AML.T0020'],
    owasp: ['ML02', 'ML06'],
    references: ['https://dvc.org/doc/command-reference/import', 'https://dvc.org/doc/command-reference/import-url', 'https://dvc.org/doc/user-guide/project-structure/dvc-files#dependency-entries'],
  },
  *check(ctx) {
    for (const doc of ctx.documents) {
      for (const record of doc.facts.dvcRecords) {
        if (record.kind !== 'dvcfile') continue;
        for (const d of record.deps) {
          if (d.repo) {
            const lock = d.repo.revLock?.value;
            if (lock && COMMIT_SHA.test(lock)) continue;
            const fix = revLockFix(doc.file.text, d);
            const r: Report = {
              message: lock
                ? `Import of "${d.path.value}" from ${d.repo.url.value} is locked to "${lock}", which is not a commit SHA, so the fetched data can change.`
                : `Import of "${d.path.value}" from ${d.repo.url.value} has no rev_lock, so each update fetches whatever ${d.repo.rev?.value ?? 'the default branch'} points to.`,
              loc: d.repo.revLock?.loc ?? d.repo.url.loc,
              ...(fix ? { fixes: [fix] } : {}),
            };
            yield r;
          } else if (isUrl(d.target) && !hasContentHash(d)) {
            yield {
              message: `URL dependency ${d.path.value} has no recorded ETag, checksum or md5, so changed content at the source is not detected.`,
              loc: d.path.loc,
              fixes: [{ title: `Run \`dvc update ${doc.file.path}\` to record the source's ETag or checksum`, kind: 'guided', edits: [] }],
            };
          }
        }
      }
      for (const pipeline of doc.facts.dvcPipelines) {
        const lock = lockOf(ctx.index, pipeline.path);
        for (const st of pipeline.stages) {
          const lockStage = lock?.stages.find((s) => s.name.value === st.name);
          for (const d of st.deps) {
            if (!isUrl(d.target) || d.unresolved) continue;
            const recorded = lockStage?.deps.find((e) => e.path.value === d.path.value);
            if (recorded && hasContentHash(recorded)) continue;
            yield {
              message: `Stage "${st.name}" depends on ${d.path.value}, and dvc.lock records no checksum for it, so changed content at the source is not detected.`,
              loc: d.path.loc,
              fixes: [{ title: `Run \`dvc repro ${st.name}\` and commit dvc.lock to record the dependency's checksum`, kind: 'guided', edits: [] }],
            };
          }
        }
      }
    }
  },
});
