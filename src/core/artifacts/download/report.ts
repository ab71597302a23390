// `verify-model` on a downloaded model folder: where it came from (repository, exact commit,
// whether the revision was a pin), whether every file still has the hash the download recorded,
// what loading it would run, its signature when it has one, and the model card's licence and
// base model, as one report for the CLI (text and JSON) and the editor command.

import type { WorkspaceIO } from '../../workspace/io';
import { formatResult, MODEL_SIGNATURE_NAME, verifySignature, type VerifyResult } from '../signature';
import { hasSigners, type Trust } from '../signature-trust';
import { inspectFolder, type FolderContent } from './content';
import { checkIntegrity, type FileIntegrity } from './integrity';
import { readDownload, type DownloadListing } from './layout';

export interface SignatureStatus {
  state: 'verified' | 'failed' | 'unverified' | 'absent';
  file?: string;
  lines: string[];
  result?: VerifyResult;
}

export interface DownloadReport extends FolderContent {
  version: 1;
  folder: string;
  layout: DownloadListing['layout'];
  provenance: Pick<DownloadListing, 'repo' | 'repoType' | 'commit' | 'refs' | 'pinned'>;
  integrity: FileIntegrity[];
  signature: SignatureStatus;
  notes: string[];
  /** `ok` is the exit status: false when a hash differs, a file is missing, content is dangerous, a model was never fetched or a signature fails. */
  verdict: { ok: boolean; signed: boolean; problems: string[]; warnings: string[]; uninspected: string[] };
}

export interface DownloadOptions {
  /** Signers to check a signature against; without signers a signature is reported, not verified. */
  trust?: Trust;
  /** A signature given explicitly (its text and where it came from). */
  bundle?: { text: string; source: string };
  ignorePaths?: string[];
  allowExtraFiles?: boolean;
  /** An unsigned or unverified model fails. */
  requireSignature?: boolean;
}

