// `mlsec scan`: reads the configuration, scans the workspace (fixing it with --fix), applies a
// baseline, renders the report as text, JSON or SARIF and maps the findings to an exit code
// through --fail-on.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../core';
import { parseConfig, parseSize, type MlsecConfig } from '../core/config';
import { applyPolicyByConfig, configProblems } from '../core/config-analysis';
import { ConfigTree } from '../core/config-resolution';
import { compareFindings, type Engine } from '../core/engine';
import { SEVERITIES, severityRank, type Problem, type Severity } from '../core/model';
import { formatBaseline, parseBaseline, toBaseline, type Baseline } from '../core/report/baseline';
import { formatGitlabSast } from '../core/report/gitlab-sast';
import { formatJson } from '../core/report/json';
import { formatJunit } from '../core/report/junit';
import { formatSarif } from '../core/report/sarif';
import { toScanReport, type AppliedFix, type ScanReport } from '../core/report/scan-report';
import { formatText } from '../core/report/text';
import { DocumentIndex } from '../core/document';
import { SourceFile } from '../core/source';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { scanWorkspace, type ScanResult } from '../core/workspace/scan';
import { choice, parseCommandArgs } from './args';
import { scanAndFix } from './fix';
import { changedSince, listedMatcher, pathsFromText, workspacePaths } from './changed-files';
import { atOrAbove, restrictToFiles, withoutBaselined } from './scan-filters';
import { CliError, type CliIO } from './io';
import { scanStdin } from './stdin-scan';
import { VERSION } from './version';
import { appendAll } from '../core/collections';

const HELP = `Usage: mlsec scan [options] [PATH...]
       mlsec scan --files FILE... | --files - | --changed-since REF [options]
       mlsec scan - --stdin-filename PATH [options]

Scans a directory (the current one by default) or the given files and directories for security
problems in ML pipelines. With one directory, that directory is the workspace root and paths
are reported relative to it. Otherwise the root is the current directory. Each file is checked
under the nearest .mlsec.yaml above it inside the root (with the files it extends).

With --files, the current directory is the workspace root and only the named files are
reported on, with the findings a full scan gives for them (cross-file checks see the whole
workspace). "--files -" reads the paths from standard input, one per line or NUL-separated.
--changed-since REF takes the paths from "git diff --name-only --relative -z REF --", the only
command mlsec runs.

With "-" as the path, the stream on standard input is scanned as if it were PATH (a file, or a
chart directory for a rendered stream: helm template . | mlsec scan - --stdin-filename chart/).
A document that names its template in a "# Source:" comment is reported on that template when
it is in the workspace, with the rendered line in the finding's details; the rest on PATH.

Options:
  -f, --format FORMAT           text, json, sarif, gitlab-sast or junit (default text)
      --severity LEVEL          report only findings at or above LEVEL, in every format
  -o, --output FILE             write the report to FILE instead of standard output
      --fail-on SEVERITY|none   exit 1 when a finding at or above SEVERITY remains
                                (critical, high, medium, low, info; default high)
      --fix                     apply every safe fix, then report what remains
      --files                   report only on the PATHs given (or "-": read from stdin)
      --changed-since REF       report only on the files git says changed since REF
      --no-inline-suppressions  mlsec-ignore comments suppress nothing and are reported
                                (as inlineSuppressions: false in .mlsec.yaml)
      --write-baseline FILE     record the current findings in FILE (JSON) and exit 0
      --baseline FILE           report only findings not recorded in FILE; says how many
                                matched and lists entries that no longer match
  -c, --config FILE             one configuration for every file, read from FILE
                                (instead of the nearest .mlsec.yaml above each file)
      --max-file-size SIZE      skip text files larger than SIZE (bytes, or e.g. 10MB)
      --stdin-filename PATH     with "-": the file or chart directory the stream stands for
      --no-color                no colours in the text report (also NO_COLOR=1)
  -q, --quiet                   print only the findings: no summary and no notes
  -h, --help                    show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage, configuration or internal error.
`;

