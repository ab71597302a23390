// Small helpers shared by rules: fixes from fact remedies; the classifier of names and values lives in facts/classify.

import type { Fix, Loc, TextEdit } from '../model';

/** A fix built from edits that all apply to the file of `loc`. */
export function fixOf(title: string, kind: Fix['kind'], loc: Loc, edits: readonly { start: number; end: number; newText: string }[]): Fix {
  return { title, kind, edits: edits.map((e): TextEdit => ({ file: loc.file, start: e.start, end: e.end, newText: e.newText })) };
}

export { DEFAULT_PASSWORDS, findTokens, isExampleKey, isClusterInternalHost, isCredentialName, isLoopbackHost, isPlaceholderValue, urlHost, urlScheme, settingNameKind } from '../facts/classify';
export type { SettingNameKind, TokenMatch } from '../facts/classify';
