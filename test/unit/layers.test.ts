// The layers of src/, enforced: every import of every source file (read with the TypeScript
// compiler, not by pattern) is an edge the layer table allows, and the table itself keeps the
// invariants the architecture states, so loosening it to admit a bad edge fails too.

import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { ALLOWED, ENGINE_MODULES, importsOf, layerOf, PROTOCOL_MODULES, sourceFiles, type Import, type Layer } from '../helpers/source-tree';

const CORE_LAYERS = (Object.keys(ALLOWED) as Layer[]).filter((l) => l === 'engine' || l.startsWith('src/core'));
const EDITOR_PACKAGE = /^vscode(-|$)/;
const isBuiltin = (pkg: string) => pkg.startsWith('node:') || builtinModules.includes(pkg);

/** Why an import breaks the table, or undefined when it is allowed. */
function violation(imp: Import): string | undefined {
  const from = layerOf(imp.from);
  if (!from) return `${imp.from} is in no layer of the table`;
  const rule = ALLOWED[from];
  if (imp.pkg !== undefined) {
    if (isBuiltin(imp.pkg) || rule.packages.includes(imp.pkg)) return undefined;
    return `${from} may not import the package ${imp.pkg}`;
  }
  const target = imp.file ?? '';
  if (!target.startsWith('src/')) return rule.files?.includes(target) ? undefined : `${from} may not import ${target}`;
  const to = layerOf(target);
  if (!to) return `${target} is in no layer of the table`;
  if (to === from || rule.layers.includes(to)) return undefined;
  return `${from} may not import ${to} (${target})`;
}

function allImports(): Import[] {
  return sourceFiles().flatMap(importsOf);
}

describe('import layers', () => {
  it('every source file is in a layer', () => {
    const homeless = sourceFiles().filter((f) => !layerOf(f));
    assert.deepEqual(homeless, [], 'add the folder to ALLOWED in test/helpers/source-tree.ts and to the code map');
  });

  it('every import is an edge the table allows', () => {
    const bad = allImports().flatMap((imp) => {
      const why = violation(imp);
      return why ? [`${imp.from}:${imp.line} '${imp.specifier}': ${why}`] : [];
    });
    assert.deepEqual(bad, []);
  });

  it('protocol modules import only types, so the extension bundles no analysis code', () => {
    const runtime = PROTOCOL_MODULES.flatMap(importsOf).filter((imp) => !imp.typeOnly && !(imp.pkg && isBuiltin(imp.pkg)));
    assert.deepEqual(
      runtime.map((imp) => `${imp.from}:${imp.line} '${imp.specifier}'`),
      [],
    );
  });

  describe('the table keeps the stated invariants', () => {
    it('core imports no editor code: no vscode and no LSP library, and not the server or the extension', () => {
      for (const layer of CORE_LAYERS) {
        assert.deepEqual(
          ALLOWED[layer].packages.filter((p) => EDITOR_PACKAGE.test(p)),
          [],
          layer,
        );
        assert.deepEqual(
          ALLOWED[layer].layers.filter((l) => l === 'src/server' || l === 'src/extension' || l === 'src/cli'),
          [],
          layer,
        );
      }
    });
    it('formats do not import rules', () => {
      assert.ok(!ALLOWED['src/core/formats'].layers.includes('src/core/rules'));
    });
    it('artifacts do not import the engine or the rules', () => {
      assert.ok(!ALLOWED['src/core/artifacts'].layers.includes('engine'));
      assert.ok(!ALLOWED['src/core/artifacts'].layers.includes('src/core/rules'));
    });
    it('rules import only facts and the shared model: no reader, scanner or package', () => {
      assert.deepEqual([...ALLOWED['src/core/rules'].layers].sort(), ['src/core', 'src/core/facts']);
      assert.deepEqual(ALLOWED['src/core/rules'].packages, []);
    });
    it('the extension imports only protocol modules, vscode and the language client', () => {
      assert.deepEqual(ALLOWED['src/extension'].layers, ['protocol']);
      assert.deepEqual([...ALLOWED['src/extension'].packages].sort(), ['vscode', 'vscode-languageclient']);
    });
    it('protocol modules and the engine modules are real files', () => {
      const files = new Set(sourceFiles());
      for (const f of [...PROTOCOL_MODULES, ...ENGINE_MODULES]) assert.ok(files.has(f), f);
    });
  });

  describe('the checker itself', () => {
    const imp = (from: string, specifier: string, over: Partial<Import> = {}): Import => ({ from, specifier, typeOnly: false, line: 1, ...over });
    it('refuses a format importing a rule helper', () => {
      assert.match(violation(imp('src/core/formats/k8s/pod.ts', '../../rules/util', { file: 'src/core/rules/util.ts' })) ?? '', /may not import src\/core\/rules/);
    });
    it('refuses a rule importing a reader or a scanner, even for a type', () => {
      assert.match(
        violation(imp('src/core/rules/model/pickle-format.ts', '../../artifacts/model-scan', { file: 'src/core/artifacts/model-scan.ts', typeOnly: true })) ?? '',
        /may not import src\/core\/artifacts/,
      );
      assert.match(violation(imp('src/core/rules/container/privileged.ts', '../../formats/k8s/pod', { file: 'src/core/formats/k8s/pod.ts' })) ?? '', /may not import src\/core\/formats/);
    });
    it('refuses core importing vscode-languageserver', () => {
      assert.match(violation(imp('src/core/engine.ts', 'vscode-languageserver/node', { pkg: 'vscode-languageserver' })) ?? '', /package vscode-languageserver/);
    });
    it('refuses the extension importing core analysis code, even its types', () => {
      assert.ok(violation(imp('src/extension/extension.ts', '../core/model', { file: 'src/core/model.ts', typeOnly: true })));
    });
    it('allows the extension its protocol modules', () => {
      assert.equal(violation(imp('src/extension/extension.ts', '../server/protocol', { file: 'src/server/protocol.ts' })), undefined);
    });
    it('reads type-only imports, re-exports and dynamic imports', () => {
      const all = allImports();
      assert.ok(all.some((i) => i.typeOnly && i.file));
      assert.ok(all.some((i) => i.specifier === 'vscode'));
    });
  });
});
