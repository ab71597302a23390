// A static parser for the POSIX shell found in pipeline commands: lists, pipes, quoting,
// expansions, command substitution, heredocs and `sh -c` scripts, with file offsets on every word.
// It never runs anything; unknown expansions are kept as written and marked dynamic.

import { appendAll } from '../collections';
import type { Loc } from '../model';
import type { ShellCommand, ShellScript, ShellWord, Str } from '../facts/model';

/** Maps an index in the script text to an offset in the file. */
export interface OffsetMap {
  file: string;
  at(i: number): number;
  /** Set when the text is not a verbatim copy: every location inside it is this whole span. */
  span?: Loc;
  /** Set when the text is a verbatim copy of the file from this offset on (`at(i)` is `base + i`). */
  base?: number;
}

/** For script text copied verbatim from the file starting at `base`. */
export function identityMap(file: string, base: number): OffsetMap {
  return { file, base, at: (i) => base + i };
}

/** Every location is one span (used when the source text is not a verbatim copy). */
export function spanMap(loc: Loc): OffsetMap {
  return { file: loc.file, at: (i) => (i <= 0 ? loc.start : loc.end), span: loc };
}

/** Maps through a table of file offsets (one per script character, plus one past the end). */
export function tableMap(file: string, offsets: ArrayLike<number>): OffsetMap {
  const n = offsets.length;
  return { file, at: (i) => (n === 0 ? 0 : offsets[Math.max(0, Math.min(i, n - 1))]) };
}

/** The map of a text that starts `by` characters into the text `outer` maps. */
export function shiftMap(outer: OffsetMap, by: number): OffsetMap {
  if (by === 0) return outer;
  if (outer.base !== undefined) return identityMap(outer.file, outer.base + by);
  return { file: outer.file, at: (i) => outer.at(by + i), ...(outer.span ? { span: outer.span } : {}) };
}

const MAX_DEPTH = 8;
const UNPLACED: Loc = { file: '', start: 0, end: 0 };
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'busybox']);
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time', 'esac']);
const RESERVED_MAX = Math.max(...[...RESERVED].map((w) => w.length));
/** The pattern list of a `case` arm, up to its closing parenthesis: `amd64)`, `(x86_64|amd64)`. */
const CASE_PATTERN = /^\(?[^()\n;&|]*(?:\|[^()\n;&|]*)*\)/;
/** How readWord treats an ASCII character: 0 copies it, WORD_END ends the word, SPECIAL needs a closer look. */
const WORD_END = 1;
const SPECIAL = 2;
const CHAR_KIND = new Uint8Array(128);
for (const c of ' \t\n\r;|&)') CHAR_KIND[c.charCodeAt(0)] = WORD_END;
for (const c of '\\\'"$`<>(') CHAR_KIND[c.charCodeAt(0)] = SPECIAL;

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
  command: ShellCommand;
  quoted: boolean;
}

class Parser {
  private i = 0;
  private pendingHeredocs: Heredoc[] = [];
  /** Open `case` statements, and whether an arm's pattern comes next. */
  private caseDepth = 0;
  private expectPattern = false;
  incomplete = false;

  constructor(
    private readonly text: string,
    private readonly map: OffsetMap,
    private readonly vars: ReadonlyMap<string, string>,
    private readonly depth: number,
  ) {}

  private loc(start: number, end: number): Loc {
    const base = this.map.base;
    if (base !== undefined) return { file: this.map.file, start: base + start, end: base + (end > start ? end : start) };
    if (this.map.span) return { ...this.map.span };
    const s = this.map.at(start);
    const e = end > start ? this.map.at(end - 1) + 1 : s;
    return { file: this.map.file, start: s, end: Math.max(s, e) };
  }

