// What GitHub Actions and GitLab CI share: environment variables and step inputs as settings
// (a value with an expression or a `$VAR` is a reference, not a literal), images of jobs and
// services, and shell scripts parsed with exact offsets.

import type { Node, Scalar } from 'yaml';
import { factsFromEnvironment } from '../../facts/commands';
import { isCredentialName } from '../../facts/classify';
import { POSIX_SHELLS } from '../../facts/command-words';
import type { Fix } from '../../model';
import { mergeFacts, type ImageRef, type SettingFact, type Str } from '../../facts/model';
import { removePair } from '../yaml/edit';
import { addStringScriptFacts } from '../k8s/commands';
import type { FactsBuilder } from '../k8s/facts';
import { imageRef } from '../k8s/image';
import { hasExpression, maskExpressions } from './expressions';

/** Shells whose scripts the shell parser reads; other `shell:` values (pwsh, python, cmd) are skipped. */
export function isPosixShell(shell: string | undefined): boolean {
  if (shell === undefined) return true;
  const first = shell.trim().split(/\s+/)[0] ?? '';
  return POSIX_SHELLS.test(first.replace(/^.*\//, ''));
}

/** Whether a CI value refers to a value held elsewhere: a template expression or a variable. */
function isReference(value: string): boolean {
  return hasExpression(value) || /\$\{?[A-Za-z_]/.test(value);
}

/**
 * The settings of a mapping of names to values (`env:`, `with:`, `variables:`); a GitLab
 * variable written as `{value: …}` is read through its `value`. Variables that disable TLS get
 * the edit that removes their entry.
 */
export function addSettings(b: FactsBuilder, mapping: Node | undefined, workloadId: string | undefined, options: { env: boolean; secrets?: boolean }): SettingFact[] {
  const y = b.y;
  const map = y.map(mapping);
  if (!map) return [];
  const out: SettingFact[] = [];
  for (const e of y.entries(map)) {
    const name = y.str(e.keyNode);
    const valueNode = y.map(e.value) ? y.get(e.value, 'value') : e.value;
    const value = y.str(valueNode);
    if (!name) continue;
    const referenced = value ? isReference(value.value) : false;
    const s: SettingFact = { name, ...(value ? { value } : {}), referenced, origin: 'ci-env', ...(workloadId ? { workloadId } : {}) };
    const remedy = options.secrets && value && !referenced && isCredentialName(name.value) ? secretsRemedy(b, valueNode, name.value) : undefined;
    if (remedy) s.remedies = [remedy];
    out.push(s);
  }
  b.facts.settings.push(...out);
  if (options.env) {
    const env = factsFromEnvironment(
      out.filter((s) => !s.referenced),
      'run',
      'ci-step',
    );
    for (const t of env.tlsDisables) {
      const pair = map.items.find((p) => y.str(p.key)?.loc.start === t.loc.start);
      const edit = pair ? removePair(y, map, pair) : undefined;
      if (edit) t.removal = [edit];
    }
    mergeFacts(b.facts, env);
  }
  return out;
}

/**
 * For a literal credential in a GitHub Actions mapping: the value replaced with a reference to a
 * repository secret of the same name, which the user then creates in the repository's settings.
 */
function secretsRemedy(b: FactsBuilder, valueNode: Node | undefined, name: string): Fix | undefined {
  const scalar = b.y.scalar(valueNode);
  const [start, end] = scalar?.range ?? [0, 0];
  if (!scalar || end <= start || !b.y.editable || scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return undefined;
  const secret = name
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .replace(/^(?=[0-9])|^GITHUB_/, 'X_');
  return {
    title: `Replace the literal with \${{ secrets.${secret} }} and create that repository secret`,
    kind: 'guided',
    edits: [{ file: b.y.file, start, end, newText: `\${{ secrets.${secret} }}` }],
  };
}

/** An image written as a string (or a mapping's `key`), as an image reference of a job. */
export function addImage(b: FactsBuilder, node: Node | undefined, role: ImageRef['role'], workloadId: string | undefined, key = 'image'): ImageRef | undefined {
  const y = b.y;
  const s = y.str(y.map(node) ? y.get(node, key) : node);
  return s ? addImageStr(b, s, role, workloadId) : undefined;
}

/** An image reference of a job written as `s`. */
export function addImageStr(b: FactsBuilder, s: Str, role: ImageRef['role'], workloadId: string | undefined): ImageRef | undefined {
  if (!s.value.trim()) return undefined;
  const ref = imageRef(s, role, workloadId);
  b.facts.images.push(ref);
  return ref;
}

/** Adds the facts of one CI shell script written as a YAML string. */
export function addCiScript(b: FactsBuilder, node: Scalar | undefined, workloadId: string | undefined): void {
  if (node && typeof node.value === 'string' && node.value.trim()) addStringScriptFacts(b, node, workloadId, 'ci-step', maskExpressions);
}
