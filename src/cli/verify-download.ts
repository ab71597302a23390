// `mlsec verify-model DIR`: checks a downloaded model folder (hub cache snapshot, local_dir
// download or plain folder) with the core download report, and its signature when it has one.

import * as path from 'node:path';
import { formatDownloadReport } from '../core/artifacts/download/format';
import { downloadRoot } from '../core/artifacts/download/layout';
import { verifyDownload } from '../core/artifacts/download/report';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { buildTrust, readText, type CommandOutput } from './verify-model';

type Values = Record<string, string | string[] | boolean | undefined>;

/** Exit code 0 when the download checks out (signed or not, unless a signature is required), 1 otherwise. */
export async function verifyDownloadCommand(target: string, v: Values, out: CommandOutput, cwd: string): Promise<number> {
  const trust = await buildTrust(v, cwd, out.stderr, false);
  const signature = v.signature ? path.resolve(cwd, v.signature as string) : undefined;
  const bundle = signature ? { text: await readText(signature), source: path.relative(cwd, signature) || signature } : undefined;
  const { root, rel } = downloadRoot(target);
  const io = new NodeWorkspaceIO(root);
  const report = await verifyDownload(io, rel, {
    trust,
    ...(bundle ? { bundle } : {}),
    ignorePaths: (v.ignore as string[] | undefined) ?? [],
    allowExtraFiles: !!v['allow-extra-files'],
    requireSignature: !!v['require-signature'],
  });
  const refused = io.takeRefusals();
  for (const r of refused) report.verdict.warnings.push(`${r.path} was not read: ${r.reason}.`);
  if (v.format === 'json') out.stdout(JSON.stringify(report, null, 2));
  else (report.verdict.ok ? out.stdout : out.stderr)(formatDownloadReport(report).join('\n'));
  return report.verdict.ok ? 0 : 1;
}
