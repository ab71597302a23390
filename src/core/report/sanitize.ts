// Repository strings in text output: control characters (ESC, BEL, carriage returns, C1 codes)
// and bidirectional overrides never reach a terminal or a report, and a name cannot forge lines.

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Replaces characters that would let file content drive the terminal (escape sequences,
 * carriage returns) or reorder what the reader sees (bidirectional overrides) with U+FFFD.
 * Newlines and tabs are kept.
 */
export function sanitizeForTerminal(s: string): string {
  return s.replace(UNSAFE, '\ufffd');
}

/** A name (a file path, an id) on one line: as {@link sanitizeForTerminal}, with `\n`, `\t` and `\\` escaped. */
export function sanitizeName(s: string): string {
  return sanitizeForTerminal(s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t'));
}

const SGR = /\u001b\[[0-9;]*m/y;

/**
 * The last line of defence at the process boundary: every control character but newline and
 * tab is dropped; where `keepColors`, well-formed colour sequences (`ESC [ … m`, which can only
 * change colours) are kept so that coloured reports still work on a terminal.
 */
export function stripControls(text: string, keepColors: boolean): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c <= 0x9f)) || c === 0x0a || c === 0x09) continue;
    if (keepColors && c === 0x1b) {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        i += m[0].length - 1;
        continue;
      }
    }
    out += text.slice(last, i);
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}
