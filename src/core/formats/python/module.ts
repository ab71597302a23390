// One Python file read statically: what its imports bind, which names hold a single known value in
// each scope, and every call with its callee resolved through the imports. Nothing is run.

import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import type { SourceFile } from '../../source';
import { argumentList, children, type ArgumentList } from './syntax';
import type { PyValue } from './values';

/** One call expression: callee as imported (`torch.load`) and as written (`t.load`), with its arguments. */
export interface PyCall {
  node: SyntaxNode;
  /** Dotted callee with its first name replaced by what the import binds; calls in the chain end in `()`. */
  callee: string;
  /** The first name of the callee comes from an import. */
  imported: boolean;
  readonly args: ArgumentList;
  /** Offset of the scope the call is in (a function body or the module). */
  scope: number;
}

/**
 * A call found in the tree, its arguments split on first use: most calls of a file are never asked
 * for them. A class, not an object literal with a getter, whose every instance would need a hidden
 * class of its own (and make each young-generation collection slow).
 */
class TreeCall implements PyCall {
  private argsCache: ArgumentList | undefined;

  constructor(
    readonly node: SyntaxNode,
    readonly callee: string,
    readonly imported: boolean,
    readonly scope: number,
    private readonly text: string,
    private readonly list: SyntaxNode,
  ) {}

  get args(): ArgumentList {
    return (this.argsCache ??= argumentList(this.text, this.list));
  }
}

/** What a name is bound to in one scope: the value node of its only assignment, or nothing known. */
interface Binding {
  value?: SyntaxNode;
  count: number;
}

const SCOPE_NODES = new Set(['FunctionDefinition', 'ClassDefinition', 'LambdaExpression']);

/** What the tree walk reads at a node, by the node's type id (0: nothing), so most nodes cost one array read. */
const enum Kind {
  None,
  Call,
  Assign,
  Import,
  Scope,
  LoopTargets,
  Decorated,
}
const KIND_BY_NAME: Record<string, Kind> = {
  CallExpression: Kind.Call,
  AssignStatement: Kind.Assign,
  ImportStatement: Kind.Import,
  FunctionDefinition: Kind.Scope,
  ClassDefinition: Kind.Scope,
  LambdaExpression: Kind.Scope,
  ForStatement: Kind.LoopTargets,
  WithStatement: Kind.LoopTargets,
  DecoratedStatement: Kind.Decorated,
};
const KINDS = Uint8Array.from(parser.nodeSet.types, (t) => KIND_BY_NAME[t.name] ?? Kind.None);

export class PyModule {
  /** Local name → dotted module path or object it imports (`t` → `torch`, `component` → `kfp.dsl.component`). */
  readonly imports = new Map<string, string>();
  /** Every imported top-level module, for the pre-check and library tests. */
  readonly modules = new Set<string>();
  readonly calls: PyCall[] = [];
  /** Every assignment statement, in order. */
  readonly assigns: SyntaxNode[] = [];
  /** Every decorated function or class definition, in order. */
  readonly decorated: SyntaxNode[] = [];
  /** Known values of bound names' value nodes, by start and length (see `values.ts`). */
  readonly boundValues = new Map<number, { type: number; value: PyValue }>();
  private readonly scopes = new Map<number, Map<string, Binding>>();
  /** Offset of the enclosing scope of each scope (functions nest). */
  private readonly parentScope = new Map<number, number>();

  constructor(
    readonly file: SourceFile,
    readonly tree: Tree,
  ) {
    this.scopes.set(0, new Map());
    this.visit();
  }

  get text(): string {
    return this.file.text;
  }

  slice(node: { from: number; to: number }): string {
    return this.file.text.slice(node.from, node.to);
  }

  /** Offset of the innermost function or class scope holding a node (0 for the module). */
  scopeOf(node: SyntaxNode): number {
    for (let p = node.parent; p; p = p.parent) if (SCOPE_NODES.has(p.name)) return p.from;
    return 0;
  }

