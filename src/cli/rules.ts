// `mlsec rules`: lists the rule catalog with severity, title, formats, fixes and taxonomy.

import { createEngine } from '../core';
import type { RuleMeta } from '../core/model';
import { RULE_DOCS_BASE_URL, ruleDocsUrl } from '../core/report/links';
import { atlasId } from '../core/taxonomy';
import { choice, parseCommandArgs } from './args';
import type { CliIO } from './io';
import { maxOf } from '../core/collections';

const HELP = `Usage: mlsec rules [--format text|json]

Lists every rule mlsec knows: id, default severity, title, the formats it reads, its fix kinds
and its STRIDE / MITRE ATLAS / OWASP ML Top 10 classification.

Options:
  -f, --format text|json  output format (default text)
  -h, --help              show this help
`;

export async function rulesCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('rules', argv, {
    format: { type: 'string', short: 'f', default: 'text' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', ['text', 'json'] as const);
  const metas = (io.createEngine ?? createEngine)().allMeta();
  io.stdout.write(format === 'json' ? rulesJson(metas) : rulesText(metas));
  return 0;
}

function rulesJson(metas: RuleMeta[]): string {
  const rules = metas.map((m) => ({
    id: m.id,
    title: m.title,
    description: m.description,
    severity: m.severity,
    formats: m.formats,
    fixes: m.fixes,
    stride: m.stride,
    atlas: m.atlas.map(atlasId),
    owasp: m.owasp,
    docs: ruleDocsUrl(m.id),
    ...(m.aliases?.length ? { aliases: m.aliases } : {}),
  }));
  return JSON.stringify({ version: 1, rules }, null, 2) + '\n';
}

function rulesText(metas: RuleMeta[]): string {
  const idWidth = maxOf(metas.map((m) => m.id.length));
  const lines: string[] = [];
  for (const m of metas) {
    lines.push(`${m.id.padEnd(idWidth)}  ${m.severity.padEnd(8)}  ${m.title}`);
    const taxonomy = [m.stride.length ? `STRIDE ${m.stride.join('')}` : '', m.atlas.length ? `ATLAS ${m.atlas.map(atlasId).join(' ')}` : '', m.owasp.length ? `OWASP ${m.owasp.join(' ')}` : ''].filter(
      Boolean,
    );
    lines.push(`${' '.repeat(idWidth)}  formats: ${m.formats.join(', ')}; fix: ${m.fixes.join(', ') || 'none'}${taxonomy.length ? `; ${taxonomy.join('; ')}` : ''}`);
  }
  lines.push('', `${metas.length} rule${metas.length === 1 ? '' : 's'}. Documentation: ${RULE_DOCS_BASE_URL}`, '');
  return lines.join('\n');
}