async function checkSignature(io: WorkspaceIO, listing: DownloadListing, o: DownloadOptions): Promise<SignatureStatus> {
  let bundle = o.bundle;
  const own = `${listing.folder ? `${listing.folder}/` : ''}${MODEL_SIGNATURE_NAME}`;
  if (!bundle && (await io.stat(own))?.isFile) bundle = { text: (await io.readFile(own, 64 << 20)).toString('utf8'), source: own };
  if (!bundle) return { state: 'absent', lines: ['Unsigned: no signature (model.sig) covers this folder, so nothing shows who published these files.'] };
  if (!o.trust || !hasSigners(o.trust)) {
    return {
      state: 'unverified',
      file: bundle.source,
      lines: [`Signature ${bundle.source} is present but was not verified: no trusted signer was given (--key, --identity with --issuer, --certificate-chain, or models.trust in .mlsec.yaml).`],
    };
  }
  const ignore = [MODEL_SIGNATURE_NAME, ...(listing.layout === 'hf-local-dir' ? ['.cache'] : []), ...(o.ignorePaths ?? [])];
  const result = await verifySignature({ io, target: listing.folder, bundle, trust: o.trust, ignorePaths: ignore, allowExtraFiles: !!o.allowExtraFiles });
  return { state: result.ok ? 'verified' : 'failed', file: bundle.source, lines: formatResult(result), result };
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function integrityFindings(r: DownloadReport, problems: string[], warnings: string[]): void {
  for (const f of r.integrity) {
    if (f.status === 'mismatch') {
      problems.push(`${f.name} does not match the download's record: its ${f.record?.algorithm} is ${f.actual}, the record (${f.record?.source}) says ${f.record?.digest}.`);
    } else if (f.status === 'missing') problems.push(`${f.name} could not be checked: ${f.reason}.`);
  }
  const unrecorded = r.integrity.filter((f) => f.status === 'unrecorded');
  if (r.layout !== 'folder' && unrecorded.length)
    warnings.push(
      `${count(unrecorded.length, 'file')} have no record in the download (added or copied afterwards?): ${unrecorded
        .slice(0, 5)
        .map((f) => f.name)
        .join(', ')}${unrecorded.length > 5 ? ', …' : ''}.`,
    );
}

function contentFindings(r: DownloadReport, problems: string[], warnings: string[]): void {
  for (const w of r.weights) {
    for (const d of w.dangerous) problems.push(`${w.name} runs dangerous code when loaded: ${d}.`);
    for (const u of w.unknown) warnings.push(`${w.name} imports a global on no list: ${u}.`);
    for (const p of w.problems) warnings.push(`${w.name}: ${p}`);
    if (w.uninspected) warnings.push(`${w.name} was not fully inspected: ${w.uninspected}`);
    if (w.unneeded) warnings.push(`${w.name} is ${w.format} that runs code when loaded, and is not needed: ${w.unneeded}. Delete it, or load with use_safetensors=True.`);
  }
  for (const p of r.pointers)
    problems.push(`${p.name} is a Git LFS pointer that was never fetched${p.size !== undefined ? ` (the file is ${p.size} bytes)` : ''}: the download is incomplete and that file was not checked.`);
  for (const a of r.remoteCode.autoMap) {
    const where = a.otherRepo ? `code from another repository, ${a.otherRepo}` : a.present ? a.module : `${a.module}, which is not in the folder`;
    warnings.push(`${a.file} maps ${a.key} to ${a.reference}: loading with trust_remote_code=True runs ${where}.`);
  }
  const mapped = new Set(r.remoteCode.autoMap.map((a) => a.module));
  const other = r.remoteCode.pythonFiles.filter((p) => !mapped.has(p));
  if (other.length) warnings.push(`Python code in the folder: ${other.join(', ')}.`);
  for (const h of r.remoteCode.hints.slice(0, 3)) warnings.push(`${h.file}:${h.line} asks for trust_remote_code: ${h.text}`);
  if (r.provenance.pinned === false)
    warnings.push(`The revision was ${r.provenance.refs?.map((x) => `"${x}"`).join(', ')}, not a commit hash: another download can give other files. Pin revision=${r.provenance.commit}.`);
  if (!r.card.license && r.card.file !== undefined) warnings.push('The model card declares no licence.');
  warnings.push(...r.card.problems);
}

function judge(r: DownloadReport, requireSignature: boolean): DownloadReport['verdict'] {
  const problems: string[] = [];
  const warnings: string[] = [...r.notes];
  integrityFindings(r, problems, warnings);
  contentFindings(r, problems, warnings);
  if (r.signature.state === 'failed') problems.push(`The signature ${r.signature.file} does not verify.`);
  if (requireSignature && r.signature.state !== 'verified')
    problems.push(r.signature.state === 'absent' ? 'A signature is required (--require-signature) and there is none.' : 'A verified signature is required (--require-signature).');
  const uninspected = r.weights.filter((w) => w.uninspected).map((w) => w.name);
  return { ok: problems.length === 0, signed: r.signature.state === 'verified', problems, warnings, uninspected };
}

/** Verifies a downloaded model folder `rel` offline. */
export async function verifyDownload(io: WorkspaceIO, rel: string, options: DownloadOptions = {}): Promise<DownloadReport> {
  const listing = await readDownload(io, rel);
  const [integrity, content] = [await checkIntegrity(io, listing.files), await inspectFolder(io, listing.files)];
  const { repo, repoType, commit, refs, pinned } = listing;
  const report: DownloadReport = {
    version: 1,
    folder: listing.folder,
    layout: listing.layout,
    provenance: { repo, repoType, commit, refs, pinned },
    integrity,
    ...content,
    signature: await checkSignature(io, listing, options),
    notes: listing.notes,
    verdict: { ok: false, signed: false, problems: [], warnings: [], uninspected: [] },
  };
  report.verdict = judge(report, !!options.requireSignature);
  return report;
}