  /** Parses commands until the end of the text or an unmatched closing character. */
  parseList(close?: string): ShellCommand[] {
    const commands: ShellCommand[] = [];
    const t = this.text;
    let pipeSource: ShellCommand[] = [];
    while (this.i < t.length) {
      this.skipBlanks();
      const c = t[this.i];
      if (c === undefined) break;
      if (close && c === close) break;
      if (c === '\n') {
        this.i++;
        this.readHeredocBodies();
        pipeSource = [];
        continue;
      }
      if (c === '#') {
        this.skipComment();
        continue;
      }
      if (this.expectPattern) {
        // A case arm starts with its patterns, which are not a command.
        this.expectPattern = false;
        const m = CASE_PATTERN.exec(t.slice(this.i, this.i + 1000));
        if (m) {
          this.i += m[0].length;
          continue;
        }
      }
      if (c === ';' || c === '&' || c === '(' || c === ')') {
        if (t.startsWith('&&', this.i)) this.i += 2;
        else if (t.startsWith(';;', this.i) || t.startsWith(';&', this.i)) {
          this.i += t.startsWith(';;&', this.i) ? 3 : 2;
          this.expectPattern = this.caseDepth > 0;
        } else this.i++;
        pipeSource = [];
        continue;
      }
      if (c === '|') {
        if (t.startsWith('||', this.i)) {
          this.i += 2;
          pipeSource = [];
        } else {
          this.i += t.startsWith('|&', this.i) ? 2 : 1;
          // The previous command feeds this one.
          pipeSource = commands.length ? [commands[commands.length - 1]] : [];
        }
        continue;
      }
      const cmd = this.parseCommand(close);
      if (!cmd) {
        this.i++;
        continue;
      }
      if (pipeSource.length) appendAll(cmd.pipedFrom, pipeSource);
      pipeSource = [];
      if (cmd.words.length || cmd.assigns.length) commands.push(cmd);
    }
    return commands;
  }

