// Finds which Dockerfile builds which image tag in build files the format readers do not read:
// docker-compose, skaffold, CI workflows (GitHub Actions, GitLab CI, Cloud Build), Makefiles and
// shell scripts. Pure text analysis; the workspace layer reads the files.

import * as posix from 'node:path/posix';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Loc } from '../model';
import type { ImageBuildHint } from './joins';
import { appendAll } from '../collections';
import { yamlDepthExceeded } from '../formats/yaml/depth';
import { isComposePath } from '../formats/compose/naming';
import { isCiPipelineFile } from '../formats/ci/names';

/** Files that may say how images are built, by path. */
export function isBuildFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (isComposePath(path)) return true;
  if (/^skaffold\.ya?ml$/i.test(base) || /^cloudbuild\.ya?ml$/i.test(base) || isCiPipelineFile(path)) return true;
  return /^(GNU)?makefile$/i.test(base) || /\.mk$/.test(base) || /\.sh$/.test(base);
}

interface Token {
  value: string;
  start: number;
  end: number;
}

/** Splits a command line into words with their offsets, honouring quotes and backslash-newlines. */
function tokenize(text: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (/\s/.test(text[i]) || (text[i] === '\\' && text[i + 1] === '\n'))) i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) break;
    if (/[;&|]/.test(text[i])) break;
    const start = i;
    let value = '';
    while (i < text.length && !/\s/.test(text[i]) && !/[;&|]/.test(text[i])) {
      const c = text[i];
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        const end = close < 0 ? text.length : close;
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (c === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    out.push({ value, start: base + start, end: base + i });
  }
  return out;
}

const VALUE_FLAGS = new Set([
  '-t',
  '--tag',
  '-f',
  '--file',
  '--target',
  '--build-arg',
  '--platform',
  '--label',
  '--cache-from',
  '--cache-to',
  '--secret',
  '--ssh',
  '--network',
  '-o',
  '--output',
  '--progress',
  '--iidfile',
  '--add-host',
  '--builder',
  '--build-context',
  '--shm-size',
  '--ulimit',
  '--metadata-file',
  '--attest',
  '--annotation',
]);

function substitute(value: string, vars: ReadonlyMap<string, string>): string {
  return value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, b, c) => vars.get(a ?? b ?? c) ?? m);
}

/** Interprets the words after `build` of a docker/podman build command. */
function parseBuildArgs(words: Token[], vars: ReadonlyMap<string, string>, cwd: string, file: string, source: ImageBuildHint['source']): ImageBuildHint[] {
  const tags: Token[] = [];
  let dockerfile: string | undefined;
  let target: string | undefined;
  let context: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].value;
    const eq = w.indexOf('=');
    const flag = w.startsWith('-') ? (eq > 0 ? w.slice(0, eq) : w) : undefined;
    if (flag) {
      let value: Token | undefined;
      if (eq > 0) value = { value: w.slice(eq + 1), start: words[i].start + eq + 1, end: words[i].end };
      else if (/^-[tf].+/.test(w)) value = { value: w.slice(2), start: words[i].start + 2, end: words[i].end };
      else if (VALUE_FLAGS.has(flag)) value = words[++i];
      const f = /^-[tf].+/.test(w) ? w.slice(0, 2) : flag;
      if (!value) continue;
      if (f === '-t' || f === '--tag') tags.push(value);
      else if (f === '-f' || f === '--file') dockerfile = substitute(value.value, vars);
      else if (f === '--target') target = substitute(value.value, vars);
      continue;
    }
    if (context === undefined) context = substitute(w, vars);
  }
  if (!tags.length || context === undefined || context.includes('$') || context.includes('://') || context === '-') return [];
  const ctx = posix.normalize(posix.join(cwd, context));
  const df = dockerfile && !dockerfile.includes('$') ? posix.normalize(posix.join(cwd, dockerfile)) : posix.join(ctx, 'Dockerfile');
  const rel = df.replace(/^\.\//, '');
  if (rel.startsWith('..') || posix.isAbsolute(rel)) return [];
  return tags
    .map((t) => ({ t, image: substitute(t.value, vars) }))
    .filter(({ image }) => image && !image.includes('$'))
    .map(({ t, image }) => ({ image, dockerfile: rel, ...(target ? { target } : {}), loc: { file, start: t.start, end: t.end }, source }));
}

