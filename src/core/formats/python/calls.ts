// Argument access for one resolved call: by keyword or position, evaluated statically.

import type { SyntaxNode } from '@lezer/common';
import type { Loc } from '../../model';
import type { PyCall, PyModule } from './module';
import type { Argument } from './syntax';
import { dictKeywords } from './unpacked';
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

  /**
   * Some argument is `*args`, or `**kwargs` of a dictionary not known, so a missing keyword may
   * still be passed.
   */
  get unpacks(): boolean {
    return this.call.args.args.some((a) => a.unpack) && this.spread.unknown;
  }

  /** The argument given by keyword (in the call or a known `**` dictionary), or at `position` when it is passed positionally. */
  arg(keyword: string, position?: number): Argument | undefined {
    const args = this.call.args.args;
    const byName = args.find((a) => a.keyword === keyword) ?? this.spreadArg(keyword);
    if (byName || position === undefined) return byName;
    const positional = args.filter((a) => !a.keyword && !a.unpack);
    // Positions are only trusted while no unpacking comes before them.
    const firstUnpack = args.findIndex((a) => a.unpack);
    const candidate = positional[position];
    if (!candidate) return undefined;
    return firstUnpack >= 0 && args.indexOf(candidate) > firstUnpack ? undefined : candidate;
  }

  private spreadCache: { entries: Argument[]; unknown: boolean } | undefined;

  /** Entries of the `**` dictionaries the file spells out, and whether some unpacking stays unknown. */
  private get spread(): { entries: Argument[]; unknown: boolean } {
    if (this.spreadCache) return this.spreadCache;
    const entries: Argument[] = [];
    let unknown = false;
    for (const a of this.call.args.args) {
      if (a.unpack === '*') unknown = true;
      if (a.unpack !== '**') continue;
      const known = dictKeywords(this.m, a.value, this.call.scope);
      if (known) entries.push(...known);
      else unknown = true;
    }
    return (this.spreadCache = { entries, unknown });
  }

  private spreadArg(keyword: string): Argument | undefined {
    if (!this.call.args.args.some((a) => a.unpack === '**')) return undefined;
    return this.spread.entries.find((a) => a.keyword === keyword);
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
