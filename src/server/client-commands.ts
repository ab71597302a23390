// The commands a code action may name. The VS Code extension announces the commands it
// implements in its initialization options; any other client can run the server's own commands
// through workspace/executeCommand, and only where it can show what they produce. An action
// never names a command its client cannot run: it goes without one, or is not offered.

import type { CodeAction, Command } from 'vscode-languageserver';
import { Commands, ServerCommands } from './protocol';

/** What the client can do with the commands of code actions. */
export interface CommandSupport {
  /** Commands the client implements itself (from `initializationOptions.clientCommands`). */
  client: ReadonlySet<string>;
  /** The client answers `window/showDocument`, so the server can open a rule's page itself. */
  showDocument: boolean;
  /** The client shows `CodeAction.disabled` (LSP 3.16), so a stale action can say why. */
  disabledActions: boolean;
}

export const NO_COMMANDS: CommandSupport = { client: new Set(), showDocument: false, disabledActions: false };

/** The command opening a rule's page, or none where the client can neither open nor be told to. */
export function docsCommand(support: CommandSupport, ruleId: string, title: string): Command | undefined {
  if (support.client.has(Commands.openRuleDocs)) return { title, command: Commands.openRuleDocs, arguments: [ruleId] };
  if (support.showDocument) return { title, command: ServerCommands.showRuleDocs, arguments: [ruleId] };
  return undefined;
}

/** The command selecting the reason placeholder a suppression inserted, where the client has it. */
export function placeholderCommand(support: CommandSupport, args: unknown): Command | undefined {
  return support.client.has(Commands.selectPlaceholder) ? { title: 'Type the reason', command: Commands.selectPlaceholder, arguments: [args] } : undefined;
}

/** The stand-in returned when the document changed after the actions were listed: never an edit. */
export function staleAction(action: CodeAction, support: CommandSupport): CodeAction {
  const stale: CodeAction = { ...action, edit: undefined, command: undefined };
  if (support.client.has(Commands.staleFix)) return { ...stale, command: { title: 'Document changed', command: Commands.staleFix, arguments: [action.title] } };
  if (support.disabledActions) return { ...stale, disabled: { reason: 'The document changed after this fix was offered; ask for the fixes again.' } };
  return stale;
}

/** The client commands announced in initialization options, ignoring anything malformed. */
export function announcedCommands(initializationOptions: unknown): Set<string> {
  const list = (initializationOptions as { clientCommands?: unknown } | null | undefined)?.clientCommands;
  return new Set(Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
}