  private skipBlanks(): void {
    const t = this.text;
    let i = this.i;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      // A backslash before a line break continues the line.
      else if (c === 92 && t.charCodeAt(i + 1) === 10) i += 2;
      else if (c === 92 && t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10) i += 3;
      else break;
    }
    this.i = i;
  }

  private skipComment(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
  }

  private parseCommand(close?: string): ShellCommand | undefined {
    const start = this.i;
    // The command's place is known once it is read.
    const cmd: ShellCommand = { assigns: [], words: [], loc: UNPLACED, pipedFrom: [], substitutions: [] };
    const t = this.text;
    let end = start;
    for (;;) {
      this.skipBlanks();
      const c = t[this.i];
      if (c === undefined || c === '\n' || c === ';' || c === '|' || c === ')' || (c === '&' && !t.startsWith('&>', this.i)) || (close && c === close)) break;
      if (c === '(' && cmd.words.length === 0) break;
      if (c === '#' ) {
        this.skipComment();
        break;
      }
      if (this.readRedirection(cmd)) {
        end = this.i;
        continue;
      }
      const w = this.readWord(cmd, close);
      if (!w) break;
      end = this.i;
      if (cmd.words.length === 0) {
        const m = w.raw.includes('=') ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.raw) : null;
        if (m) {
          cmd.assigns.push({ name: m[1], value: w.value.slice(w.value.indexOf('=') + 1), loc: w.loc });
          continue;
        }
        if (w.raw.length <= RESERVED_MAX && RESERVED.has(w.raw)) {
          if (w.raw === 'esac' && this.caseDepth > 0) this.caseDepth--;
          continue;
        }
        if (w.raw === 'case') {
          // `case WORD in`: the subject is not run, and the arms' patterns follow.
          this.skipBlanks();
          this.readWord(cmd, close);
          this.skipBlanks();
          if (t.startsWith('in', this.i) && /[\s;]|^$/.test(t[this.i + 2] ?? '')) this.i += 2;
          this.caseDepth++;
          this.expectPattern = true;
          cmd.loc = this.loc(start, start);
          return cmd;
        }
        if (w.raw === 'for' || w.raw === 'select') {
          // Loop headers assign words rather than run them: skip to the end of the header.
          while (this.i < t.length && t[this.i] !== '\n' && t[this.i] !== ';') this.i++;
          cmd.loc = this.loc(start, start);
          return cmd;
        }
      }
      cmd.words.push(w);
    }
    if (end === start && !cmd.words.length && !cmd.assigns.length) return undefined;
    cmd.loc = this.loc(start, end);
    this.attachInner(cmd);
    return cmd;
  }

  /** Consumes a redirection operator and its target; returns false when none is here. */
  private readRedirection(cmd: ShellCommand): boolean {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    // Only `<`, `>`, `&` or a digit can begin one.
    if (c !== 60 && c !== 62 && c !== 38 && (c < 48 || c > 57)) return false;
    const m = /^(?:[0-9]+|&)?(?:<<<|<<-|<<|>>|>&|<&|<>|>\||>|<)/.exec(t.slice(this.i, this.i + 6));
    if (!m) return false;
    if ((t[this.i] === '<' || t[this.i] === '>') && t[this.i + 1] === '(') return false;
    const op = m[0].replace(/^[0-9&]+/, '');
    this.i += m[0].length;
    this.skipBlanks();
    const target = this.readWord(cmd);
    if (op === '<<' || op === '<<-') {
      if (target) {
        const quoted = /['"\\]/.test(target.raw);
        this.pendingHeredocs.push({ delimiter: target.value, stripTabs: op === '<<-', command: cmd, quoted });
      }
    }
    return true;
  }

  /** After a newline, consumes the bodies of heredocs started on the previous line. */
  private readHeredocBodies(): void {
    const docs = this.pendingHeredocs;
    this.pendingHeredocs = [];
    const t = this.text;
    for (const h of docs) {
      const bodyStart = this.i;
      let found = false;
      while (this.i < t.length) {
        let lineEnd = t.indexOf('\n', this.i);
        if (lineEnd < 0) lineEnd = t.length;
        let line = t.slice(this.i, lineEnd).replace(/\r$/, '');
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        const lineStart = this.i;
        this.i = Math.min(lineEnd + 1, t.length);
        if (line === h.delimiter) {
          found = true;
          this.parseHeredocScript(h, bodyStart, lineStart);
          break;
        }
      }
      if (!found) {
        this.incomplete = true;
        this.parseHeredocScript(h, bodyStart, t.length);
      }
    }
  }

  /** A heredoc fed to a shell is itself a script. */
  private parseHeredocScript(h: Heredoc, start: number, end: number): void {
    const name = h.command.words[0] ? basename(h.command.words[0].value) : '';
    if (!SHELLS.has(name) || this.depth >= MAX_DEPTH) return;
    const body = this.text.slice(start, end);
    const inner = new Parser(body, shiftMap(this.map, start), h.quoted ? new Map() : this.vars, this.depth + 1);
    const commands = inner.parseList();
    h.command.inner = { commands, loc: this.loc(start, end), ...(inner.incomplete ? { incomplete: true } : {}) };
  }

  /** Reads one word with quotes and expansions; returns undefined at an operator. */
  private readWord(cmd: ShellCommand, close?: string): ShellWord | undefined {
    const t = this.text;
    const start = this.i;
    let value = '';
    let dynamic = false;
    // Plain characters are copied a run at a time: `run` is where the current run began.
    let run = start;
    const closeCode = close ? close.charCodeAt(0) : -1;
    const n = t.length;
    while (this.i < n) {
      // Skip over plain characters (every non-ASCII one is plain).
      let i = this.i;
      let code = 0;
      while (i < n) {
        code = t.charCodeAt(i);
        if ((code < 128 && CHAR_KIND[code] !== 0) || code === closeCode) break;
        i++;
      }
      this.i = i;
      if (i >= n || code === closeCode || CHAR_KIND[code] === WORD_END) break;
      const c = t[i];
      if (c === '(' && this.i !== start) {
        this.i++;
        continue;
      }
      if (run < this.i) value += t.slice(run, this.i);
      run = this.i;
      if ((c === '<' || c === '>') && t[this.i + 1] === '(') {
        // Process substitution: <(curl …) feeds a command's output as a file.
        this.i += 2;
        const sub = this.nested(')');
        if (sub) cmd.substitutions.push(sub);
        value += t.slice(start, this.i);
        dynamic = true;
        run = this.i;
        continue;
      }
      if (c === '<' || c === '>') break;
      if (c === '(') break;
      const piece = this.readQuotedOrExpansion(cmd, c);
      value += piece.value;
      dynamic ||= piece.dynamic;
      run = this.i;
      if (piece.ended) break;
    }
    if (this.i === start) return undefined;
    // A word without quotes or expansions is its own raw text.
    const raw = t.slice(start, this.i);
    if (run === start) return { value: raw, raw, loc: this.loc(start, this.i), dynamic };
    if (run < this.i) value += t.slice(run, this.i);
    return { value, raw, loc: this.loc(start, this.i), dynamic };
  }

  /**
   * Reads an escape, a quoted string or an expansion starting at the cursor (character `c`);
   * `ended` is set when the text ended inside a single-quoted string.
   */
  private readQuotedOrExpansion(cmd: ShellCommand, c: string): { value: string; dynamic: boolean; ended?: boolean } {
    const t = this.text;
    if (c === '\\') {
      const next = t[this.i + 1];
      this.i += 2;
      return { value: next === '\n' ? '' : (next ?? ''), dynamic: false };
    }
    if (c === "'") {
      const endQ = t.indexOf("'", this.i + 1);
      if (endQ < 0) {
        this.incomplete = true;
        const value = t.slice(this.i + 1);
        this.i = t.length;
        return { value, dynamic: false, ended: true };
      }
      const value = t.slice(this.i + 1, endQ);
      this.i = endQ + 1;
      return { value, dynamic: false };
    }
    if (c === '$' && t[this.i + 1] === "'") {
      // ANSI-C quoting: backslash escapes, including \', do not end the string.
      let endQ = this.i + 2;
      while (endQ < t.length && t[endQ] !== "'") endQ += t[endQ] === '\\' ? 2 : 1;
      if (endQ >= t.length) endQ = -1;
      const s = endQ < 0 ? t.slice(this.i + 2) : t.slice(this.i + 2, endQ);
      if (endQ < 0) this.incomplete = true;
      this.i = endQ < 0 ? t.length : endQ + 1;
      return { value: s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(.)/g, '$1'), dynamic: false };
    }
    if (c === '"') {
      this.i++;
      return this.readDoubleQuoted(cmd);
    }
    // `$` or a backquote.
    return this.readExpansion(cmd);
  }

  private readDoubleQuoted(cmd: ShellCommand): { value: string; dynamic: boolean } {
    const t = this.text;
    let value = '';
    let dynamic = false;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '"') {
        this.i++;
        return { value, dynamic };
      }
      if (c === '\\' && '$`"\\\n'.includes(t[this.i + 1] ?? '')) {
        if (t[this.i + 1] !== '\n') value += t[this.i + 1];
        this.i += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        const r = this.readExpansion(cmd);
        value += r.value;
        dynamic ||= r.dynamic;
        continue;
      }
      value += c;
      this.i++;
    }
    this.incomplete = true;
    return { value, dynamic };
  }

  /** Reads `$name`, `${…}`, `$(…)`, `$((…))` or a backquoted command. */
  private readExpansion(cmd: ShellCommand): { value: string; dynamic: boolean } {
    const t = this.text;
    const start = this.i;
    if (t[this.i] === '`') {
      this.i++;
      const sub = this.nested('`');
      if (sub) cmd.substitutions.push(sub);
      return { value: t.slice(start, this.i), dynamic: true };
    }
    const next = t[this.i + 1];
    if (next === '(' && t[this.i + 2] === '(') {
      this.i = matchClose(t, this.i + 3, '((', '))');
      return { value: t.slice(start, this.i), dynamic: true };
    }
    if (next === '(') {
      this.i += 2;
      const sub = this.nested(')');
      if (sub) cmd.substitutions.push(sub);
      return { value: t.slice(start, this.i), dynamic: true };
    }
    if (next === '{') {
      const end = matchClose(t, this.i + 2, '{', '}');
      const body = t.slice(this.i + 2, end - 1);
      this.i = end;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])(.*))?$/s.exec(body);
      if (m) {
        const known = this.vars.get(m[1]);
        const op = m[2];
        if (!op && known !== undefined) return { value: known, dynamic: false };
        if ((op === ':-' || op === '-') && known === undefined) return { value: m[3], dynamic: /[$`]/.test(m[3]) };
        if ((op === ':-' || op === '-') && known !== undefined) return { value: known, dynamic: false };
        if ((op === ':+' || op === '+') && known === undefined) return { value: '', dynamic: false };
      }
      return { value: t.slice(start, this.i), dynamic: true };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^[0-9@*#?$!-]/.exec(t.slice(this.i + 1, this.i + 200));
    if (!m) {
      this.i++;
      return { value: '$', dynamic: false };
    }
    this.i += 1 + m[0].length;
    const known = this.vars.get(m[0]);
    if (known !== undefined) return { value: known, dynamic: false };
    return { value: t.slice(start, this.i), dynamic: true };
  }

  /** Parses a nested script up to `close` and consumes the closing character. */
  private nested(close: string): ShellScript | undefined {
    const start = this.i;
    if (this.depth >= MAX_DEPTH) {
      this.i = close === '`' ? indexOrEnd(this.text, '`', this.i) + 1 : matchClose(this.text, this.i, '(', ')');
      return undefined;
    }
    const inner = new Parser(this.text, this.map, this.vars, this.depth + 1);
    inner.i = this.i;
    const commands = inner.parseList(close);
    this.i = inner.i;
    if (this.text[this.i] === close) this.i++;
    else this.incomplete = true;
    if (inner.incomplete) this.incomplete = true;
    return { commands, loc: this.loc(start, this.i) };
  }

  /** `sh -c 'script'` runs its argument as a script: parse it too. */
  private attachInner(cmd: ShellCommand): void {
    const script = shellCArgument(cmd.words);
    // A script argument holding a command substitution (`sh -c "$(curl …)"`) was parsed as one
    // already; a single-quoted one was not, and its substitutions run inside the shell.
    if (!script || this.depth >= MAX_DEPTH || (script.dynamic && /\$\(|`/.test(script.value))) return;
    const exact = isVerbatim(script);
    const base = this.textIndexOf(script);
    const map = exact && base >= 0 ? shiftMap(this.map, base + quoteWidth(script.raw)) : spanMap(script.loc);
    const inner = new Parser(script.value, map, this.vars, this.depth + 1);
    const commands = inner.parseList();
    cmd.inner = { commands, loc: script.loc, ...(inner.incomplete ? { incomplete: true } : {}) };
  }

  /** Finds a word's start index in this parser's text (words carry file offsets only). */
  private textIndexOf(w: ShellWord): number {
    // Search backwards from the cursor: the word was just read.
    return this.text.lastIndexOf(w.raw, this.i);
  }
}

