// The log channel the language client writes to. The client formats every line itself as
// "[Warn  - 10:42:01] text" and appends it; written as-is into a log channel, that reads
// "[info] [Warn  - 10:42:01] text". This channel gives each line its own level instead.

import type * as vscode from 'vscode';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const CLIENT_LINE = /^\[(Trace|Debug|Info|Warn|Error)\s*- [^\]]*\] ?/;

/** The level and text of a line as the language client formats it; plain lines are info. */
export function splitClientLine(line: string): { level: LogLevel; message: string } {
  const m = CLIENT_LINE.exec(line);
  if (!m) return { level: 'info', message: line };
  return { level: m[1].toLowerCase() as LogLevel, message: line.slice(m[0].length) };
}

/** An output channel for the language client that writes each line at its level into `log`. */
export function levelledChannel(log: vscode.LogOutputChannel): vscode.OutputChannel {
  let pending = '';
  const write = (line: string) => {
    const { level, message } = splitClientLine(line);
    log[level](message);
  };
  return {
    name: log.name,
    append(value: string) {
      pending += value;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) write(l);
    },
    appendLine(value: string) {
      write(pending + value);
      pending = '';
    },
    replace(value: string) {
      log.replace(value);
    },
    clear: () => log.clear(),
    show: (...args: unknown[]) => log.show(typeof args[0] === 'boolean' ? args[0] : (args[1] as boolean | undefined)),
    hide: () => log.hide(),
    dispose: () => undefined,
  };
}
