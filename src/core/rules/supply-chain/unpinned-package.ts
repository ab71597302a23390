// supply-chain/unpinned-package: pip and conda packages installed without an exact version.

import type { PackageInstallFact, PackageRequirement } from '../../facts/model';
import { defineRule } from '../rule';

/** Installer bootstrap packages that are routinely upgraded in place; pinning them is a separate policy. */
const BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel']);
const PYTHON_MANAGERS = new Set(['pip', 'conda', 'mamba', 'uv']);

/**
 * The edit that pins a requirement: it replaces only the version constraint as written (after the
 * name, channel and extras, before an environment marker or closing quote), so quoting, extras
 * and markers stay as they are.
 */
function pinEdit(text: string | undefined, p: PackageRequirement, op: string, shell: boolean): { start: number; end: number; newText: string } {
  const raw = text?.slice(p.loc.start, p.loc.end);
  const m = raw === undefined ? null : /^(["']?(?:[A-Za-z0-9_.-]+::)?[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)([^;"']*)/.exec(raw);
  if (!m) {
    return { start: p.loc.start, end: p.loc.end, newText: shell ? `'${p.name}${op}${PLACEHOLDER}'` : `${p.name}${op}${PLACEHOLDER}` };
  }
  // In a shell command an unquoted `<` is a redirection: the pinned word is quoted as a whole.
  const quoted = /^["']/.test(raw!) || /["']/.test(text!.charAt(p.loc.start - 1));
  if (shell && !quoted) {
    return { start: p.loc.start, end: p.loc.start + m[0].trimEnd().length, newText: `'${m[1]}${op}${PLACEHOLDER}'` };
  }
  const start = p.loc.start + m[1].length;
  return { start, end: start + m[2].trimEnd().length, newText: `${op}${PLACEHOLDER}` };
}

/** What the guided fix writes where the version goes; a pin to it is still unpinned. */
const PLACEHOLDER = '<version>';

/**
 * What a version constraint lets the installer pick, as the end of the message: `~=3.3.0` is a
 * compatible release (3.3.* from 3.3.0, patch updates only), `~=2.1` takes 2.* from 2.1, a range
 * with an upper bound takes what is in it, anything else takes every future release.
 */
export function acceptedReleases(spec: string): string {
  const compat = /~=\s*(\d+(?:\.\d+)+)/.exec(spec);
  if (compat) {
    const parts = compat[1].split('.');
    const series = `${parts.slice(0, -1).join('.')}.*`;
    const updates = parts.length > 2 ? 'patch updates only' : 'minor and patch updates';
    return `so any ${series} release from ${compat[1]} on is accepted (a compatible release: ${updates})`;
  }
  if (/==\s*[^,;\s]*\*/.test(spec)) return 'so any release the wildcard matches is accepted';
  if (/<=?\s*\d/.test(spec)) return 'so any release within the bounds is accepted';
  return 'so any future release is accepted';
}

/** Formats whose package lists are not shell commands: requirements files, conda and python_env files. */
const LIST_FORMATS = new Set(['requirements', 'mlflow']);
/** Installs read from list files, whose entries are reported one by one. */
const LIST_ORIGINS = new Set<PackageInstallFact['origin']>(['conda-env', 'python-env', 'requirements-file', 'ray-runtime-env']);

export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-package',
    title: 'Python package installed without an exact version',
    description:
      'Reports a pip or conda package named without an exact `==` pin (ARG/ENV values resolved first), in Dockerfile RUN commands, KFP runtime installs, conda.yaml, python_env.yaml and requirements files. Several unpinned packages of one command are one finding, each package a related location. A `-r requirements.txt` without `--require-hashes` is reported at info severity.',
    explanation:
      'An unpinned requirement installs whatever the index serves on the day of the build. A malicious release of a popular package, or a newer version that changes numerical behaviour, enters the image or the training step silently; builds are not reproducible and the model cannot be traced to the code that produced it.',
    example: {
      language: 'dockerfile',
      bad: 'RUN pip install torch transformers',
      good: 'RUN pip install torch==2.3.1 transformers==4.44.2',
    },
    formats: ['dockerfile', 'kfp', 'argo', 'kubernetes', 'kserve', 'seldon', 'kubeflow-training', 'mlflow', 'requirements', 'compose'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.001', 'AML.T0011.001'],
    owasp: ['ML06'],
    references: ['https://pip.pypa.io/en/stable/topics/repeatable-installs/', 'https://pip.pypa.io/en/stable/topics/secure-installs/'],
    equivalents: ['hadolint DL3013'],
  },
  *check(ctx) {
    for (const inst of ctx.facts.packageInstalls) {
      if (!PYTHON_MANAGERS.has(inst.manager)) continue;
      const unpinned: PackageRequirement[] = [];
      for (const p of inst.packages) {
        if (p.kind === 'requirements-file') {
          if (!inst.requireHashes && inst.manager !== 'conda' && inst.manager !== 'mamba') {
            yield {
              message: `Requirements file "${p.spec}" is installed without --require-hashes, so its pins are not checked against known content.`,
              loc: p.loc,
              severity: 'info',
            };
          }
          continue;
        }
        if (p.kind !== 'name' || BOOTSTRAP.has(p.name.toLowerCase()) || /[$]/.test(p.spec)) continue;
        if (/[=]<[^>]*>/.test(p.spec)) {
          yield { message: `${inst.manager} installs "${p.spec}": the version is still a placeholder, so the install fails or takes any release; write the exact version.`, loc: p.loc };
          continue;
        }
        if (p.pinnedVersion) continue;
        if ((inst.manager === 'conda' || inst.manager === 'mamba') && p.name === 'python') continue;
        unpinned.push(p);
      }
      if (!unpinned.length) continue;
      const op = inst.manager === 'conda' || inst.manager === 'mamba' ? '=' : '==';
      const file = unpinned[0].loc.file;
      const shell = !LIST_ORIGINS.has(inst.origin) && !ctx.index.get(file).some((d) => LIST_FORMATS.has(d.format));
      const edit = (p: PackageRequirement) => ({ file: p.loc.file, ...pinEdit(ctx.index.source(p.loc.file)?.text, p, op, shell) });
      // One command installing several packages is one finding; a list file's lines are one each.
      if (unpinned.length > 1 && !LIST_ORIGINS.has(inst.origin)) {
        yield {
          message: `${inst.manager} installs ${unpinned.length} packages without an exact version (${op}): ${unpinned.map((p) => `"${p.spec}"`).join(', ')}; each takes whatever release its constraint allows.`,
          loc: unpinned[0].loc,
          related: unpinned.slice(1).map((p) => ({ loc: p.loc, message: `"${p.spec}" is not pinned` })),
          details: unpinned.map((p) => `${p.spec}: ${acceptedReleases(p.spec).replace(/^so /, '')}`),
          fixes: [{ title: `Pin the ${unpinned.length} packages to exact versions`, kind: 'guided', edits: unpinned.map(edit) }],
        };
        continue;
      }
      for (const p of unpinned) {
        yield {
          message: `${inst.manager} installs "${p.spec}" without an exact version (${op}), ${acceptedReleases(p.spec)}.`,
          loc: p.loc,
          fixes: [{ title: `Pin ${p.name} to an exact version`, kind: 'guided', edits: [edit(p)] }],
        };
      }
    }
  },
});