function indexOrEnd(t: string, ch: string, from: number): number {
  const i = t.indexOf(ch, from);
  return i < 0 ? t.length - 1 : i;
}

/** Returns the index just past the matching close, skipping quotes and nesting. */
function matchClose(t: string, from: number, open: string, close: string): number {
  let depth = 1;
  let i = from;
  while (i < t.length) {
    const c = t[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && open !== '{') {
      const e = t.indexOf("'", i + 1);
      i = e < 0 ? t.length : e + 1;
      continue;
    }
    if (t.startsWith(close, i)) {
      depth--;
      i += close.length;
      if (depth === 0) return i;
      continue;
    }
    if (t.startsWith(open, i) || (open === '((' && c === '(')) {
      depth++;
      i += open === '((' && c === '(' && !t.startsWith('((', i) ? 1 : open.length;
      continue;
    }
    i++;
  }
  return t.length;
}

/** The word is a plain or simply quoted copy of its value, so inner offsets are exact. */
function isVerbatim(w: ShellWord): boolean {
  const q = quoteWidth(w.raw);
  const inner = w.raw.slice(q, w.raw.length - q);
  return inner === w.value && !w.dynamic;
}

function quoteWidth(raw: string): number {
  return raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0] ? 1 : 0;
}

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** The script argument of `sh -c SCRIPT` / `bash -lc SCRIPT`, if the command is one. */
export function shellCArgument(words: readonly ShellWord[]): ShellWord | undefined {
  const w = stripWrappers(words);
  const shell = w.length ? basename(w[0].value) : '';
  if (!SHELLS.has(shell)) return undefined;
  let k = shell === 'busybox' ? 2 : 1;
  for (; k < w.length; k++) {
    const v = w[k].value;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v)) return w[k + 1];
    if (v === '-o' || v === '+o') {
      k++;
      continue;
    }
    if (!v.startsWith('-') && !v.startsWith('+')) return undefined;
  }
  return undefined;
}

