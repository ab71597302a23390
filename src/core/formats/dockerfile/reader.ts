// Reads Dockerfiles: dockerfile-ast finds the instructions, and this module extracts stages,
// images, users, ARG/ENV values and the shell commands of RUN/CMD/ENTRYPOINT with exact offsets.

import { DockerfileParser } from 'dockerfile-ast';
import type { ParsedDocument } from '../../document';
import { factsFromEnvironment, factsFromScript, payloadOf } from '../../facts/commands';
import { makeImageRef } from '../../facts/image';
import { emptyFacts, type Facts, type ScriptOrigin, type SettingFact, type ShellScript, type Str } from '../../facts/model';
import type { Fix, Loc, Problem } from '../../model';
import { identityMap, parseShell, scriptFromArgv, shiftMap, tableMap, type OffsetMap } from '../../shell/parse';
import type { SourceFile } from '../../source';
import type { FormatReader } from '../reader';
import { dockerfileNameMatch, looksLikeDockerfile } from './naming';
import { rememberLayout, type DockerfileLayout } from './layout';
import type { DockerfileFact, DockerfileStage } from '../../facts/dockerfile';
import { appendAll } from '../../collections';
import { checkBudget } from '../../workspace/budget';

export { isDockerfilePath } from './naming';

interface RawInstruction {
  keyword: string;
  start: number;
  end: number;
  /** Offset where the arguments begin (after the keyword and blanks). */
  argsStart: number;
}

