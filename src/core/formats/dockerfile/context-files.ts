// The build-context enricher: reads the files that Dockerfile COPY and ADD instructions take from
// their build context (the Dockerfile's directory), so the credential-file rule can tell a private
// key from a certificate and a service-account key from any JSON file. It reads small regular
// files only and never leaves the workspace.

import type { DocumentIndex } from '../../document';
import type { Enricher } from '../../enricher';
import { emptyFacts, type ContextFileFact, type Facts } from '../../facts/model';
import type { WorkspaceIO } from '../../workspace/io';
import { contextPath } from '../../facts/dockerfile';

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
  const st = await io.stat(path);
  if (!st?.isFile || st.size > MAX_READ) return undefined;
  const text = (await io.readFile(path, MAX_READ)).toString('utf8');
  return { path, content: contentKind(text) };
}

export const contextFilesEnricher: Enricher = {
  id: 'docker-build-context',
  async run(index: DocumentIndex, io: WorkspaceIO): Promise<Facts> {
    const facts = emptyFacts();
    const seen = new Set<string>();
    for (const d of index.ofFormat('dockerfile')) {
      for (const model of d.facts.dockerfiles) {
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