const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'nohup', 'time', 'command', 'builtin', 'tini', 'dumb-init', 'gosu', 'su-exec', 'nice', 'ionice', 'timeout', 'stdbuf', '--']);

/** Drops `sudo`, `env A=b`, `exec`, `nohup`, `time`, `nice` and similar wrappers. */
export function stripWrappers<T extends { value: string }>(words: readonly T[]): readonly T[] {
  // Most commands have no wrapper: hand back the same words rather than a copy.
  if (!words.length || !WRAPPERS.has(basename(words[0].value))) return words;
  let k = 0;
  for (let guard = 0; guard < 8 && k < words.length; guard++) {
    const name = basename(words[k].value);
    if (name === 'sudo' || name === 'doas') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k += /^-[ugCDhpRrTt]$/.test(words[k].value) ? 2 : 1;
    } else if (name === 'env') {
      k++;
      while (k < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].value) || words[k].value.startsWith('-'))) k++;
    } else if (name === 'exec' || name === 'nohup' || name === 'time' || name === 'command' || name === 'builtin' || name === 'tini' || name === 'dumb-init') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k++;
    } else if (name === 'gosu' || name === 'su-exec') {
      k += 2;
    } else if (name === 'nice' || name === 'ionice' || name === 'timeout' || name === 'stdbuf') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k++;
      if (name === 'timeout' && k < words.length) k++;
    } else if (name === '--') {
      k++;
    } else break;
  }
  return words.slice(k);
}