  /** The value node a name is bound to where it is used, when the name is assigned exactly once. */
  lookup(name: string, scope: number): SyntaxNode | undefined {
    for (let s: number | undefined = scope; s !== undefined; s = s === 0 ? undefined : (this.parentScope.get(s) ?? 0)) {
      const b = this.scopes.get(s)?.get(name);
      if (b) return b.count === 1 ? b.value : undefined;
    }
    return undefined;
  }

  /**
   * The dotted name of a callee or attribute chain, with the first name resolved through the
   * imports. Given the scope it stands in, a first name bound once to an imported function or
   * module (`load = torch.load`, `hub = torch.hub`) resolves to it too.
   */
  dotted(node: SyntaxNode, scope?: number, depth = 0): { name: string; imported: boolean } | undefined {
    if (depth > 24) return undefined;
    if (node.name === 'VariableName') {
      const n = this.slice(node);
      const imp = this.imports.get(n);
      if (imp) return { name: imp, imported: true };
      return (scope !== undefined ? this.rebound(n, scope, depth) : undefined) ?? { name: n, imported: false };
    }
    if (node.name === 'MemberExpression') {
      const obj = node.firstChild;
      const prop = node.lastChild;
      if (!obj || prop?.name !== 'PropertyName') return undefined;
      const head = this.dotted(obj, scope, depth + 1);
      return head ? { name: `${head.name}.${this.slice(prop)}`, imported: head.imported } : undefined;
    }
    if (node.name === 'CallExpression' && node.firstChild) {
      const head = this.dotted(node.firstChild, scope, depth + 1);
      return head ? { name: `${head.name}()`, imported: head.imported } : undefined;
    }
    return undefined;
  }

  /** What a name assigned once to an imported name or attribute chain stands for (not a call's result). */
  private rebound(name: string, scope: number, depth: number): { name: string; imported: true } | undefined {
    const value = this.lookup(name, scope);
    if (value?.name !== 'VariableName' && value?.name !== 'MemberExpression') return undefined;
    const d = this.dotted(value, this.scopeOf(value), depth + 1);
    return d?.imported ? { name: d.name, imported: true } : undefined;
  }

  private bind(scope: number, name: string, value: SyntaxNode | undefined): void {
    let names = this.scopes.get(scope);
    if (!names) this.scopes.set(scope, (names = new Map()));
    const b = names.get(name);
    if (b) b.count++;
    else names.set(name, { value, count: 1 });
  }

  /**
   * One pass over the tree: imports, assignments, parameters, decorated definitions and calls. The
   * enclosing scopes are kept on a stack while walking, each left once the walk passes its end.
   */
  private visit(): void {
    const calls: { node: SyntaxNode; scope: number }[] = [];
    const starts = [0];
    const ends = [Infinity];
    this.tree.iterate({
      enter: (n) => {
        const kind = KINDS[n.type.id];
        if (kind === Kind.None) return;
        while (n.from >= ends[ends.length - 1]) {
          starts.pop();
          ends.pop();
        }
        const scope = starts[starts.length - 1];
        if (kind === Kind.Call) calls.push({ node: n.node, scope });
        else if (kind === Kind.Assign) {
          const node = n.node;
          this.assigns.push(node);
          this.readAssign(node, scope);
        } else if (kind === Kind.Import) this.readImport(n.node);
        else if (kind === Kind.Scope) {
          this.readScope(n.node, scope);
          starts.push(n.from);
          ends.push(n.to);
        } else if (kind === Kind.LoopTargets) this.readLoopTargets(n.node, scope);
        else this.decorated.push(n.node);
      },
    });
    for (const { node, scope } of calls) {
      const callee = node.firstChild;
      const last = node.lastChild;
      const list = last?.name === 'ArgList' ? last : node.getChild('ArgList');
      if (!callee || !list) continue;
      const d = this.dotted(callee, scope);
      if (!d) continue;
      this.calls.push(new TreeCall(node, d.name, d.imported, scope, this.text, list));
    }
  }

