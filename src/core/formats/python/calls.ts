// Argument access for one resolved call: by keyword or position, evaluated statically.

import type { SyntaxNode } from '@lezer/common';
import type { Loc } from '../../model';
import type { PyCall, PyModule } from './module';
import type { Argument } from './syntax';
import { evaluate, type PyValue } from './values';

export class CallView {
  constructor(
    readonly m: PyModule,
    readonly call: PyCall,
  ) {}

  get loc(): Loc {
    return this.m.file.loc(this.call.node.from, this.call.node.to);
  }

  /** The last segment of the callee (`from_pretrained`, `load`). */
  get method(): string {
    const c = this.call.callee;
    return c.slice(c.lastIndexOf('.') + 1);
  }

  /** Some argument is `*args` or `**kwargs`, so a missing keyword may still be passed. */
  get unpacks(): boolean {
    return this.call.args.args.some((a) => a.unpack);
  }

  /** The argument given by keyword, or at `position` when it is passed positionally. */
  arg(keyword: string, position?: number): Argument | undefined {
    const args = this.call.args.args;
    const byName = args.find((a) => a.keyword === keyword);
    if (byName || position === undefined) return byName;
    const positional = args.filter((a) => !a.keyword && !a.unpack);
    // Positions are only trusted while no unpacking comes before them.
    const firstUnpack = args.findIndex((a) => a.unpack);
    const candidate = positional[position];
    if (!candidate) return undefined;
    return firstUnpack >= 0 && args.indexOf(candidate) > firstUnpack ? undefined : candidate;
  }

  value(keyword: string, position?: number): PyValue | undefined {
    return evaluate(this.m, this.arg(keyword, position)?.value);
  }

  /** The callee's last property name node, when the callee is `obj.name`. */
  propertyNode(): SyntaxNode | undefined {
    const callee = this.call.node.firstChild;
    return callee?.name === 'MemberExpression' && callee.lastChild?.name === 'PropertyName' ? callee.lastChild : undefined;
  }
}

/** Calls of a module as views, optionally only those whose callee is imported. */
export function callViews(m: PyModule): CallView[] {
  return m.calls.map((c) => new CallView(m, c));
}
