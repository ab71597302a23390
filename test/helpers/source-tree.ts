// The source tree as the structure tests see it: every TypeScript file under src/, parsed with the
// TypeScript compiler, its imports resolved to files, and the layer table those imports must keep to.
// The table is also the "may import" column of the code map in docs/ARCHITECTURE.md.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const REPO = path.resolve(__dirname, '../../..');

export type Layer =
  | 'src/cli'
  | 'src/server'
  | 'protocol'
  | 'src/extension'
  | 'engine'
  | 'src/core'
  | 'src/core/artifacts'
  | 'src/core/facts'
  | 'src/core/formats'
  | 'src/core/provenance'
  | 'src/core/report'
  | 'src/core/rules'
  | 'src/core/shell'
  | 'src/core/threat-model'
  | 'src/core/workspace';

/** Modules the extension may import: names and plain types of the messages it exchanges, no analysis code. */
export const PROTOCOL_MODULES: readonly string[] = ['src/server/protocol.ts', 'src/core/threat-model/protocol.ts'];

/** The files directly in src/core that run the analysis; the other files there are the shared model all layers use. */
export const ENGINE_MODULES: readonly string[] = [
  'src/core/config-analysis.ts',
  'src/core/engine.ts',
  'src/core/enrichers.ts',
  'src/core/fix-safety.ts',
  'src/core/fix-safety-dockerfile.ts',
  'src/core/index.ts',
  'src/core/verify-model.ts',
];

export interface LayerRule {
  /** Other layers its modules may import (its own layer always may). */
  layers: Layer[];
  /** Packages it may import (Node built-ins, `node:*`, always may). */
  packages: string[];
  /** Files outside src/ it may import (JSON data). */
  files?: string[];
}

const CORE_SHARED: Layer[] = ['src/core', 'src/core/facts'];

/** The allowed import edges between layers. */
export const ALLOWED: Record<Layer, LayerRule> = {
  'src/cli': {
    layers: ['src/server', 'protocol', 'engine', ...CORE_SHARED, 'src/core/artifacts', 'src/core/formats', 'src/core/provenance', 'src/core/report', 'src/core/threat-model', 'src/core/workspace'],
    packages: [],
    files: ['package.json'],
  },
  'src/server': {
    layers: ['protocol', 'engine', ...CORE_SHARED, 'src/core/artifacts', 'src/core/report', 'src/core/threat-model', 'src/core/workspace'],
    packages: ['vscode-languageserver', 'vscode-languageserver-textdocument', 'picomatch'],
  },
  protocol: { layers: ['src/core', 'src/core/threat-model'], packages: [] },
  'src/extension': { layers: ['protocol'], packages: ['vscode', 'vscode-languageclient'] },
  engine: { layers: [...CORE_SHARED, 'src/core/artifacts', 'src/core/formats', 'src/core/rules', 'src/core/workspace'], packages: ['yaml'] },
  'src/core': { layers: ['src/core/facts', 'src/core/formats', 'src/core/workspace'], packages: ['ajv', 'yaml', 'picomatch'], files: ['schemas/mlsec-config.schema.json'] },
  'src/core/artifacts': {
    layers: [...CORE_SHARED, 'src/core/formats', 'src/core/workspace'],
    packages: ['@sigstore/bundle', '@sigstore/core', '@sigstore/protobuf-specs', '@sigstore/verify', 'yauzl'],
  },
  'src/core/facts': { layers: ['src/core', 'src/core/shell'], packages: [] },
  'src/core/formats': { layers: [...CORE_SHARED, 'src/core/artifacts', 'src/core/shell', 'src/core/workspace'], packages: ['yaml', 'dockerfile-ast', '@lezer/common', '@lezer/python', 'ignore'] },
  'src/core/provenance': { layers: [...CORE_SHARED, 'src/core/formats'], packages: [] },
  'src/core/report': { layers: ['engine', ...CORE_SHARED, 'src/core/provenance', 'src/core/threat-model'], packages: [] },
  'src/core/rules': { layers: CORE_SHARED, packages: [] },
  'src/core/shell': { layers: CORE_SHARED, packages: [] },
  'src/core/threat-model': { layers: ['protocol', 'engine', ...CORE_SHARED, 'src/core/formats', 'src/core/report', 'src/core/workspace'], packages: ['elkjs', 'yaml'] },
  'src/core/workspace': { layers: ['engine', 'src/core'], packages: ['ignore', 'picomatch'] },
};

/** The layer of a file under src/ (a repository-relative path with forward slashes). */
export function layerOf(file: string): Layer | undefined {
  if (PROTOCOL_MODULES.includes(file)) return 'protocol';
  if (ENGINE_MODULES.includes(file)) return 'engine';
  const parts = file.split('/');
  const folder = parts[1] === 'core' && parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
  return folder in ALLOWED ? (folder as Layer) : undefined;
}

/** Every .ts file under a repository folder, repository-relative, sorted. */
export function sourceFiles(dir = 'src'): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(REPO, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child);
      else if (e.name.endsWith('.ts')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** Every folder under src/ that holds a .ts file, repository-relative, sorted. */
export function sourceFolders(): string[] {
  return [...new Set(sourceFiles().map((f) => path.posix.dirname(f)))].sort();
}

const parsed = new Map<string, ts.SourceFile>();

export function parse(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(path.join(REPO, file), 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parsed.set(file, sf);
  }
  return sf;
}

export interface Import {
  /** The importing file. */
  from: string;
  /** The module specifier as written. */
  specifier: string;
  /** For a relative specifier, the repository-relative file it names. */
  file?: string;
  /** For a package, its name (`@scope/name` or `name`). */
  pkg?: string;
  /** Only types are imported (`import type`, `export type`, or every named binding `type`). */
  typeOnly: boolean;
  line: number;
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    const abs = path.join(REPO, candidate);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return candidate;
  }
  return base;
}

function typeOnly(node: ts.Node): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false;
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  return false;
}

/** Static imports, re-exports, `import x = require()`, `require()` and `import()` calls of a file. */
export function importsOf(file: string): Import[] {
  const sf = parse(file);
  const out: Import[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, types: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const specifier = spec.text;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    if (specifier.startsWith('.')) out.push({ from: file, specifier, file: resolveRelative(file, specifier), typeOnly: types, line });
    else
      out.push({
        from: file,
        specifier,
        pkg: specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/'),
        typeOnly: types,
        line,
      });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, typeOnly(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression, node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal as ts.Expression, true);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')))
      add(node, node.arguments[0], false);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