const FORMATS = ['text', 'json', 'sarif', 'gitlab-sast', 'junit'] as const;
type ReportFormat = (typeof FORMATS)[number];
const FAIL_ON = [...SEVERITIES, 'none'] as const;

const SCAN_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string', default: 'high' },
  fix: { type: 'boolean', default: false },
  files: { type: 'boolean', default: false },
  'changed-since': { type: 'string' },
  severity: { type: 'string' },
  'no-inline-suppressions': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  config: { type: 'string', short: 'c' },
  'max-file-size': { type: 'string' },
  'stdin-filename': { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', argv, SCAN_OPTIONS, true);
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', FORMATS);
  const failOn = choice('fail-on', values['fail-on'] ?? 'high', FAIL_ON);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : sizeOption(values['max-file-size']);
  const changed = values.files || values['changed-since'] !== undefined;
  if (changed && values.fix) throw new CliError('--fix cannot be combined with --files or --changed-since: fixes are made on a whole workspace');
  const stdinName = stdinTarget(values, positionals);
  const { root, paths } = changed || stdinName !== undefined ? { root: io.cwd, paths: [] } : await resolveTargets(io.cwd, positionals);
  const listed = changed ? await changedPaths(io, values.files === true, values['changed-since'], positionals) : undefined;
  const started = new Date();
  const engine = (io.createEngine ?? createEngine)();
  const adjust = (c: MlsecConfig): MlsecConfig => ({
    ...c,
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(values['no-inline-suppressions'] ? { inlineSuppressions: false } : {}),
  });
  const configs = await loadConfigs(engine, root, io.cwd, values.config, adjust);
  const config = configs.rootConfig.config;
  const applyPolicy = (r: ScanResult) => {
    throwConfigErrors(configs, root, io.cwd);
    return withPolicy(engine, configs, r);
  };

  let fixed: AppliedFix[] = [];
  let result: ScanResult;
  if (values.fix) {
    const outcome = await scanAndFix(engine, root, { config, paths, configs });
    result = applyPolicy({ ...outcome.result, notes: [...outcome.result.notes, ...outcome.notes] });
    fixed = outcome.fixed;
  } else if (stdinName !== undefined) {
    result = applyPolicy(await scanStdin(engine, root, configs, io, stdinName));
  } else if (listed) {
    result = await scanListed(engine, root, configs, listed, applyPolicy);
  } else {
    result = applyPolicy(await scanWorkspace(engine, root, { config, paths, configs }));
  }
  const inScope = listed ? listedMatcher(listed) : () => true;
  if (values['write-baseline'])
    return writeBaseline(
      io,
      values['write-baseline'],
      toBaseline(result.findings, (p) => result.index.source(p)),
    );
  if (values.baseline) {
    const baseline = await readBaseline(io.cwd, values.baseline);
    result = withoutBaselined(result, baseline, values.baseline, inScope).result;
  }
  if (values.severity !== undefined) result = atOrAbove(result, choice('severity', values.severity, SEVERITIES));
  const report = toScanReport(result, { tool: { name: 'mlsec', version: VERSION }, root, rules: engine.allMeta(), fixed });

  const color = !values.output && !values['no-color'] && !io.env.NO_COLOR && io.stdout.isTTY === true;
  const rendered = render(format, report, { color, quiet: values.quiet, times: { start: started, end: new Date() } });
  if (values.output) {
    const out = path.resolve(io.cwd, values.output);
    try {
      await fsp.writeFile(out, rendered);
    } catch (e) {
      throw new CliError(`cannot write the report to ${values.output}: ${(e as Error).message}`);
    }
    if (!values.quiet) io.stdout.write(`mlsec: wrote the ${format} report to ${values.output} (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'})\n`);
  } else {
    io.stdout.write(rendered);
  }
  return failOn !== 'none' && report.findings.some((f) => severityRank(f.severity) >= severityRank(failOn as Severity)) ? 1 : 0;
}

