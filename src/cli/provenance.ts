// `mlsec provenance [PATH] [--format text|json]`: the lineage of each artifact of a DVC/MLflow
// project, its recorded hashes, and whether the workspace copy still matches them.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../core/engine';
import { emptyFacts, mergeFacts, type Facts } from '../core/facts/model';
import { readers } from '../core/formats';
import { checkIntegrity } from '../core/formats/dvc/integrity';
import type { IntegrityFact } from '../core/facts/records';
import type { DocumentIndex } from '../core/document';
import { buildProvenance, type ArtifactRecord, type HashRecord, type ProvenanceReport, type StageRecord } from '../core/provenance/lineage';
import { loadWorkspaceConfig, scanWorkspace } from '../core/workspace/scan';
import { attestationsCovering, findAttestations } from '../core/artifacts/attestation-index';
import { choice, parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';

/** Everything the provenance and BOM commands know about a project. */
export interface ProjectAnalysis {
  root: string;
  index: DocumentIndex;
  facts: Facts;
  integrity: IntegrityFact[];
  provenance: ProvenanceReport;
  /** Attestations that could not be read, for a warning. */
  attestationProblems: string[];
}

/**
 * Reads and parses the project under `root` (no rules run), checks recorded hashes, and names the
 * attestations (default folder and `attestationFiles`, absolute paths) that cover each artifact.
 */
export async function analyseProject(root: string, attestationFiles: string[] = []): Promise<ProjectAnalysis> {
  const engine = new Engine([], readers, []);
  const { config } = await loadWorkspaceConfig(root, engine.knownRuleIds());
  const scan = await scanWorkspace(engine, root, { config });
  const facts = emptyFacts();
  for (const d of scan.index.all()) mergeFacts(facts, d.facts);
  const integrity = await checkIntegrity(scan.index, scan.io);
  const provenance = buildProvenance(scan.index, integrity, facts.models);
  const extra: { file: string; text: string }[] = [];
  for (const file of attestationFiles) {
    const text = await fsp.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read the attestation ${file}: ${e.code ?? e.message}`);
    });
    const rel = path.relative(root, file);
    extra.push({ file: rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file, text });
  }
  const attestations = await findAttestations(scan.io, extra);
  for (const a of provenance.artifacts) {
    const covering = attestationsCovering(attestations, a.path);
    if (covering.length) a.attestations = covering;
  }
  return { root, index: scan.index, facts, integrity, provenance, attestationProblems: attestations.problems };
}

/** Resolves the PATH argument against the working directory and analyses the project there. */
export async function openProject(io: CliIO, arg: string | undefined, attestations: string[] = []): Promise<ProjectAnalysis> {
  const root = path.resolve(io.cwd, arg ?? '.');
  const st = await fsp.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new CliError(`${root} is not a directory`);
  const project = await analyseProject(
    root,
    attestations.map((a) => path.resolve(io.cwd, a)),
  );
  for (const p of project.attestationProblems) io.stderr.write(`warning: ${p}\n`);
  return project;
}

const STATUS_TEXT: Record<ArtifactRecord['status'], string> = {
  match: 'matches its recorded hash',
  mismatch: 'CHANGED since it was recorded',
  'not-checked-out': 'not checked out',
  'not-checked': 'not checked',
  unrecorded: 'no recorded hash',
};

function hashText(r: HashRecord): string {
  const parts: string[] = [];
  if (r.md5) parts.push(`md5 ${r.md5}${r.hashName === 'md5-dos2unix' ? ' (DVC 1/2 md5, text CRLF→LF)' : ''}`);
  if (r.etag) parts.push(`etag ${r.etag}`);
  if (r.checksum) parts.push(`checksum ${r.checksum}`);
  if (r.size !== undefined) parts.push(`${r.size} bytes`);
  if (r.nfiles !== undefined) parts.push(`${r.nfiles} files`);
  return parts.join(', ') || 'no hash';
}

/** The plain-text lineage listing: one block per data, model, metrics or external artifact. */
export function formatProvenanceText(report: ProvenanceReport): string {
  const stages = new Map<string, StageRecord>(report.stages.map((s) => [s.id, s]));
  const byPath = new Map(report.artifacts.map((a) => [a.path, a]));
  const lines: string[] = [];
  const shown = report.artifacts.filter((a) => a.kind !== 'code' && a.kind !== 'params');
  for (const a of shown) {
    lines.push(`${a.path}  [${a.kind}]  ${STATUS_TEXT[a.status]}`);
    const producer = a.producedBy ? stages.get(a.producedBy) : undefined;
    if (producer) {
      const how = producer.commands.length ? `: ${producer.commands.join(' && ')}` : '';
      lines.push(producer.definedIn === producer.name ? `  tracked by ${producer.definedIn}` : `  produced by stage "${producer.name}" (${producer.definedIn})${how}`);
      if (!producer.locked) lines.push('  the stage has no dvc.lock entry');
      for (const input of producer.inputs) {
        const rec = byPath.get(input)?.records.find((r) => r.stage === producer.name) ?? byPath.get(input)?.records[0];
        lines.push(`    from ${input}${rec ? ` (${hashText(rec)})` : ''}`);
      }
    }
    if (a.importedFrom) {
      const i = a.importedFrom;
      lines.push(i.repo ? `  imported from ${i.repo} path ${i.path}${i.rev ? ` rev ${i.rev}` : ''}${i.revLock ? ` at ${i.revLock}` : ' (no rev_lock)'}` : `  imported from ${i.path}`);
    }
    for (const r of a.records) lines.push(`  recorded in ${r.recordedIn}${r.stage ? ` (stage "${r.stage}", ${r.section === 'outs' ? 'output' : 'dependency'})` : ''}: ${hashText(r)}`);
    if (a.workspace) {
      const w = a.workspace;
      if (w.md5) lines.push(`  workspace: md5 ${w.md5}${w.size !== undefined ? `, ${w.size} bytes` : ''}${w.nfiles !== undefined ? `, ${w.nfiles} files` : ''}`);
      if (w.reason) lines.push(`  ${a.status === 'mismatch' ? 'mismatch' : 'note'}: ${w.reason}`);
      for (const c of w.changedFiles ?? []) lines.push(`    ${c}`);
      if (w.inCache !== undefined && a.status === 'not-checked-out') lines.push(`  ${w.inCache ? 'present in the local DVC cache' : 'not in the local DVC cache (fetch it with dvc pull)'}`);
    }
    for (const at of a.attestations ?? []) lines.push(`  attested ${at.role === 'output' ? 'as an output' : 'as a dependency'} in ${at.file} (check it with mlsec verify-attestation)`);
    if (a.mlflow) lines.push(`  MLflow model: flavors ${a.mlflow.flavors.join(', ')}${a.mlflow.runId ? `, run ${a.mlflow.runId}` : ''}${a.mlflow.signature ? ', with signature' : ', no signature'}`);
    const consumers = a.consumedBy.map((id) => stages.get(id)?.name ?? id);
    if (consumers.length) lines.push(`  used by ${consumers.map((c) => `"${c}"`).join(', ')}`);
    lines.push('');
  }
  const mismatches = report.artifacts.filter((a) => a.status === 'mismatch').length;
  lines.push(`${shown.length} artifact(s), ${report.stages.length} stage(s); ${mismatches} changed since recorded.`);
  return `${lines.join('\n')}\n`;
}

const HELP = `Usage: mlsec provenance [options] [PATH]

Shows the lineage of every data, model and metrics artifact of the DVC/MLflow project in PATH
(the current directory by default): the stage that produced it from which inputs, the hashes
dvc.lock and .dvc files recorded, and whether the workspace copy still matches them.

Artifacts that an attestation covers (one in .mlsec/attestations/*.intoto.json or given with
--attestation) name it; the attestation is not verified here (mlsec verify-attestation does).

Options:
  -f, --format text|json  report format (default text)
      --attestation FILE  an attestation outside .mlsec/attestations (repeatable)
  -h, --help              show this help

Exit codes: 0 every checked artifact matches its record, 1 an artifact changed after it was
recorded, 2 usage error or unreadable path.
`;

const FORMATS = ['text', 'json'] as const;

export async function provenanceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'provenance',
    argv,
    {
      format: { type: 'string', short: 'f', default: 'text' },
      attestation: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', FORMATS);
  if (positionals.length > 1) throw new CliError('one PATH at most\nRun "mlsec provenance --help" for usage.');
  const report = (await openProject(io, positionals[0], values.attestation ?? [])).provenance;
  io.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatProvenanceText(report));
  return report.artifacts.some((a) => a.status === 'mismatch') ? 1 : 0;
}
