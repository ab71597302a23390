// Which file names are Dockerfiles. Exact names and the `.dockerfile` suffix are claimed outright;
// the looser variants (`Dockerfile-cuda`, `Dockerfile.gpu`, `build.docker`, `Containerfile.arm64`)
// are claimed only when the content reads as a Dockerfile, so `Dockerfile.md` or `Dockerfile.yaml`
// stay with their own readers.

import { baseName } from '../reader';

/** `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`, `*.containerfile`: always Dockerfiles. */
function isCertainName(b: string): boolean {
  return /^(Dockerfile|Containerfile)$/i.test(b) || /.\.(dockerfile|containerfile)$/i.test(b);
}

/** `Dockerfile-*`, `Dockerfile.*`, `Dockerfile_*`, `Containerfile*`, `*.docker`: Dockerfiles when the content says so. */
function isLooseName(b: string): boolean {
  return /^Dockerfile[-._].+$/i.test(b) || /^Containerfile.+$/i.test(b) || /.\.docker$/i.test(b);
}

/** How sure the file name alone makes it that the file is a Dockerfile. */
export function dockerfileNameMatch(path: string): 'yes' | 'maybe' | 'no' {
  const b = baseName(path);
  if (isCertainName(b)) return 'yes';
  return isLooseName(b) ? 'maybe' : 'no';
}

/** Whether a path is named like a Dockerfile (with or without a content check to come). */
export function isDockerfilePath(path: string): boolean {
  return dockerfileNameMatch(path) !== 'no';
}

/**
 * Whether text reads as a Dockerfile: its first statement (after blank lines, comments and parser
 * directives) is a FROM or a global ARG instruction, and some line is a FROM instruction.
 */
export function looksLikeDockerfile(text: string): boolean {
  const first = /^\uFEFF?(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(\w+)[ \t]+\S/.exec(text);
  if (!first || !/^(FROM|ARG)$/i.test(first[1])) return false;
  return /^[ \t]*FROM[ \t]+\S/im.test(text);
}
