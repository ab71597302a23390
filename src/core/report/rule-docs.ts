// Renders rule documentation from rule metadata: one Markdown page per rule (docs/rules/), the
// index of all rules, and the shorter help text and Markdown that SARIF carries per rule.

import { INVALID_SUPPRESSION_ID } from '../engine';
import type { FixKind, Format, RuleMeta } from '../model';
import { atlasId, atlasName, atlasUrl, OWASP_ML_URL, owaspName, STRIDE_NAMES } from '../taxonomy';
import { ruleDocRelPath, ruleDocsUrl } from './links';

/** The folder, relative to the repository root, that holds the generated pages. */
export const RULE_DOCS_DIR = 'docs/rules';

export const FORMAT_NAMES: Record<Format, string> = {
  dockerfile: 'Dockerfile',
  kubernetes: 'Kubernetes manifests',
  kfp: 'Kubeflow Pipelines (IR YAML)',
  argo: 'Argo Workflows',
  kserve: 'KServe',
  seldon: 'Seldon Core',
  'kubeflow-training': 'Kubeflow Training jobs',
  dvc: 'DVC',
  mlflow: 'MLflow (MLproject, MLmodel, environments)',
  requirements: 'pip requirements files',
  model: 'model artifacts',
  sigstore: 'Sigstore bundles and model signatures',
  'mlsec-config': '.mlsec.yaml',
  python: 'Python code',
  feast: 'Feast feature store configuration',
  compose: 'docker-compose files',
  'github-actions': 'GitHub Actions workflows and composite actions',
  'gitlab-ci': 'GitLab CI pipelines',
};

const FIX_TEXT: Record<FixKind, string> = {
  safe: 'a **safe** fix: `mlsec scan --fix` and the editor\'s "Fix all" apply it, because it removes the risk without changing what the pipeline does.',
  review: 'a **review** fix: the editor offers it as a quick fix with a preview, one finding at a time, and never applies it in bulk, because it may change runtime behaviour.',
  guided: 'a **guided** fix: a code action that inserts a snippet with placeholders to complete, or explains the change to make.',
};

/** Formats whose files are read as bytes; they cannot hold a suppression comment. */
const BINARY_FORMATS: readonly Format[] = ['model', 'sigstore'];

/** Where a rule's metadata is written, so a page can say what to edit instead of it. */
export function ruleSourcePath(id: string): string {
  return id === INVALID_SUPPRESSION_ID ? 'src/core/engine.ts' : `src/core/rules/${ruleDocRelPath(id).replace(/\.md$/, '.ts')}`;
}

export function ruleDocPath(id: string): string {
  return `${RULE_DOCS_DIR}/${ruleDocRelPath(id)}`;
}

function fixSentences(meta: RuleMeta): string[] {
  if (!meta.fixes.length) return ['This rule offers no automatic fix: the change depends on decisions only the author can make. Every finding can still be suppressed where it stands.'];
  return meta.fixes.map((k) => `This rule offers ${FIX_TEXT[k]}`);
}

function fence(language: string, code: string): string {
  // A fence longer than any backtick run inside keeps example code from closing it early.
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}${language}\n${code.replace(/\n$/, '')}\n${ticks}`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function strideList(meta: RuleMeta): string {
  return meta.stride.map((s) => `${s} (${STRIDE_NAMES[s]})`).join(', ') || '—';
}

function atlasList(meta: RuleMeta, links: boolean): string {
  return (
    meta.atlas
      .map((id) => {
        const name = atlasName(id);
        const label = links ? `[${atlasId(id)}](${atlasUrl(id)})` : atlasId(id);
        return name ? `${label} ${name}` : label;
      })
      .join(', ') || '—'
  );
}

function owaspList(meta: RuleMeta, links: boolean): string {
  return (
    meta.owasp
      .map((id) => {
        const name = owaspName(id);
        const label = links ? `[${id}](${OWASP_ML_URL})` : id;
        return name ? `${label} ${name}` : label;
      })
      .join(', ') || '—'
  );
}

function formatList(meta: RuleMeta): string {
  return meta.formats.map((f) => FORMAT_NAMES[f]).join(', ');
}

function suppressionSection(meta: RuleMeta): string[] {
  const config = fence('yaml', `rules:\n  ${meta.id}: off`);
  if (meta.id === INVALID_SUPPRESSION_ID) {
    return ['A suppression comment cannot silence a problem with suppression comments; turn the check off in `.mlsec.yaml`:', '', config];
  }
  if (meta.formats.every((f) => BINARY_FORMATS.includes(f))) {
    return ['Model artifacts cannot hold comments, so findings of this rule are turned off in `.mlsec.yaml`, for the workspace or for chosen paths with `ignore`:', '', config];
  }
  const lang = meta.example?.language ?? 'yaml';
  return [
    'On the line, or alone on the line above it, with the reason after ` -- `:',
    '',
    fence(lang, `# mlsec-ignore: ${meta.id} -- <why this is acceptable here>`),
    '',
    'For the whole file:',
    '',
    fence(lang, `# mlsec-ignore-file: ${meta.id} -- <why this is acceptable in this file>`),
    '',
    'For the whole workspace, in `.mlsec.yaml`:',
    '',
    config,
  ];
}

