// The build-context enricher: reads the files that Dockerfile COPY and ADD instructions take from
// their build context (the Dockerfile's directory), so the credential-file rule can tell a private
// key from a certificate and a service-account key from any JSON file. It reads small regular
// files only and never leaves the workspace.

import ignore from 'ignore';
import type { DocumentIndex } from '../../document';
import type { Enricher } from '../../enricher';
import { emptyFacts, type BuildContextFact, type ContextFileFact, type Facts } from '../../facts/model';
import { contextPath, type DockerfileFact } from '../../facts/dockerfile';
import type { WorkspaceIO } from '../../workspace/io';

/** Larger files are not credential files; they are not read. */
const MAX_READ = 64 * 1024;
/** At most this many files are read for one analysis. */
const MAX_FILES = 500;

/** What a file's text is, as far as credentials go. */
export function contentKind(text: string): ContextFileFact['content'] {
  if (/"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text)) return 'service-account-key';
  if (/-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY-----/.test(text)) return 'private-key';
  if (
    /(^|\n)\s*(\/\/[^\n]*:)?_(authToken|auth|password)\s*=\s*\S/.test(text) ||
    /(^|\n)\s*password\s*[=:]\s*\S/i.test(text) ||
    /(^|\n)\s*(machine\s+\S+\s+)?(login\s+\S+\s+)?password\s+\S/.test(text) ||
    /aws_secret_access_key\s*=\s*\S/i.test(text) ||
    /(^|\n)\s*(token|client-key-data)\s*:\s*\S/.test(text) ||
    /"(client_secret|refresh_token|key)"\s*:\s*"[^"]+"/.test(text)
  ) {
    return 'token';
  }
  return 'other';
}

async function readContextFile(io: WorkspaceIO, path: string): Promise<ContextFileFact | undefined> {
  const text = await readSmall(io, path);
  return text === undefined ? undefined : { path, content: contentKind(text) };
}

/** What a build context must not send: the repository history, DVC's cache, MLflow's local runs, the environment file. */
export const SENSITIVE_CONTEXT_ENTRIES = ['.git', '.dvc/cache', 'mlruns', '.env'];

/** Whether a COPY or ADD takes the whole build context (`COPY . /app`). */
export function copiesWholeContext(model: DockerfileFact): boolean {
  return model.stages.some((st) => st.copies.some((c) => !c.from && c.sources.some((s) => /^\.\/?$/.test(s.value.trim()))));
}

async function readSmall(io: WorkspaceIO, path: string): Promise<string | undefined> {
  const st = await io.stat(path);
  return st?.isFile && st.size <= MAX_READ ? (await io.readFile(path, MAX_READ)).toString('utf8') : undefined;
}

/** The sensitive entries of a Dockerfile's context that exist and that its .dockerignore does not exclude. */
async function buildContext(io: WorkspaceIO, dockerfile: string): Promise<BuildContextFact> {
  const dir = dockerfile.includes('/') ? dockerfile.slice(0, dockerfile.lastIndexOf('/')) : '';
  const inDir = (p: string) => (dir ? `${dir}/${p}` : p);
  let ignoreFile: string | undefined;
  let text: string | undefined;
  for (const candidate of [`${dockerfile}.dockerignore`, inDir('.dockerignore')]) {
    text = await readSmall(io, candidate);
    if (text !== undefined) {
      ignoreFile = candidate;
      break;
    }
  }
  const lines = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^\/+/, ''))
    .filter((l) => l && !l.startsWith('#'));
  const ig = ignore().add(lines);
  const notExcluded: string[] = [];
  for (const entry of SENSITIVE_CONTEXT_ENTRIES) {
    if (!(await io.stat(inDir(entry)))) continue;
    if (!ig.ignores(entry) && !ig.ignores(`${entry}/`)) notExcluded.push(entry);
  }
  return { dockerfile, ...(ignoreFile ? { ignoreFile, ignoreText: text } : {}), notExcluded };
}

export const contextFilesEnricher: Enricher = {
  id: 'docker-build-context',
  async run(index: DocumentIndex, io: WorkspaceIO): Promise<Facts> {
    const facts = emptyFacts();
    const seen = new Set<string>();
    for (const d of index.ofFormat('dockerfile')) {
      for (const model of d.facts.dockerfiles) {
        if (copiesWholeContext(model)) facts.buildContexts.push(await buildContext(io, model.file));
        for (const stage of model.stages) {
          for (const copy of stage.copies) {
            if (copy.from) continue;
            for (const s of copy.sources) {
              const path = contextPath(model.file, s.value);
              if (path === undefined || !path || seen.has(path) || seen.size >= MAX_FILES) continue;
              seen.add(path);
              const fact = await readContextFile(io, path);
              if (fact) facts.contextFiles.push(fact);
            }
          }
        }
      }
    }
    return facts;
  },
};
