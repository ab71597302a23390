// secrets/broad-build-context: `COPY .` of a build context whose .dockerignore leaves the Git
// history, DVC's cache, MLflow's runs or the .env file in.

import { defineRule, type Report } from '../rule';

const WHAT: Record<string, string> = {
  '.git': '.git (the repository history, with every secret ever committed)',
  '.dvc/cache': '.dvc/cache (DVC’s copies of datasets and models)',
  mlruns: 'mlruns (MLflow’s local runs, parameters and artifacts)',
  '.env': '.env (the environment’s secrets)',
};

function listed(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export default defineRule({
  meta: {
    id: 'secrets/broad-build-context',
    title: 'Whole build context copied without excluding sensitive directories',
    description:
      'A Dockerfile `COPY .` or `ADD .` of its whole build context (taken to be the Dockerfile’s directory) while the context holds `.git`, `.dvc/cache`, `mlruns` or `.env` and no `.dockerignore` excludes them. BuildKit’s `<Dockerfile>.dockerignore` beside the Dockerfile is read first, then `.dockerignore` in the context. Only entries that exist in the workspace are reported, and the message names them.',
    explanation:
      '`COPY .` puts everything the build context holds into an image layer. Without a `.dockerignore` that includes the Git history — every credential ever committed and later removed is still in it —, DVC’s cache of datasets and models, MLflow’s local runs with their parameters and artifacts, and the `.env` file with the project’s tokens. Anyone who can pull the image reads them. List them in `.dockerignore` (or copy only the directories the image needs).',
    example: {
      language: 'dockerfile',
      bad: '# no .dockerignore\nFROM python:3.11-slim\nCOPY . /app',
      good: '# .dockerignore:  .git  .dvc/cache  mlruns  .env\nFROM python:3.11-slim\nCOPY . /app',
    },
    formats: ['dockerfile'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  check(ctx) {
    const out: Report[] = [];
    const contexts = new Map(ctx.facts.buildContexts.map((b) => [b.dockerfile, b]));
    for (const model of ctx.facts.dockerfiles) {
      const bc = contexts.get(model.file);
      if (!bc || !bc.notExcluded.length) continue;
      const dir = model.file.includes('/') ? model.file.slice(0, model.file.lastIndexOf('/') + 1) : '';
      const ignoreFile = bc.ignoreFile ?? `${dir}.dockerignore`;
      const existing = bc.ignoreFile ? bc.ignoreText : '';
      for (const stage of model.stages) {
        for (const copy of stage.copies) {
          const whole = copy.from ? undefined : copy.sources.find((s) => /^\.\/?$/.test(s.value.trim()));
          if (!whole) continue;
          const why = bc.ignoreFile ? `${bc.ignoreFile} does not exclude` : 'no .dockerignore excludes';
          out.push({
            message: `${copy.keyword} ${whole.value} sends the whole build context into the image, and ${why} ${listed(bc.notExcluded.map((e) => WHAT[e] ?? e))}.`,
            loc: whole.loc,
            fixes: [fixFor(ignoreFile, existing, bc.notExcluded)],
          });
        }
      }
    }
    return out;
  },
});

/** Appends the missing entries to the .dockerignore (creating it when there is none); only when its text is known. */
function fixFor(file: string, text: string | undefined, entries: string[]) {
  const title = `Exclude ${entries.join(', ')} in ${file}`;
  if (text === undefined) return { title: `${title} (no edit; add the lines to the file)`, kind: 'guided' as const, edits: [] };
  const start = text.length;
  const sep = text && !text.endsWith('\n') ? '\n' : '';
  return { title, kind: 'guided' as const, edits: [{ file, start, end: start, newText: `${sep}${entries.join('\n')}\n` }] };
}