/** The --stdin-filename of `scan -`, checked against the options it cannot be combined with. */
function stdinTarget(values: { files?: boolean; fix?: boolean; 'changed-since'?: string; 'stdin-filename'?: string }, positionals: string[]): string | undefined {
  const name = values['stdin-filename'];
  if (values.files || !positionals.includes('-')) {
    if (name !== undefined) throw new CliError('--stdin-filename names the stream "mlsec scan -" reads: give - as the path to scan');
    return undefined;
  }
  if (positionals.length > 1) throw new CliError('scan - reads one stream from standard input and takes no other path');
  if (name === undefined) throw new CliError('scan - needs --stdin-filename PATH: the file or chart directory the stream stands for (e.g. chart/)');
  if (values.fix) throw new CliError('--fix cannot be combined with scan -: a stream read from standard input has no file to fix');
  if (values['changed-since'] !== undefined) throw new CliError('--changed-since cannot be combined with scan -');
  return name;
}

/** The workspace-relative paths of a changed-file run: named, read from standard input, or from git. */
async function changedPaths(io: CliIO, files: boolean, since: string | undefined, positionals: string[]): Promise<string[]> {
  const named: string[] = [];
  if (files) {
    for (const p of positionals) {
      if (p !== '-') named.push(p);
      else if (io.stdin) appendAll(named, pathsFromText(await io.stdin()));
      else throw new CliError('--files - reads paths from standard input, which is not available here');
    }
  } else if (positionals.length) {
    throw new CliError('paths after --changed-since need --files as well');
  }
  if (since !== undefined) appendAll(named, await changedSince(since, io.cwd));
  return workspacePaths(io.cwd, io.cwd, named);
}

/**
 * A changed-file run: the whole workspace is read, because rules join files (a dvc.yaml stage
 * with its dvc.lock entry, an image with its Dockerfile), then the result is restricted to the
 * listed files. When none of them is a file mlsec reads, nothing needs to be read at all.
 */
async function scanListed(engine: Engine, root: string, configs: ConfigTree, listed: string[], applyPolicy: (r: ScanResult) => ScanResult): Promise<ScanResult> {
  const keep = listedMatcher(listed);
  if (!listed.some((p) => p === '' || engine.wants(p) || !path.extname(p))) {
    const index = new DocumentIndex();
    return { findings: [], suppressed: [], notes: [], index, files: [], io: new NodeWorkspaceIO(root) };
  }
  return restrictToFiles(applyPolicy(await scanWorkspace(engine, root, { config: configs.rootConfig.config, configs })), keep);
}

async function readBaseline(cwd: string, file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fsp.readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CliError(`cannot read the baseline ${file}: ${(e as Error).message}`);
  }
  try {
    return parseBaseline(text);
  } catch (e) {
    throw new CliError(`${file} is not an mlsec baseline: ${(e as Error).message}`);
  }
}

async function writeBaseline(io: CliIO, file: string, baseline: Baseline): Promise<number> {
  try {
    await fsp.writeFile(path.resolve(io.cwd, file), formatBaseline(baseline));
  } catch (e) {
    throw new CliError(`cannot write the baseline ${file}: ${(e as Error).message}`);
  }
  const n = baseline.entries.length;
  io.stdout.write(`mlsec: wrote ${n} finding${n === 1 ? '' : 's'} to the baseline ${file}\n`);
  return 0;
}

function render(format: ReportFormat, report: ScanReport, opts: { color: boolean; quiet: boolean; times: { start: Date; end: Date } }): string {
  if (format === 'json') return formatJson(report);
  if (format === 'gitlab-sast') return formatGitlabSast(report, opts.times);
  if (format === 'junit') return formatJunit(report);
  if (format === 'sarif') return formatSarif(report);
  return formatText(report, opts);
}