/** Parses shell text. Never throws: unparseable parts are skipped and the script marked incomplete. */
export function parseShell(text: string, map: OffsetMap, vars: ReadonlyMap<string, string> = new Map()): ShellScript {
  const p = new Parser(text, map, vars, 0);
  let commands: ShellCommand[] = [];
  try {
    commands = p.parseList();
  } catch {
    p.incomplete = true;
  }
  const loc = map.span ? { ...map.span } : { file: map.file, start: map.at(0), end: text.length ? map.at(text.length - 1) + 1 : map.at(0) };
  return { commands, loc, ...(p.incomplete ? { incomplete: true } : {}) };
}

/**
 * Builds a script from exec-form arguments (a JSON array in a Dockerfile, Kubernetes command and
 * args). `vars` is the environment the command runs with: an `sh -c` script expands it, and so
 * does `$(VAR)` in an argument when `argRefs` is set (Kubernetes does; Docker does not).
 * `fileText` lets `sh -c` scripts map to exact offsets when written verbatim; `syntax` says how
 * the arguments are written, for edits that add one.
 */
export function scriptFromArgv(
  argv: readonly Str[],
  vars: ReadonlyMap<string, string> = new Map(),
  fileText?: string,
  syntax: 'json' | 'list' = 'list',
  argRefs = true,
): ShellScript {
  if (!argv.length) return { commands: [], loc: { file: '', start: 0, end: 0 } };
  const file = argv[0].loc.file;
  const words: ShellWord[] = argv.map((a) => {
    const value = argRefs ? substitute(a.value, vars) : { text: a.value, dynamic: false };
    return { value: value.text, raw: a.value, loc: a.loc, dynamic: value.dynamic };
  });
  const cmd: ShellCommand = {
    assigns: [],
    words,
    loc: { file, start: argv[0].loc.start, end: argv[argv.length - 1].loc.end },
    pipedFrom: [],
    substitutions: [],
    argv: syntax,
  };
  const script = shellCArgument(words);
  if (script) {
    const verbatim = fileText !== undefined && fileText.slice(script.loc.start, script.loc.end) === script.raw;
    const map = verbatim ? identityMap(file, script.loc.start) : spanMap(script.loc);
    cmd.inner = parseShell(script.raw, map, vars);
  }
  return { commands: [cmd], loc: cmd.loc };
}

/** Substitutes `$VAR`/`${VAR}` references with known values (exec form does not expand, but Kubernetes `$(VAR)` does). */
function substitute(s: string, vars: ReadonlyMap<string, string>): { text: string; dynamic: boolean } {
  let dynamic = false;
  const text = s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => {
    const v = vars.get(name);
    if (v === undefined) dynamic = true;
    return v ?? m;
  });
  return { text, dynamic };
}

/** Every command of a script in source order, including substitutions and `sh -c` scripts. */
export function allCommands(script: ShellScript, into: ShellCommand[] = []): ShellCommand[] {
  for (const c of script.commands) {
    into.push(c);
    for (const s of c.substitutions) allCommands(s, into);
    if (c.inner) allCommands(c.inner, into);
  }
  return into;
}
