// A static parser for the POSIX shell found in pipeline commands: lists, pipes, quoting,
// expansions, command substitution, heredocs and `sh -c` scripts, with file offsets on every word.
// It never runs anything; unknown expansions are kept as written and marked dynamic.
//
// The offset maps are in offsets.ts, the readers of parsed commands in words.ts and exec-form
// scripts in argv.ts; this module re-exports them so callers have one entry point.

import { appendAll } from '../collections';
import type { Loc } from '../model';
import type { ShellCommand, ShellScript, ShellWord } from '../facts/model';
import { shiftMap, spanMap, type OffsetMap } from './offsets';
import { indexOrEnd, isVerbatim, matchClose, quoteWidth } from './scan';
import { basename, shellCArgument, SHELLS } from './words';

export { identityMap, shiftMap, spanMap, tableMap, type OffsetMap } from './offsets';
export { allCommands, basename, shellCArgument, stripWrappers } from './words';
export { scriptFromArgv } from './argv';

const MAX_DEPTH = 8;
const UNPLACED: Loc = { file: '', start: 0, end: 0 };
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
      if (c === '#') {
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
