// `mlsec provenance [PATH] [--format text|json]`: the lineage of each artifact of a DVC/MLflow
// project, its recorded hashes, and whether the workspace copy still matches them.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../core/engine';
import { emptyFacts, mergeFacts, type Facts } from '../core/facts/model';
import { readers } from '../core/formats';
import { checkIntegrity, type IntegrityResult } from '../core/formats/dvc/integrity';
import type { DocumentIndex } from '../core/document';
import { buildProvenance, type ArtifactRecord, type HashRecord, type ProvenanceReport, type StageRecord } from '../core/provenance/lineage';
import { loadWorkspaceConfig, scanWorkspace } from '../core/workspace/scan';

export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Everything the provenance and BOM commands know about a project. */
export interface ProjectAnalysis {
  root: string;
  index: DocumentIndex;
  facts: Facts;
  integrity: IntegrityResult[];
  provenance: ProvenanceReport;
}

/** Reads and parses the project under `root` (no rules run) and checks recorded hashes. */
export async function analyseProject(root: string): Promise<ProjectAnalysis> {
  const engine = new Engine([], readers, []);
  const { config } = await loadWorkspaceConfig(root, engine.knownRuleIds());
  const scan = await scanWorkspace(engine, root, { config });
  const facts = emptyFacts();
  for (const d of scan.index.all()) mergeFacts(facts, d.facts);
  const integrity = await checkIntegrity(scan.index, scan.io);
  return { root, index: scan.index, facts, integrity, provenance: buildProvenance(scan.index, integrity, facts.models) };
}

/** Resolves the PATH argument and analyses the project there; undefined (after saying why) when it is not a directory. */
export async function openProject(command: string, arg: string | undefined, out: CommandOutput): Promise<ProjectAnalysis | undefined> {
  const root = path.resolve(arg ?? '.');
  const st = await fsp.stat(root).catch(() => undefined);
  if (!st?.isDirectory()) {
    out.stderr(`mlsec ${command}: ${root} is not a directory\n`);
    return undefined;
  }
  return analyseProject(root);
}

/** Parses `[PATH] [--format F] [--output FILE]`-style arguments; unknown flags are errors. */
export function parseArgs(argv: readonly string[], valueFlags: readonly string[]): { positional: string[]; flags: Map<string, string>; error?: string } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      flags.set('help', 'true');
      continue;
    }
    if (!a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq > 0 ? a.slice(0, eq) : a).replace(/^-+/, '');
    if (!valueFlags.includes(name)) return { positional, flags, error: `unknown option ${a}` };
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return { positional, flags, error: `option --${name} needs a value` };
    flags.set(name, value);
  }
  return { positional, flags };
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
    if (a.mlflow) lines.push(`  MLflow model: flavors ${a.mlflow.flavors.join(', ')}${a.mlflow.runId ? `, run ${a.mlflow.runId}` : ''}${a.mlflow.signature ? ', with signature' : ', no signature'}`);
    const consumers = a.consumedBy.map((id) => stages.get(id)?.name ?? id);
    if (consumers.length) lines.push(`  used by ${consumers.map((c) => `"${c}"`).join(', ')}`);
    lines.push('');
  }
  const mismatches = report.artifacts.filter((a) => a.status === 'mismatch').length;
  lines.push(`${shown.length} artifact(s), ${report.stages.length} stage(s); ${mismatches} changed since recorded.`);
  return `${lines.join('\n')}\n`;
}

const USAGE = 'usage: mlsec provenance [PATH] [--format text|json]\n';

/**
 * Runs the command. Exit codes: 0 when every checked artifact matches, 1 when one changed
 * after it was recorded, 2 for a usage error or an unreadable path.
 */
export async function provenanceCommand(argv: string[], out: CommandOutput): Promise<number> {
  const args = parseArgs(argv, ['format']);
  if (args.flags.has('help')) {
    out.stdout(USAGE);
    return 0;
  }
  const format = args.flags.get('format') ?? 'text';
  if (args.error || args.positional.length > 1 || (format !== 'text' && format !== 'json')) {
    out.stderr(`mlsec provenance: ${args.error ?? (args.positional.length > 1 ? 'one PATH at most' : `unknown format "${format}"`)}\n${USAGE}`);
    return 2;
  }
  const project = await openProject('provenance', args.positional[0], out);
  if (!project) return 2;
  const report = project.provenance;
  out.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatProvenanceText(report));
  return report.artifacts.some((a) => a.status === 'mismatch') ? 1 : 0;
}