/** Text of an instruction's arguments with line continuations (and comment lines inside them) removed. */
function logicalArgs(file: SourceFile, ins: RawInstruction, escape: string): { text: string; map: OffsetMap } {
  const raw = file.text.slice(ins.argsStart, ins.end);
  // The common case needs no rewriting: the shell parser understands backslash-newline itself.
  if (escape === '\\' && (!raw.includes('#') || !/\n[ \t]*#/.test(raw))) return { text: raw, map: identityMap(file.path, ins.argsStart) };
  let text = '';
  const offsets: number[] = [];
  let i = 0;
  let lineStart = true;
  while (i < raw.length) {
    if (lineStart && /^[ \t]*#/.test(raw.slice(i, raw.indexOf('\n', i) < 0 ? raw.length : raw.indexOf('\n', i)))) {
      const nl = raw.indexOf('\n', i);
      i = nl < 0 ? raw.length : nl + 1;
      continue;
    }
    lineStart = false;
    const c = raw[i];
    if (c === escape && (raw[i + 1] === '\n' || (raw[i + 1] === '\r' && raw[i + 2] === '\n'))) {
      i += raw[i + 1] === '\r' ? 3 : 2;
      lineStart = true;
      continue;
    }
    if (c === escape && escape !== '\\') {
      // With a backtick escape, backslashes are ordinary characters for the shell (Windows paths).
      text += raw[i + 1] ?? '';
      offsets.push(ins.argsStart + i + 1);
      i += 2;
      continue;
    }
    text += c;
    offsets.push(ins.argsStart + i);
    if (c === '\n') lineStart = true;
    i++;
  }
  offsets.push(ins.argsStart + raw.length);
  return { text, map: tableMap(file.path, offsets) };
}

/**
 * Finds the strings of an exec-form (JSON array) argument list with their offsets, or undefined.
 * Line continuations between the strings count as blanks, as Docker removes them first.
 */
export function parseExecForm(text: string, map: OffsetMap, escape = '\\'): Str[] | undefined {
  // Most instructions are in shell form: look at the first non-blank character before copying.
  let j = 0;
  while (j < text.length && /\s/.test(text[j])) j++;
  if (text[j] !== '[') return undefined;
  const t = text.trimEnd();
  let i = t.length - t.trimStart().length;
  if (t[i] !== '[' || t[t.length - 1] !== ']') return undefined;
  const skipBlanks = () => {
    for (;;) {
      if (/\s/.test(t[i] ?? '')) i++;
      else if (t[i] === escape && t[i + 1] === '\n') i += 2;
      else if (t[i] === escape && t[i + 1] === '\r' && t[i + 2] === '\n') i += 3;
      else return;
    }
  };
  const out: Str[] = [];
  let afterComma = false;
  i++;
  for (;;) {
    skipBlanks();
    // `["a",]` is not JSON, so Docker runs the text with the shell instead.
    if (t[i] === ']') return i === t.length - 1 && !afterComma ? out : undefined;
    if (t[i] !== '"') return undefined;
    const start = i;
    i++;
    while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
    if (t[i] !== '"') return undefined;
    let value: string;
    try {
      value = JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      return undefined;
    }
    out.push({ value, loc: { file: map.file, start: map.at(start + 1), end: map.at(i) } });
    i++;
    skipBlanks();
    afterComma = t[i] === ',';
    if (afterComma) i++;
    else if (t[i] !== ']') return undefined;
  }
}

/** Leading `--flag=value` options of RUN/ADD/COPY/FROM, and where the rest begins. */
function splitFlags(text: string): { flags: { name: string; value: string }[]; rest: number } {
  const flags: { name: string; value: string }[] = [];
  if (!/^\s*--/.test(text)) {
    // No flags: the rest begins after the leading blanks.
    let pos = 0;
    while (text[pos] === ' ' || text[pos] === '\t') pos++;
    return { flags, rest: pos };
  }
  const re = /\s*--([a-z][a-z-]*)(?:=((?:"[^"]*"|'[^']*'|\S)*))?/y;
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || (m.index === pos && !/^\s*--/.test(text.slice(pos)))) break;
    flags.push({ name: m[1], value: m[2] ?? '' });
    pos = re.lastIndex;
  }
  while (/[ \t]/.test(text[pos] ?? '')) pos++;
  return { flags, rest: pos };
}

function isPosixShell(shell: string[] | undefined): boolean {
  return !shell || /(^|\/)(ba|da|z|a|k)?sh$/.test(shell[0] ?? '');
}

class DockerfileReading {
  readonly facts: Facts = emptyFacts();
  readonly notes: Problem[] = [];
  readonly model: DockerfileFact;
  private stage: DockerfileStage | undefined;
  private readonly globalVars = new Map<string, string>();
  private vars = new Map<string, string>();
  /** ENV values of each stage (by index), which a stage built `FROM <stage>` inherits. */
  private readonly stageEnv: Map<string, string>[] = [];
  /** The first stage of each name (lower-cased), as `FROM <name>` finds it. */
  private readonly stageByName = new Map<string, number>();
  private shell: string[] | undefined;

  constructor(
    private readonly file: SourceFile,
    escape: string,
  ) {
    const text = file.text;
    this.model = {
      file: file.path,
      escape,
      stages: [],
      globalArgs: [],
      eol: text.includes('\r\n') ? '\r\n' : '\n',
      textLength: text.length,
      finalNewline: text.endsWith('\n'),
    };
  }

  private loc(start: number, end: number): Loc {
    return { file: this.file.path, start, end };
  }

  instruction(ins: RawInstruction): void {
    const { text, map } = logicalArgs(this.file, ins, this.model.escape);
    switch (ins.keyword) {
      case 'FROM':
        return this.from(ins, text, map);
      case 'ARG':
        return this.argOrEnv(ins, text, map, 'dockerfile-arg');
      case 'ENV':
        return this.argOrEnv(ins, text, map, 'dockerfile-env');
      case 'USER':
        return this.user(ins, text, map);
      case 'RUN':
        return this.command(ins, text, map, 'dockerfile-run', 'build');
      case 'CMD':
        return this.command(ins, text, map, 'dockerfile-cmd', 'run');
      case 'ENTRYPOINT':
        return this.command(ins, text, map, 'dockerfile-entrypoint', 'run');
      case 'HEALTHCHECK': {
        const m = /^\s*((?:--\S+\s+)*)CMD\s+/i.exec(text);
        if (m) this.command(ins, text.slice(m[0].length), shiftMap(map, m[0].length), 'dockerfile-cmd', 'run');
        return;
      }
      case 'ADD':
        this.copy(ins, text, map, 'ADD');
        return this.add(text, map);
      case 'COPY':
        return this.copy(ins, text, map, 'COPY');
      case 'SHELL': {
        const argv = parseExecForm(text, map, this.model.escape);
        if (argv) this.shell = argv.map((s) => s.value);
        return;
      }
      default:
        return;
    }
  }

  private from(ins: RawInstruction, text: string, map: OffsetMap): void {
    const { rest } = splitFlags(text);
    const script = parseShell(text.slice(rest), shiftMap(map, rest), this.globalVars);
    const words = script.commands[0]?.words ?? [];
    const index = this.model.stages.length;
    const workloadId = `${this.file.path}#stage-${index}`;
    const imageWord = words[0];
    const asAt = words.findIndex((w) => w.value.toLowerCase() === 'as');
    const name = asAt > 0 ? words[asAt + 1]?.value : undefined;
    if (this.stage) this.stage.endOffset = ins.start;
    const stage: DockerfileStage = {
      index,
      ...(name ? { name } : {}),
      workloadId,
      fromLoc: this.loc(ins.start, ins.end),
      endOffset: ins.end,
      scratch: false,
      users: [],
      secretMounts: [],
      copies: [],
    };
    if (imageWord) {
      const resolved = imageWord.value;
      const base = this.stageByName.get(resolved.toLowerCase());
      if (base !== undefined) {
        stage.baseStage = base;
      } else if (resolved.toLowerCase() === 'scratch') {
        stage.scratch = true;
      } else {
        stage.image = makeImageRef({ value: imageWord.raw, loc: imageWord.loc }, resolved, imageWord.dynamic, 'build-base', workloadId);
        this.facts.images.push(stage.image);
      }
    }
    this.model.stages.push(stage);
    if (name && !this.stageByName.has(name.toLowerCase())) this.stageByName.set(name.toLowerCase(), index);
    this.stage = stage;
    // Each stage starts with the global ARG defaults only when it redeclares them, and with the
    // ENV of the stage it builds on (ENV is part of that image; ARG is not).
    const inherited = stage.baseStage !== undefined ? this.stageEnv[stage.baseStage] : undefined;
    this.stageEnv[index] = new Map(inherited);
    this.vars = new Map(inherited);
    this.shell = undefined;
    this.facts.workloads.push({
      id: workloadId,
      kind: 'image-build',
      name: name ?? `stage ${index}`,
      format: 'dockerfile',
      loc: this.loc(ins.start, ins.end),
      anchor: this.loc(ins.start, ins.start + 4),
      ...(stage.image ? { image: stage.image } : {}),
      dependsOn: stage.baseStage !== undefined ? [this.model.stages[stage.baseStage].workloadId] : [],
    });
  }

  private argOrEnv(ins: RawInstruction, text: string, map: OffsetMap, origin: 'dockerfile-arg' | 'dockerfile-env'): void {
    const settings: SettingFact[] = [];
    const scope = this.stage ? this.vars : this.globalVars;
    const simple = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([^\s'"$\\`]*))?\s*$/.exec(text);
    if (simple && (simple[2] !== undefined || origin === 'dockerfile-arg')) {
      // The common `ARG NAME=value` / `ENV NAME=value` needs no shell parsing.
      this.simpleSetting(simple[1], simple[2], map, scope, origin, settings);
      appendAll(this.facts.settings, settings);
      factsFromEnvironment(settings, 'build', 'dockerfile-run', this.facts);
      return;
    }
    const script = parseShell(text, map, scope);
    const cmd = script.commands[0];
    if (!cmd) return;
    const wid = this.stage ? { workloadId: this.stage.workloadId } : {};
    const push = (name: Str, value: Str | undefined) => {
      settings.push({ name, ...(value ? { value } : {}), referenced: false, origin, ...wid });
    };
    if (origin === 'dockerfile-env' && cmd.assigns.length === 0 && cmd.words.length >= 1 && !cmd.words[0].value.includes('=')) {
      // Legacy form: ENV NAME value with spaces.
      const nameWord = cmd.words[0];
      const rest = cmd.words.slice(1);
      // The blanks between the words are part of the value, as written (line continuations aside).
      const gap = (k: number) =>
        this.file.text
          .slice(rest[k - 1].loc.end, rest[k].loc.start)
          .replace(/\r/g, '')
          .split(this.model.escape + '\n')
          .join('');
      const value = rest.map((w, k) => (k ? gap(k) : '') + w.value).join('');
      const valueLoc = rest.length ? this.loc(rest[0].loc.start, rest[rest.length - 1].loc.end) : nameWord.loc;
      push({ value: nameWord.value, loc: nameWord.loc }, { value, loc: valueLoc });
      setBounded(scope, nameWord.value, value);
      if (this.stage) this.stageEnv[this.stage.index].set(nameWord.value, value);
    } else {
      const items = [...cmd.assigns.map((a) => ({ text: a.name + '=' + a.value, loc: a.loc })), ...cmd.words.map((w) => ({ text: w.value, loc: w.loc }))];
      for (const it of items) {
        const eq = it.text.indexOf('=');
        const nameText = eq < 0 ? it.text : it.text.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(nameText)) continue;
        const raw = this.file.text.slice(it.loc.start, it.loc.end);
        const rawEq = raw.indexOf('=');
        const nameLoc = this.loc(it.loc.start, it.loc.start + nameText.length);
        if (eq < 0) {
          // `ARG NAME` without default: inherit the global default when redeclared in a stage.
          const inherited = origin === 'dockerfile-arg' && this.stage ? this.globalVars.get(nameText) : undefined;
          if (inherited !== undefined) setBounded(scope, nameText, inherited);
          push({ value: nameText, loc: nameLoc }, undefined);
          if (!this.stage) this.model.globalArgs.push({ value: nameText, loc: nameLoc });
          continue;
        }
        const value = it.text.slice(eq + 1);
        let vStart = rawEq >= 0 ? it.loc.start + rawEq + 1 : it.loc.end;
        let vEnd = it.loc.end;
        // The value's loc excludes its quotes.
        const q = this.file.text[vStart];
        if ((q === '"' || q === "'") && this.file.text[vEnd - 1] === q && vEnd - vStart >= 2) {
          vStart++;
          vEnd--;
        }
        push({ value: nameText, loc: nameLoc }, { value, loc: this.loc(vStart, vEnd) });
        if (!this.stage) this.model.globalArgs.push({ value: nameText, loc: nameLoc });
        setBounded(scope, nameText, value);
        if (origin === 'dockerfile-env' && this.stage) this.stageEnv[this.stage.index].set(nameText, value);
      }
    }
    appendAll(this.facts.settings, settings);
    factsFromEnvironment(settings, 'build', 'dockerfile-run', this.facts);
  }

  private simpleSetting(name: string, value: string | undefined, map: OffsetMap, scope: Map<string, string>, origin: 'dockerfile-arg' | 'dockerfile-env', settings: SettingFact[]): void {
    const nameLoc = this.loc(map.at(0), map.at(name.length - 1) + 1);
    const wid = this.stage ? { workloadId: this.stage.workloadId } : {};
    if (!this.stage) this.model.globalArgs.push({ value: name, loc: nameLoc });
    if (value === undefined) {
      const inherited = this.stage ? this.globalVars.get(name) : undefined;
      if (inherited !== undefined) setBounded(scope, name, inherited);
      settings.push({ name: { value: name, loc: nameLoc }, referenced: false, origin, ...wid });
      return;
    }
    const vStart = map.at(name.length + 1);
    const valueLoc = this.loc(vStart, value.length ? map.at(name.length + value.length) + 1 : vStart);
    settings.push({ name: { value: name, loc: nameLoc }, value: { value, loc: valueLoc }, referenced: false, origin, ...wid });
    setBounded(scope, name, value);
    if (origin === 'dockerfile-env' && this.stage) this.stageEnv[this.stage.index].set(name, value);
  }

  private user(ins: RawInstruction, text: string, map: OffsetMap): void {
    if (!this.stage) return;
    const script = parseShell(text, map, this.vars);
    const w = script.commands[0]?.words[0];
    if (!w) return;
    this.stage.users.push({ value: w.value, loc: w.loc, dynamic: w.dynamic });
  }

  private command(ins: RawInstruction, text: string, map: OffsetMap, origin: ScriptOrigin, phase: 'build' | 'run'): void {
    let body = text;
    let bodyMap = map;
    if (origin === 'dockerfile-run') {
      const { flags, rest } = splitFlags(text);
      for (const f of flags) {
        if (f.name === 'mount' && /(^|,)type=secret(,|$)/.test(f.value)) {
          const id = /(?:^|,)(?:id|env)=([^,]+)/.exec(f.value);
          if (id && this.stage) this.stage.secretMounts.push(id[1]);
        }
      }
      body = text.slice(rest);
      bodyMap = shiftMap(map, rest);
    }
    const ctx = { origin, phase, file: this.file.path, ...(this.stage ? { workloadId: this.stage.workloadId } : {}) };
    const argv = parseExecForm(body, bodyMap, this.model.escape);
    // RUN sees the stage's ARG and ENV values; a container started from the image only its ENV.
    const vars = phase === 'build' || !this.stage ? this.vars : this.stageEnv[this.stage.index];
    let script: ShellScript;
    if (argv) {
      // Docker passes exec-form arguments as written; only an `sh -c` script expands variables.
      script = scriptFromArgv(argv, vars, this.file.text, 'json', false);
    } else {
      if (!isPosixShell(this.shell)) return;
      script = parseHeredocRun(body, bodyMap, vars) ?? parseShell(body, bodyMap, vars);
      if (script.incomplete) {
        this.notes.push({
          file: this.file.path,
          level: 'warning',
          message: `${ins.keyword} has an unterminated quote or heredoc; the rest of the instruction was read as far as possible`,
          loc: this.loc(ins.start, ins.end),
        });
      }
    }
    factsFromScript(script, ctx, this.facts);
  }

  /** Records the sources of a COPY or ADD on the stage. */
  private copy(ins: RawInstruction, text: string, map: OffsetMap, keyword: 'COPY' | 'ADD'): void {
    const { flags, rest } = splitFlags(text);
    const argv = parseExecForm(text.slice(rest), shiftMap(map, rest), this.model.escape);
    const words = argv ?? parseShell(text.slice(rest), shiftMap(map, rest), this.vars).commands[0]?.words.map((w) => ({ value: w.value, loc: w.loc })) ?? [];
    const from = flags.find((f) => f.name === 'from')?.value.replace(/^["']|["']$/g, '');
    this.stage?.copies.push({ keyword, sources: words.slice(0, -1), ...(from ? { from } : {}), loc: this.loc(ins.start, ins.end) });
  }

  private add(text: string, map: OffsetMap): void {
    const argsStart = map.at(0);
    const { flags, rest } = splitFlags(text);
    const checksum = flags.find((f) => f.name === 'checksum');
    const argv = parseExecForm(text.slice(rest), shiftMap(map, rest), this.model.escape);
    const words = argv ?? parseShell(text.slice(rest), shiftMap(map, rest), this.vars).commands[0]?.words.map((w) => ({ value: w.value, loc: w.loc })) ?? [];
    const sources = words.slice(0, -1);
    const wid = this.stage ? { workloadId: this.stage.workloadId } : {};
    for (const s of sources) {
      if (!/^(https?|ftp):\/\//i.test(s.value)) continue;
      this.facts.urls.push({ url: s, role: 'add-source', ...wid });
      const remedy: Fix = {
        title: 'Verify the download with ADD --checksum',
        kind: 'guided',
        edits: [{ file: this.file.path, start: argsStart, end: argsStart, newText: '--checksum=sha256:<sha256-of-the-file> ' }],
      };
      this.facts.downloads.push({ tool: 'add', url: s, verified: !!checksum, payload: payloadOf(s.value, words[words.length - 1]?.value), loc: s.loc, ...(checksum ? {} : { remedy }), ...wid });
    }
  }

  finish(): void {
    if (this.stage) this.stage.endOffset = this.file.text.length;
  }
}

/** `RUN <<EOF … EOF` runs the heredoc body as a script. */
function parseHeredocRun(body: string, map: OffsetMap, vars: Map<string, string>): ShellScript | undefined {
  const m = /^<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*(\r?\n)/.exec(body);
  if (!m) return undefined;
  const start = m[0].length;
  const lines = body.slice(start).split('\n');
  let offset = start;
  let end = body.length;
  let incomplete = true;
  for (const line of lines) {
    const l = (m[1] ? line.replace(/^\t+/, '') : line).replace(/\r$/, '');
    if (l === m[3]) {
      end = offset;
      incomplete = false;
      break;
    }
    offset += line.length + 1;
  }
  const script = parseShell(body.slice(start, end), shiftMap(map, start), m[2] ? new Map() : vars);
  return incomplete ? { ...script, incomplete: true } : script;
}

export const dockerfileReader: FormatReader = {
  id: 'dockerfile',
  matches: dockerfileNameMatch,
  parse(file) {
    if (dockerfileNameMatch(file.path) !== 'yes' && !looksLikeDockerfile(file.text)) return [];
    const df = DockerfileParser.parse(file.text);
    const reading = new DockerfileReading(file, df.getEscapeCharacter());
    const layout: DockerfileLayout = { escape: df.getEscapeCharacter(), instructions: [] };
    for (const ins of df.getInstructions()) {
      checkBudget();
      const r = ins.getRange();
      layout.instructions.push({ keyword: ins.getKeyword().toUpperCase(), lineStart: file.offsetAt({ line: r.start.line, character: 0 }) });
      const kw = ins.getInstructionRange();
      const start = file.offsetAt(r.start);
      const end = file.offsetAt(r.end);
      let argsStart = file.offsetAt(kw.end);
      while (argsStart < end && (file.text[argsStart] === ' ' || file.text[argsStart] === '\t')) argsStart++;
      reading.instruction({ keyword: ins.getKeyword(), start, end, argsStart });
    }
    reading.finish();
    rememberLayout(file, layout);
    const notes = reading.notes;
    if (!/\S/.test(file.text)) notes.push({ file: file.path, level: 'info', message: 'empty Dockerfile: nothing to analyse' });
    else if (reading.model.stages.length === 0) notes.push({ file: file.path, level: 'warning', message: 'no FROM instruction: this is not a buildable Dockerfile' });
    reading.facts.dockerfiles.push(reading.model);
    const doc: ParsedDocument = { file, format: 'dockerfile', facts: reading.facts, notes, ast: reading.model };
    return [doc];
  },
};

/**
 * Longest ARG or ENV value kept for expansion (characters). Values that reference each other
 * (`ARG A1=${A0}${A0}`) double at each line; a longer value is forgotten, so later references
 * to it are unknown rather than gigabytes long.
 */
export const MAX_VARIABLE_LENGTH = 64 * 1024;

function setBounded(scope: Map<string, string>, name: string, value: string): void {
  if (value.length <= MAX_VARIABLE_LENGTH) scope.set(name, value);
  else scope.delete(name);
}