/** The full documentation page of one rule. */
export function renderRuleDoc(meta: RuleMeta): string {
  const lines: string[] = [
    `# ${meta.id}`,
    '',
    `<!-- Generated by \`npm run docs\` from the metadata in ${ruleSourcePath(meta.id)}; edit that file, not this page. -->`,
    '',
    `**${meta.title}**`,
    '',
    `Default severity: **${meta.severity}** · Fix: ${meta.fixes.length ? meta.fixes.join(', ') : 'none'} · Applies to: ${formatList(meta)}`,
    '',
    '## What it does',
    '',
    meta.description,
    '',
    '## Why is this bad?',
    '',
    meta.explanation,
    '',
  ];
  if (meta.example) {
    lines.push('## Example', '', fence(meta.example.language, meta.example.bad), '', '## Use instead', '', fence(meta.example.language, meta.example.good), '');
  }
  lines.push('## Fix', '', ...fixSentences(meta).flatMap((s) => [s, '']));
  lines.push(
    '## Severity and taxonomy',
    '',
    '| | |',
    '|---|---|',
    `| Default severity | ${meta.severity} |`,
    `| STRIDE | ${cell(strideList(meta))} |`,
    `| MITRE ATLAS | ${cell(atlasList(meta, true))} |`,
    `| OWASP ML Top 10 (2023) | ${cell(owaspList(meta, true))} |`,
    '',
  );
  if (meta.aliases?.length) lines.push('## Former ids', '', ...meta.aliases.map((a) => `- \`${a}\``), '');
  lines.push('## Equivalent checks', '', ...(meta.equivalents?.length ? meta.equivalents.map((e) => `- ${e}`) : ['None known in other tools.']), '');
  if (meta.references.length) lines.push('## References', '', ...meta.references.map((r) => `- <${r}>`), '');
  lines.push('## Suppression', '', ...suppressionSection(meta), '');
  return lines.join('\n');
}

/** The index page of all rules, grouped by concern. */
export function renderRulesIndex(metas: readonly RuleMeta[]): string {
  const byConcern = new Map<string, RuleMeta[]>();
  for (const m of [...metas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const concern = ruleDocRelPath(m.id).split('/')[0];
    byConcern.set(concern, [...(byConcern.get(concern) ?? []), m]);
  }
  const lines = [
    '# Rules',
    '',
    "<!-- Generated by `npm run docs` from the rules' metadata; do not edit. -->",
    '',
    `mlsec has ${metas.length} rule${metas.length === 1 ? '' : 's'}. Each page says what the rule detects, the attack it enables, an example with the safer alternative, the fix it offers, its STRIDE / MITRE ATLAS / OWASP ML Top 10 classification and how to suppress it.`,
    '',
  ];
  for (const [concern, list] of [...byConcern].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    lines.push(`## ${concern}`, '', '| Rule | Title | Severity | Fix | Applies to |', '|---|---|---|---|---|');
    for (const m of list) {
      lines.push(`| [${m.id}](${ruleDocRelPath(m.id)}) | ${cell(m.title)} | ${m.severity} | ${m.fixes.join(', ') || 'none'} | ${cell(formatList(m))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Every generated page: path relative to the repository root, and its text. */
export function ruleDocPages(metas: readonly RuleMeta[]): { path: string; text: string }[] {
  return [...metas.map((m) => ({ path: ruleDocPath(m.id), text: renderRuleDoc(m) })), { path: `${RULE_DOCS_DIR}/README.md`, text: renderRulesIndex(metas) }];
}

/** The plain-text help SARIF viewers show when they cannot render Markdown. */
export function ruleHelpText(meta: RuleMeta): string {
  const parts = [meta.title, meta.description, meta.explanation];
  if (meta.example) parts.push(`Example:\n${meta.example.bad}`, `Use instead:\n${meta.example.good}`);
  parts.push(`Fix: ${fixSentences(meta).join(' ').replace(/\*\*/g, '').replace(/`/g, '')}`);
  parts.push(`STRIDE: ${strideList(meta)}. MITRE ATLAS: ${atlasList(meta, false)}. OWASP ML Top 10: ${owaspList(meta, false)}.`);
  parts.push(`Documentation: ${ruleDocsUrl(meta.id)}`);
  return parts.join('\n\n');
}

/** The Markdown help GitHub code scanning shows beside an alert. */
export function ruleHelpMarkdown(meta: RuleMeta): string {
  const parts = [`**${meta.title}**`, meta.description, `### Why is this bad?\n\n${meta.explanation}`];
  if (meta.example) {
    parts.push(`### Example\n\n${fence(meta.example.language, meta.example.bad)}`, `### Use instead\n\n${fence(meta.example.language, meta.example.good)}`);
  }
  parts.push(`### Fix\n\n${fixSentences(meta).join('\n\n')}`);
  parts.push(`STRIDE: ${strideList(meta)} · MITRE ATLAS: ${atlasList(meta, true)} · OWASP ML Top 10: ${owaspList(meta, true)}`);
  parts.push(`[Full documentation](${ruleDocsUrl(meta.id)})`);
  return parts.join('\n\n');
}
