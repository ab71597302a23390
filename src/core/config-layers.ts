// Layering configuration files: a file's paths made workspace-relative from its own directory,
// and a child configuration over the parent it extends (see src/core/config-resolution.ts for
// the merge semantics).

import type { MlsecConfig, PolicySuppression, TrustPolicy } from './config';
import { lexicalPath } from './workspace/boundary';

/** A glob written in a file of `dir`, made workspace-relative (a negation stays a negation). */
export function rebaseGlob(glob: string, dir: string): string {
  if (!dir) return glob;
  if (glob.startsWith('!')) return `!${rebaseGlob(glob.slice(1), dir)}`;
  return `${dir}/${glob.replace(/^\.\//, '')}`;
}

/** A file path written in a file of `dir`, made workspace-relative; one leading outside stays as written (and is refused where it is read). */
export function rebasePath(rel: string, dir: string): string {
  if (!dir) return rel;
  const p = lexicalPath(`${dir}/${rel}`);
  return typeof p === 'string' ? p : rel;
}

function rebaseTrust(t: TrustPolicy, dir: string): TrustPolicy {
  return {
    ...t,
    ...(t.publicKeys ? { publicKeys: t.publicKeys.map((k) => rebasePath(k, dir)) } : {}),
    ...(t.certificateChains ? { certificateChains: t.certificateChains.map((k) => rebasePath(k, dir)) } : {}),
    ...(t.trustedRoot ? { trustedRoot: rebasePath(t.trustedRoot, dir) } : {}),
  };
}

/** The configuration of `file` (in directory `dir`) with its paths workspace-relative and its suppressions marked with the file. */
export function rebaseConfig(c: MlsecConfig, dir: string, file: string): MlsecConfig {
  const suppressions = c.suppressions?.map((s): PolicySuppression => ({ ...s, path: rebaseGlob(s.path, dir), file }));
  return {
    ...c,
    ignore: c.ignore.map((g) => rebaseGlob(g, dir)),
    ...(c.testPaths ? { testPaths: c.testPaths.map((g) => rebaseGlob(g, dir)) } : {}),
    models: c.models.trust ? { ...c.models, trust: rebaseTrust(c.models.trust, dir) } : c.models,
    ...(suppressions ? { suppressions } : {}),
  };
}

/**
 * `child` over the `parent` it extends: rules merged per rule, ignore globs and suppressions
 * added, and every other key of `keys` (those the child's file sets) replacing the parent's.
 */
export function layerConfig(parent: MlsecConfig, child: MlsecConfig, keys: readonly string[]): MlsecConfig {
  const sets = new Set(keys);
  const out: MlsecConfig = { ...parent, rules: { ...parent.rules }, ignore: [...parent.ignore, ...child.ignore] };
  for (const [id, setting] of Object.entries(child.rules)) out.rules[id] = { ...parent.rules[id], ...setting };
  if (parent.suppressions || child.suppressions) out.suppressions = [...(parent.suppressions ?? []), ...(child.suppressions ?? [])];
  if (sets.has('models')) out.models = child.models;
  if (sets.has('maxFileSize')) out.maxFileSize = child.maxFileSize;
  if (sets.has('fileBudget')) out.fileBudget = child.fileBudget;
  if (sets.has('testPaths')) out.testPaths = child.testPaths;
  if (sets.has('threat-model')) out['threat-model'] = child['threat-model'];
  if (sets.has('inlineSuppressions')) out.inlineSuppressions = child.inlineSuppressions;
  return out;
}