function sizeOption(value: string): number {
  let size: number;
  try {
    size = parseSize(/^\d+$/.test(value) ? Number(value) : value);
  } catch {
    size = NaN;
  }
  if (!Number.isFinite(size) || size < 1) throw new CliError(`--max-file-size must be a size such as 5000000, 10MB or 8MiB (got "${value}")`);
  return size;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * Works out the workspace root and the paths to scan inside it: one directory is its own root;
 * otherwise the root is the current directory (or a lone file's directory when it lies outside).
 */
export async function resolveTargets(cwd: string, args: string[]): Promise<{ root: string; paths: string[] }> {
  const targets: { arg: string; abs: string; dir: boolean }[] = [];
  for (const arg of args) {
    const abs = path.resolve(cwd, arg);
    const st = await fsp.stat(abs).catch(() => undefined);
    if (!st) throw new CliError(`no such file or directory: ${arg}`);
    // Reading a named pipe or a device could block forever or never end.
    if (!st.isFile() && !st.isDirectory()) throw new CliError(`not a regular file or directory: ${arg}`);
    targets.push({ arg, abs, dir: st.isDirectory() });
  }
  if (targets.length === 0) return { root: cwd, paths: [] };
  if (targets.length === 1 && targets[0].dir) return { root: targets[0].abs, paths: [] };
  const paths: string[] = [];
  for (const t of targets) {
    const rel = path.relative(cwd, t.abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      if (targets.length === 1) return { root: path.dirname(t.abs), paths: [path.basename(t.abs)] };
      throw new CliError(`${t.arg} is outside the current directory: scan it on its own, or run mlsec from a directory that contains every path`);
    }
    // The current directory among the paths means the whole root.
    if (!rel) return { root: cwd, paths: [] };
    paths.push(toPosix(rel));
  }
  return { root: cwd, paths };
}

/**
 * Loads the configuration: the file --config names for every file, else the nearest
 * `.mlsec.yaml` above each file (with what it extends). An error in the root's stops the scan
 * here with its location (exit 2); one in a nested file when the scan meets it.
 */
async function loadConfigs(engine: Engine, root: string, cwd: string, file: string | undefined, adjust: (c: MlsecConfig) => MlsecConfig): Promise<ConfigTree> {
  const known = engine.knownRuleIds();
  if (!file) {
    const tree = await ConfigTree.load(root, known, adjust);
    throwConfigErrors(tree, root, cwd);
    return tree;
  }
  let text: string;
  try {
    text = await fsp.readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CliError(`cannot read the configuration ${file}: ${(e as Error).message}`);
  }
  const { config, errors } = parseConfig(text, known);
  if (errors.length) throw configError(file, text, errors);
  return ConfigTree.single(root, adjust(config), toPosix(path.relative(root, path.resolve(cwd, file))), text);
}

/** Stops the scan (exit 2) when a configuration file read has errors, naming each as the user sees it. */
function throwConfigErrors(tree: ConfigTree, root: string, cwd: string): void {
  const bad = configProblems(tree);
  if (!bad.length) return;
  const errors = bad.map((b) => configError(toPosix(path.relative(cwd, path.join(root, b.file))) || b.file, b.text, b.errors).message);
  throw new CliError(errors.join('\n'));
}

/** The result with the suppression policy of each configuration applied to its files. */
function withPolicy(engine: Engine, configs: ConfigTree, result: ScanResult): ScanResult {
  const applied = applyPolicyByConfig(engine, configs, result, (p) => result.index.source(p));
  return { ...result, findings: applied.findings.sort(compareFindings), suppressed: applied.suppressed };
}

function configError(display: string, text: string, errors: Problem[]): CliError {
  const file = new SourceFile(display, text);
  const lines = errors.map((e) => {
    const p = file.rangeOfProblem(e)?.start;
    if (!p) return `${display}: error: ${e.message}`;
    return `${display}:${p.line + 1}:${p.character + 1}: error: ${e.message}`;
  });
  return new CliError(`invalid configuration (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
}
