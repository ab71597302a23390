// Which commands code actions name, by what the client announced.

import * as assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver';
import { announcedCommands, docsCommand, NO_COMMANDS, placeholderCommand, staleAction, type CommandSupport } from '../../src/server/client-commands';
import { Commands, ServerCommands } from '../../src/server/protocol';

const VSCODE: CommandSupport = { client: new Set(Object.values(Commands)), showDocument: true, disabledActions: true };
const ACTION: CodeAction = { title: 'Pin the image', edit: { changes: { 'file:///a': [] } } };

describe('code action commands by client', () => {
  it("prefers the client's own docs command, then the server's, then none", () => {
    assert.equal(docsCommand(VSCODE, 'model/unsigned-model', 't')?.command, Commands.openRuleDocs);
    assert.equal(docsCommand({ ...NO_COMMANDS, showDocument: true }, 'model/unsigned-model', 't')?.command, ServerCommands.showRuleDocs);
    assert.equal(docsCommand(NO_COMMANDS, 'model/unsigned-model', 't'), undefined);
  });

  it('names the placeholder command only where the client has it', () => {
    assert.equal(placeholderCommand(VSCODE, {})?.command, Commands.selectPlaceholder);
    assert.equal(placeholderCommand({ ...NO_COMMANDS, showDocument: true }, {}), undefined);
  });

  it('drops the edit of a stale action and says why as the client can', () => {
    const vscode = staleAction(ACTION, VSCODE);
    assert.equal(vscode.edit, undefined);
    assert.equal(vscode.command?.command, Commands.staleFix);
    const disabled = staleAction(ACTION, { ...NO_COMMANDS, disabledActions: true });
    assert.equal(disabled.edit, undefined);
    assert.equal(disabled.command, undefined);
    assert.match(disabled.disabled?.reason ?? '', /document changed/);
    const bare = staleAction(ACTION, NO_COMMANDS);
    assert.deepEqual(bare, { title: ACTION.title, edit: undefined, command: undefined });
  });

  it('reads announced commands, ignoring malformed options', () => {
    assert.deepEqual([...announcedCommands({ clientCommands: ['mlsec.openRuleDocs', 7, null] })], ['mlsec.openRuleDocs']);
    for (const bad of [undefined, null, 5, 'x', { clientCommands: 'mlsec.openRuleDocs' }]) assert.equal(announcedCommands(bad).size, 0);
  });
});
