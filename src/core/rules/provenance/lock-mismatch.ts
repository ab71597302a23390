// provenance/lock-mismatch: workspace files whose content differs from what dvc.lock or a .dvc file recorded.

import { groupBy } from '../../collections';
import type { IntegrityFact } from '../../facts/records';
import type { Fix, RelatedLocation } from '../../model';
import { defineRule, type Report } from '../rule';

export default defineRule({
  meta: {
    id: 'provenance/lock-mismatch',
    title: 'Workspace file differs from its recorded DVC hash',
    description:
      'Reports a file or directory in the workspace whose md5 differs from its entry in `dvc.lock` or a `.dvc` file. Files are hashed as DVC does (the raw bytes for entries marked `hash: md5`, CRLF-normalised text for entries written by DVC 1 and 2); directories by their `.dir` listing hash. Paths that are not checked out (only in the cache or a remote) are not reported; a text file that differs only in CRLF/LF line endings is reported with low severity.',
    explanation:
      'A model, dataset or feature file that no longer matches its recorded hash was changed after the pipeline recorded it: by hand, by a different pipeline run, or by someone who replaced it on purpose. Training on or shipping it breaks the chain of evidence from raw data to model, and a poisoned dataset or backdoored model travels under the name of the genuine one.',
    example: {
      language: 'yaml',
      bad: '# dvc.lock records models/model.pkl md5 3f2a…, the file on disk hashes to 9b1c…',
      good: '# re-run `dvc repro` (or `dvc checkout` to restore the recorded version) so the file and dvc.lock agree',
    },
    formats: ['dvc'],
    severity: 'high',
    fixes: ['guided'],
    stride: ['T', 'R'],
    atlas: ['AML.T0020', 'AML.T0018'],
    owasp: ['ML02', 'ML10'],
    references: [
      'https://dvc.org/doc/command-reference/status',
      'https://dvc.org/doc/command-reference/checkout',
      'https://dvc.org/doc/user-guide/project-structure/internal-files#structure-of-the-cache-directory',
    ],
  },
  *check(ctx) {
    const mismatches = ctx.facts.integrity.filter((r) => r.status === 'mismatch');
    // A checkout that converted line endings changes every text file of a record at once: one
    // finding per record then, with each file as a related location.
    const lineEndings = groupBy(
      mismatches.filter((r) => r.lineEndingsOnly),
      (r) => [r.recordedIn],
    );
    for (const r of mismatches) {
      const group = r.lineEndingsOnly ? lineEndings.get(r.recordedIn) : undefined;
      if (group && group.length > 1) {
        if (group[0] === r) yield lineEndingsReport(group);
        continue;
      }
      const what = r.stage ? `stage "${r.stage}" ${r.section === 'outs' ? 'output' : 'dependency'}` : r.section === 'outs' ? 'tracked output' : 'dependency';
      yield {
        message: `${r.path} (${what}) changed after ${r.recordedIn} recorded it: ${r.reason ?? 'its hash differs'}.`,
        loc: r.entryLoc,
        // A line-ending conversion is still a changed hash, but not a changed content.
        ...(r.lineEndingsOnly ? { severity: 'low' as const } : {}),
        related: [workspaceCopy(r)],
        ...(r.changedFiles?.length ? { details: r.changedFiles } : {}),
        fixes: [restore(r.path)],
      };
    }
  },
});

function workspaceCopy(r: IntegrityFact): RelatedLocation {
  return { loc: { file: r.path, start: 0, end: 0 }, message: `the workspace copy of ${r.path}` };
}

function restore(path: string): Fix {
  return {
    title: `Restore the recorded version with \`dvc checkout ${path}\`, or re-run the pipeline with \`dvc repro\` if the change is intended`,
    kind: 'guided',
    edits: [],
  };
}

/** One low finding for the files of one record that differ from it only in line endings. */
function lineEndingsReport(group: readonly IntegrityFact[]): Report {
  const paths = group.map((r) => r.path);
  return {
    message: `${group.length} files recorded in ${group[0].recordedIn} differ from it only in their line endings (CRLF and LF were converted, as git does on checkout): ${paths.join(', ')}.`,
    loc: group[0].entryLoc,
    severity: 'low',
    related: group.flatMap((r) => [{ loc: r.entryLoc, message: `the record of ${r.path}` }, workspaceCopy(r)]),
    details: paths,
    fixes: [restore(paths.join(' '))],
  };
}