  private readScope(node: SyntaxNode, enclosing: number): void {
    this.parentScope.set(node.from, enclosing);
    this.scopes.set(node.from, new Map());
    // A function's own name belongs to the enclosing scope; its parameters to its own.
    let nameNode: SyntaxNode | undefined;
    let params: SyntaxNode | undefined;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (!nameNode && c.name === 'VariableName') nameNode = c;
      else if (!params && c.name === 'ParamList') params = c;
    }
    if (nameNode) this.bind(enclosing, this.slice(nameNode), undefined);
    if (!params) return;
    const ps = children(params);
    // A name after `=` is a default value, not a parameter.
    ps.forEach((p, i) => {
      if (p.name === 'VariableName' && ps[i - 1]?.name !== 'AssignOp') this.bind(node.from, this.slice(p), undefined);
    });
  }

  private readLoopTargets(node: SyntaxNode, scope: number): void {
    for (const c of children(node)) {
      if (c.name === 'Body') break;
      if (c.name === 'VariableName') this.bind(scope, this.slice(c), undefined);
    }
  }

  private readAssign(node: SyntaxNode, scope: number): void {
    const parts = children(node);
    const ops = parts.map((p, i) => (p.name === 'AssignOp' || p.name === 'UpdateOp' ? i : -1)).filter((i) => i >= 0);
    if (!ops.length) return;
    const lastOp = ops[ops.length - 1];
    const value = parts[lastOp + 1];
    const single = parts[lastOp].name === 'AssignOp' && ops.every((i) => parts[i].name === 'AssignOp');
    for (let i = 0; i < lastOp; i++) {
      const p = parts[i];
      if (p.name === 'VariableName') this.bind(scope, this.slice(p), single ? value : undefined);
      else if (p.name === 'TupleExpression' || p.name === 'ArrayExpression') {
        for (const v of p.getChildren('VariableName')) this.bind(scope, this.slice(v), undefined);
      }
    }
  }

  private readImport(node: SyntaxNode): void {
    const parts = children(node);
    if (parts[0]?.name === 'from') this.readFromImport(parts);
    else this.readPlainImport(parts);
  }

  /** `import a.b.c` binds `a`; `import a.b as x` binds `x` to `a.b`. */
  private readPlainImport(parts: SyntaxNode[]): void {
    let path: string[] = [];
    let alias: string | undefined;
    const flush = () => {
      if (path.length) {
        this.modules.add(path[0]);
        if (alias) this.imports.set(alias, path.join('.'));
        else this.imports.set(path[0], path[0]);
      }
      path = [];
      alias = undefined;
    };
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i];
      if (p.name === ',') flush();
      else if (p.name === 'as') alias = parts[i + 1] ? this.slice(parts[++i]) : undefined;
      else if (p.name === 'VariableName') path.push(this.slice(p));
    }
    flush();
  }

  /** `from a.b import c as d` binds `d` to `a.b.c`; relative and star imports bind nothing known. */
  private readFromImport(parts: SyntaxNode[]): void {
    const importAt = parts.findIndex((p) => p.name === 'import');
    if (importAt < 0) return;
    const head = parts.slice(1, importAt);
    if (head[0]?.name !== 'VariableName') return;
    const module = head
      .filter((p) => p.name === 'VariableName')
      .map((p) => this.slice(p))
      .join('.');
    this.modules.add(module.split('.')[0]);
    for (let i = importAt + 1; i < parts.length; i++) {
      const p = parts[i];
      if (p.name !== 'VariableName') continue;
      const name = this.slice(p);
      if (parts[i + 1]?.name === 'as' && parts[i + 2]?.name === 'VariableName') {
        this.imports.set(this.slice(parts[i + 2]), `${module}.${name}`);
        i += 2;
      } else this.imports.set(name, `${module}.${name}`);
    }
  }
}