const BUILD_COMMAND = /\b(?:docker|podman|nerdctl|buildah)\s+(?:buildx\s+)?(?:build|bud)\b/g;

/** Finds build commands in a shell-like region of a file (offsets are into the whole file). */
function scanCommands(text: string, from: number, to: number, vars: ReadonlyMap<string, string>, cwd: string, file: string, source: ImageBuildHint['source']): ImageBuildHint[] {
  const out: ImageBuildHint[] = [];
  const region = text.slice(from, to);
  for (const m of region.matchAll(BUILD_COMMAND)) {
    const start = from + (m.index ?? 0) + m[0].length;
    let end = start;
    while (end < to) {
      const nl = text.indexOf('\n', end);
      const lineEnd = nl < 0 || nl > to ? to : nl;
      end = lineEnd;
      if (text[lineEnd - 1] === '\\' && lineEnd < to) end = lineEnd + 1;
      else break;
    }
    appendAll(out, parseBuildArgs(tokenize(text.slice(start, end), start), vars, cwd, file, source));
  }
  return out;
}

/** `NAME = value`, `NAME ?= value`, `NAME := value` (Makefile) and `NAME=value` (shell). */
function assignments(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\?=|:=|::=|=)\s*(.*?)\s*$/gm)) {
    const value = m[2].replace(/^["']|["']$/g, '');
    if (!vars.has(m[1])) vars.set(m[1], value);
  }
  for (const [k, v] of vars) vars.set(k, substitute(v, vars));
  return vars;
}

function scalarText(n: unknown): string | undefined {
  return isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
}

function nodeLoc(file: string, n: YamlNode | null | undefined): Loc | undefined {
  const r = n?.range;
  return r ? { file, start: r[0], end: r[1] } : undefined;
}

function composeHints(file: string, text: string): ImageBuildHint[] {
  if (yamlDepthExceeded(text) !== undefined) return [];
  const doc = parseDocument(text, { prettyErrors: false });
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const out: ImageBuildHint[] = [];
  for (const item of services.items) {
    const svc = item.value;
    if (!isMap(svc)) continue;
    const imageNode = svc.get('image', true);
    const image = scalarText(imageNode);
    const build = svc.get('build', true);
    if (!image || !build) continue;
    let context = scalarText(build);
    let dockerfile: string | undefined;
    let target: string | undefined;
    if (isMap(build)) {
      context = scalarText(build.get('context', true)) ?? '.';
      dockerfile = scalarText(build.get('dockerfile', true));
      target = scalarText(build.get('target', true));
    }
    if (context === undefined || context.includes('://') || image.includes('$')) continue;
    const ctx = posix.normalize(posix.join(dir, context));
    const df = posix.normalize(posix.join(ctx, dockerfile ?? 'Dockerfile'));
    const loc = nodeLoc(file, imageNode as YamlNode);
    if (loc && !df.startsWith('..')) out.push({ image, dockerfile: df, ...(target ? { target } : {}), loc, source: 'compose' });
  }
  return out;
}

function skaffoldHints(file: string, text: string): ImageBuildHint[] {
  const out: ImageBuildHint[] = [];
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  for (const doc of safeDocs(text)) {
    const artifacts = doc.getIn(['build', 'artifacts'], true);
    if (!isSeq(artifacts)) continue;
    for (const a of artifacts.items) {
      if (!isMap(a)) continue;
      const imageNode = a.get('image', true);
      const image = scalarText(imageNode);
      if (!image) continue;
      const ctx = posix.normalize(posix.join(dir, scalarText(a.get('context', true)) ?? '.'));
      const docker = a.get('docker', true);
      const dockerfile = isMap(docker) ? scalarText(docker.get('dockerfile', true)) : undefined;
      const target = isMap(docker) ? scalarText(docker.get('target', true)) : undefined;
      const df = posix.normalize(posix.join(ctx, dockerfile ?? 'Dockerfile'));
      const loc = nodeLoc(file, imageNode as YamlNode);
      if (loc && !df.startsWith('..')) out.push({ image, dockerfile: df, ...(target ? { target } : {}), loc, source: 'skaffold' });
    }
  }
  return out;
}

function safeDocs(text: string) {
  try {
    if (yamlDepthExceeded(text) !== undefined) return [];
    return [parseDocument(text, { prettyErrors: false })].filter((d) => !d.errors.length);
  } catch {
    return [];
  }
}

/** Every string scalar under a node, with its node, for `run:` and `script:` entries. */
function* scalars(n: unknown): Generator<YamlNode> {
  if (isScalar(n)) {
    if (typeof n.value === 'string') yield n;
  } else if (isMap(n)) {
    for (const it of n.items) yield* scalars(it.value);
  } else if (isSeq(n)) {
    for (const it of n.items) yield* scalars(it);
  }
}

function workflowHints(file: string, text: string, source: ImageBuildHint['source']): ImageBuildHint[] {
  const out: ImageBuildHint[] = [];
  for (const doc of safeDocs(text)) {
    const vars = new Map<string, string>();
    const env = doc.get('env', true);
    if (isMap(env)) for (const it of env.items) if (isScalar(it.key) && scalarText(it.value) !== undefined) vars.set(String(it.key.value), scalarText(it.value)!);
    // Shell commands anywhere in the file (run:, script:, args of Cloud Build steps).
    for (const s of scalars(doc.contents)) {
      const loc = nodeLoc(file, s);
      if (loc && /\b(docker|podman|nerdctl|buildah)\b/.test(String((s as { value: unknown }).value))) appendAll(out, scanCommands(text, loc.start, loc.end, vars, '', file, source));
    }
    // Cloud Build: `args: [build, -t, IMAGE, -f, FILE, .]` as a list.
    const steps = doc.get('steps', true);
    if (isSeq(steps)) {
      for (const step of steps.items) {
        if (!isMap(step)) continue;
        const args = step.get('args', true);
        if (!isSeq(args) || !/docker/.test(scalarText(step.get('name', true)) ?? '')) continue;
        const words = args.items.map((a) => ({ value: scalarText(a) ?? '', start: nodeLoc(file, a as YamlNode)?.start ?? 0, end: nodeLoc(file, a as YamlNode)?.end ?? 0 }));
        if (words[0]?.value === 'build') appendAll(out, parseBuildArgs(words.slice(1), vars, '', file, source));
      }
    }
    // GitHub Actions: docker/build-push-action with `context`, `file`, `tags`, `target`.
    const jobs = doc.get('jobs', true);
    if (!isMap(jobs)) continue;
    for (const job of jobs.items) {
      const jsteps = isMap(job.value) ? job.value.get('steps', true) : undefined;
      if (!isSeq(jsteps)) continue;
      for (const step of jsteps.items) {
        if (!isMap(step) || !/^docker\/build-push-action@/.test(scalarText(step.get('uses', true)) ?? '')) continue;
        const w = step.get('with', true);
        if (!isMap(w)) continue;
        const context = substitute(scalarText(w.get('context', true)) ?? '.', vars);
        const fileArg = scalarText(w.get('file', true));
        const target = scalarText(w.get('target', true));
        const tagsNode = w.get('tags', true);
        const tagsLoc = nodeLoc(file, tagsNode as YamlNode);
        if (!tagsLoc || context.includes('$')) continue;
        const df = posix.normalize(fileArg ? substitute(fileArg, vars) : posix.join(context, 'Dockerfile'));
        for (const tag of (scalarText(tagsNode) ?? '')
          .split(/[\n,]/)
          .map((t) => substitute(t.trim(), vars))
          .filter((t) => t && !t.includes('$'))) {
          if (!df.startsWith('..') && !df.includes('$')) out.push({ image: tag, dockerfile: df, ...(target ? { target } : {}), loc: tagsLoc, source });
        }
      }
    }
  }
  return out;
}

/** The image build hints a build file holds. Never throws: unreadable content gives none. */
export function extractBuildHints(path: string, text: string): ImageBuildHint[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  try {
    if (isComposePath(path)) return composeHints(path, text);
    if (/^skaffold\.ya?ml$/i.test(base)) return skaffoldHints(path, text);
    if (/\.ya?ml$/i.test(base)) return workflowHints(path, text, 'ci-workflow');
    const cwd = posix.dirname(path) === '.' ? '' : posix.dirname(path);
    const source = /\.sh$/.test(base) ? 'script' : 'makefile';
    return scanCommands(text, 0, text.length, assignments(text), cwd, path, source);
  } catch {
    return [];
  }
}
