// Size limits of the source: no file in src/ over 500 lines and no function over 80, measured on the
// TypeScript syntax tree. A file that is a generated table says so with the marker comment
// `// tidy: generated` in its first lines. The known exceptions below may only shrink: an entry
// that no longer exceeds its limit fails the test until it is removed.

import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { parse, sourceFiles } from '../helpers/source-tree';

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 80;
const GENERATED_MARKER = /^\/\/ tidy: generated\b/m;

/** Files over the line limit, to be split. */
const KNOWN_LONG_FILES: readonly string[] = [];

/** Functions over the line limit, as `file: name`, to be split. */
const KNOWN_LONG_FUNCTIONS: readonly string[] = [];

export interface Measured {
  file: string;
  name: string;
  lines: number;
}

const lineOf = (sf: ts.SourceFile, pos: number) => sf.getLineAndCharacterOfPosition(pos).line;

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = (n: ts.Node | undefined): string | undefined => {
    if (!n) return undefined;
    const name = (n as { name?: ts.Node }).name;
    return name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : undefined;
  };
  if (ts.isConstructorDeclaration(node)) return `${named(node.parent) ?? '<class>'}.constructor`;
  const own = named(node);
  if (own) return ts.isClassLike(node.parent) ? `${named(node.parent) ?? '<class>'}.${own}` : own;
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) {
    const p = named(parent);
    if (p) return ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent) ? `${named(parent.parent) ?? '<class>'}.${p}` : p;
  }
  return `<anonymous>:${lineOf(sf, node.getStart(sf)) + 1}`;
}

/** Every function-like node of a file with its line count (from its first to its last line). */
export function functionsOf(file: string): Measured[] {
  const sf = parse(file);
  const out: Measured[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const lines = lineOf(sf, node.getEnd()) - lineOf(sf, node.getStart(sf)) + 1;
      out.push({ file, name: nameOf(node, sf), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function fileLines(file: string): number {
  const sf = parse(file);
  return sf.getLineStarts().length - (sf.text.endsWith('\n') ? 1 : 0);
}

const generated = (file: string) => GENERATED_MARKER.test(parse(file).text.slice(0, 2000));

describe('source size limits', () => {
  const files = sourceFiles().filter((f) => !generated(f));

  it(`no file in src/ is over ${MAX_FILE_LINES} lines, except the known ones`, () => {
    const long = files.filter((f) => fileLines(f) > MAX_FILE_LINES);
    assert.deepEqual(
      long.filter((f) => !KNOWN_LONG_FILES.includes(f)).map((f) => `${f}: ${fileLines(f)} lines`),
      [],
    );
  });

  it(`no function in src/ is over ${MAX_FUNCTION_LINES} lines, except the known ones`, () => {
    const long = files.flatMap(functionsOf).filter((m) => m.lines > MAX_FUNCTION_LINES);
    assert.deepEqual(
      long.filter((m) => !KNOWN_LONG_FUNCTIONS.includes(`${m.file}: ${m.name}`)).map((m) => `${m.file}: ${m.name} (${m.lines} lines)`),
      [],
    );
  });

  it('every known exception still exceeds its limit (remove it from the list once split)', () => {
    const longFunctions = new Set(
      files
        .flatMap(functionsOf)
        .filter((m) => m.lines > MAX_FUNCTION_LINES)
        .map((m) => `${m.file}: ${m.name}`),
    );
    const stale = [...KNOWN_LONG_FILES.filter((f) => !files.includes(f) || fileLines(f) <= MAX_FILE_LINES), ...KNOWN_LONG_FUNCTIONS.filter((f) => !longFunctions.has(f))];
    assert.deepEqual(stale, []);
  });

  it('measures functions of every shape', () => {
    const names = files.flatMap(functionsOf).map((m) => m.name);
    assert.ok(names.includes('Engine.analyze'), 'a method');
    assert.ok(names.includes('buildThreatModel'), 'a function declaration');
    assert.ok(files.flatMap(functionsOf).every((m) => m.lines >= 1));
  });
});
