// The download report in words, for the CLI and the editor command.

import type { DownloadReport } from './report';
import { UNREAD_ARCHIVE_FORMAT } from '../unread-archive';

const LAYOUTS: Record<DownloadReport['layout'], string> = {
  'hf-cache': 'Hugging Face hub cache snapshot',
  'hf-local-dir': 'Hugging Face local_dir download',
  folder: 'plain folder (no download record)',
};

function provenanceLines(r: DownloadReport): string[] {
  const p = r.provenance;
  const lines = [`Download: ${LAYOUTS[r.layout]} at ${r.folder || '.'}`];
  if (p.repo) lines.push(`  Repository: ${p.repo}${p.repoType && p.repoType !== 'model' ? ` (${p.repoType})` : ''}`);
  if (p.commit) lines.push(`  Commit: ${p.commit}`);
  if (p.pinned === true) lines.push('  Revision: pinned (downloaded by commit hash)');
  else if (p.pinned === false) lines.push(`  Revision: ${p.refs?.join(', ')} (a branch or tag, not a pin)`);
  else if (r.layout !== 'folder') lines.push('  Revision: not recorded');
  return lines;
}

function integrityLine(r: DownloadReport): string {
  const ok = r.integrity.filter((f) => f.status === 'ok').length;
  const bad = r.integrity.filter((f) => f.status === 'mismatch' || f.status === 'missing').length;
  if (r.layout === 'folder') return `  Integrity: ${r.integrity.length} files hashed (SHA-256 in the JSON report); there is no record to compare with${bad ? `; ${bad} could not be read` : ''}.`;
  return `  Integrity: ${ok} of ${r.integrity.length} files match the download's record${bad ? `, ${bad} do not` : ''}.`;
}

function contentLines(r: DownloadReport): string[] {
  const runs = r.weights.filter((w) => w.runsCode);
  const unread = r.weights.filter((w) => w.format === UNREAD_ARCHIVE_FORMAT);
  const scanned = r.weights.length - unread.length;
  const lines = [
    `  Weights: ${scanned} file${scanned === 1 ? '' : 's'} scanned${runs.length ? `, ${runs.length} run code when loaded (${runs.map((w) => w.name).join(', ')})` : ''}${
      unread.length ? `; ${unread.length} archive${unread.length === 1 ? '' : 's'} not read (${unread.map((w) => w.name).join(', ')})` : ''
    }.`,
  ];
  const remote = r.remoteCode.autoMap.length + r.remoteCode.pythonFiles.length;
  lines.push(`  Remote code: ${remote ? `${r.remoteCode.autoMap.length} auto_map entries, ${r.remoteCode.pythonFiles.length} Python files` : 'none'}.`);
  lines.push(
    `  Model card: licence ${r.card.license ?? 'not declared'}${r.card.baseModel.length ? `, base model ${r.card.baseModel.join(', ')}` : ''}${r.card.file === undefined ? ' (no README.md)' : ''}.`,
  );
  return lines;
}

/** The report as lines of text: the verdict first, then what it rests on. */
export function formatDownloadReport(r: DownloadReport): string[] {
  const v = r.verdict;
  const gaps = v.uninspected ?? [];
  const content = gaps.length
    ? `no unsafe content was found in what was read, but ${gaps.length} file${gaps.length === 1 ? ' was' : 's were'} not fully inspected (${gaps.join(', ')})`
    : 'holds no unsafe content';
  const head = v.ok
    ? `${v.signed ? 'Verified' : 'Checked'}: ${r.folder || '.'} ${r.layout === 'folder' ? content : `matches its download record${gaps.length ? ';' : ' and'} ${content}`}${v.signed ? ', and its signature verifies' : ''}.`
    : `Not verified: ${r.folder || '.'} (${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}).`;
  // A signature that was checked leads, as `verify-model` prints it for any signed model.
  const checked = r.signature.state === 'verified' || r.signature.state === 'failed';
  const lines = [...(checked ? r.signature.lines : []), head, ...v.problems.map((p) => `  PROBLEM: ${p}`), ...provenanceLines(r), integrityLine(r), ...contentLines(r)];
  if (!checked) lines.push(...r.signature.lines.map((l) => `  ${l}`));
  lines.push(...v.warnings.map((w) => `  Warning: ${w}`));
  return lines;
}
