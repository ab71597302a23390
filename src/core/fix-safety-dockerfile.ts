// Fix safety for a Dockerfile, judged one stretch of instructions at a time. Each instruction
// starts on a line of its own, and the reader's warnings (an unterminated quote or heredoc in a
// RUN script) belong to one instruction; so an edit inside a stretch that starts and ends at
// instruction lines changes the file's warnings exactly as it changes the stretch's, read alone.
// A Dockerfile with many fixes is then read once, not once per fix. Whenever the stretch read
// alone could differ from the file (a SHELL instruction, another escape character, a line
// continuation left at its end, a change of the file's stages), or the edit would add a warning,
// the caller reads the whole edited file instead.

import { defaultConfig } from './config';
import { applyEdits } from './fixes';
import { dockerfileLayout, type DockerfileLayout } from './formats/dockerfile/layout';
import { dockerfileReader } from './formats/dockerfile/reader';
import { dockerfileNameMatch } from './formats/dockerfile/naming';
import type { TextEdit } from './model';
import { SourceFile } from './source';

/** What fix safety counts in a reading of a Dockerfile text. */
export interface DockerfileReading {
  /** Warnings of the reader, the missing-FROM warning included. */
  warnings: number;
  /** FROM instructions. */
  stages: number;
}

export function readDockerfile(path: string, text: string): DockerfileReading {
  const out = dockerfileReader.parse(new SourceFile(path, text), { config: defaultConfig() });
  const docs = Array.isArray(out) ? out : [];
  return {
    warnings: docs.reduce((n, d) => n + d.notes.filter((x) => x.level !== 'info').length, 0),
    stages: docs.reduce((n, d) => n + ((d.ast as { stages?: unknown[] } | undefined)?.stages?.length ?? 0), 0),
  };
}

/** The warnings a stretch owns: the missing-FROM warning belongs to the whole file. */
const own = (r: DockerfileReading, text: string) => r.warnings - (r.stages === 0 && /\S/.test(text) ? 1 : 0);

interface Analysed {
  layout: DockerfileLayout;
  /** FROM instructions of the file. */
  stages: number;
  /** Readings of stretches already judged, by `start:end`. */
  stretches: Map<string, DockerfileReading>;
}

const analysed = new WeakMap<SourceFile, Analysed>();

function analysedOf(source: SourceFile): Analysed {
  let a = analysed.get(source);
  if (!a) {
    const layout = dockerfileLayout(source);
    analysed.set(source, (a = { layout, stages: layout.instructions.filter((i) => i.keyword === 'FROM').length, stretches: new Map() }));
  }
  return a;
}

/** The last line of a text that is neither blank nor a comment ends with the escape character. */
function continuesAtEnd(text: string, escape: string): boolean {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].replace(/[ \t\r]+$/, '');
    if (!line.trim() || /^\s*#/.test(line)) continue;
    return line.endsWith(escape);
  }
  return false;
}

/**
 * `undefined` when the edits keep the Dockerfile as well-formed as it was, judged from the
 * stretch of instructions they touch; `null` when that cannot tell, and the whole edited file
 * must be read.
 */
export function dockerfileStretchRegression(source: SourceFile, edits: readonly TextEdit[]): undefined | null {
  if (dockerfileNameMatch(source.path) !== 'yes' || edits.some((e) => /shell|escape/i.test(e.newText))) return null;
  const a = analysedOf(source);
  const starts = a.layout.instructions.map((i) => i.lineStart);
  if (a.layout.escape !== '\\' || a.stages === 0 || a.layout.instructions.some((i) => i.keyword === 'SHELL')) return null;
  const lo = Math.min(...edits.map((e) => e.start));
  const hi = Math.max(...edits.map((e) => e.end));
  if (!starts.length || lo < starts[0]) return null;
  let first = 0;
  while (first + 1 < starts.length && starts[first + 1] <= lo) first++;
  const next = starts.findIndex((s) => s > hi);
  const start = starts[first];
  const end = next < 0 ? source.text.length : starts[next];
  if (start === 0 && edits.some((e) => e.newText.includes('#'))) return null;
  const before = source.text.slice(start, end);
  const after = applyEdits(
    before,
    edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText })),
  );
  if (next >= 0 && (continuesAtEnd(after, a.layout.escape) || !after.endsWith('\n'))) return null;
  const key = `${start}:${end}`;
  let was = a.stretches.get(key);
  if (!was) a.stretches.set(key, (was = readDockerfile(source.path, before)));
  const now = readDockerfile(source.path, after);
  if (a.stages - was.stages + now.stages === 0) return null;
  return own(now, after) > own(was, before) ? null : undefined;
}
