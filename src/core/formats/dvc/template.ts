// DVC's `${…}` templating in dvc.yaml, resolved statically from `vars` and params files where
// every name is known; anything else is left exactly as written.

/** Values a template may refer to: `vars`, params.yaml, and `item`/`key` of foreach/matrix. */
export type TemplateContext = Record<string, unknown>;

/** One substitution: where it sat in the template and where its text landed in the result. */
export interface Substitution {
  srcStart: number;
  srcEnd: number;
  outStart: number;
  outEnd: number;
}

export interface Interpolated {
  /** The result; for a template that is exactly one `${x}` this is x's own value (list, dict…). */
  value: unknown;
  text: string;
  /** Every `${…}` was resolved. */
  resolved: boolean;
  /** Names that could not be resolved. */
  missing: string[];
  substitutions: Substitution[];
}

// DVC accepts `${name}` and `${{name}}`, with dots and brackets for nested access; `\${` escapes.
const KEY_SOURCE = String.raw`(?<!\\)\$(\{\{|\{)([\w.\s\\/[\]:-]*?)(\}\}|\})`;
const KEY_TEST = new RegExp(KEY_SOURCE);

export function hasTemplate(s: string): boolean {
  return KEY_TEST.test(s);
}

/** Looks up `a.b[0].c` in the context. */
export function select(ctx: TemplateContext, expr: string): { found: boolean; value?: unknown } {
  const parts: string[] = [];
  for (const seg of expr.trim().split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(seg);
    if (!m) return { found: false };
    if (m[1]) parts.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) parts.push(idx[1]);
  }
  let cur: unknown = ctx;
  for (const p of parts) {
    if (Array.isArray(cur) && /^\d+$/.test(p) && Number(p) < cur.length) cur = cur[Number(p)];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && Object.prototype.hasOwnProperty.call(cur, p)) cur = (cur as Record<string, unknown>)[p];
    else return { found: false };
  }
  return { found: parts.length > 0, value: cur };
}

/**
 * DVC's string form of a value. In `cmd`, a dictionary becomes `--key value` arguments (booleans
 * as flags, lists as several values), as DVC's default `parsing` settings do.
 */
export function toTemplateString(v: unknown, inCmd: boolean): string | undefined {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v === null) return 'None';
  if (inCmd && v && typeof v === 'object' && !Array.isArray(v)) {
    const args: string[] = [];
    const flatten = (o: Record<string, unknown>, prefix: string) => {
      for (const [k, val] of Object.entries(o)) {
        const name = prefix + k;
        if (val && typeof val === 'object' && !Array.isArray(val)) flatten(val as Record<string, unknown>, `${name}.`);
        else if (typeof val === 'boolean') {
          if (val) args.push(`--${name}`);
        } else if (Array.isArray(val)) args.push(`--${name}`, ...val.map((x) => toTemplateString(x, false) ?? ''));
        else args.push(`--${name}`, toTemplateString(val, false) ?? '');
      }
    };
    flatten(v as Record<string, unknown>, '');
    return args.join(' ');
  }
  return undefined;
}

/** Resolves every `${…}` in `template` that the context knows. */
export function interpolate(template: string, ctx: TemplateContext, opts: { inCmd?: boolean } = {}): Interpolated {
  const matches = [...template.matchAll(new RegExp(KEY_SOURCE, 'g'))].filter((m) => (m[1] === '{{') === (m[3] === '}}'));
  if (!matches.length) return { value: template, text: template, resolved: true, missing: [], substitutions: [] };
  if (matches.length === 1 && matches[0][0] === template) {
    const r = select(ctx, matches[0][2]);
    if (r.found) {
      const text = toTemplateString(r.value, !!opts.inCmd);
      return {
        value: r.value,
        text: text ?? template,
        resolved: true,
        missing: [],
        substitutions: text === undefined ? [] : [{ srcStart: 0, srcEnd: template.length, outStart: 0, outEnd: text.length }],
      };
    }
  }
  let out = '';
  let pos = 0;
  const missing: string[] = [];
  const substitutions: Substitution[] = [];
  for (const m of matches) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    out += template.slice(pos, start);
    const r = select(ctx, m[2]);
    const text = r.found ? toTemplateString(r.value, !!opts.inCmd) : undefined;
    if (text === undefined) {
      missing.push(m[2].trim());
      out += m[0];
    } else {
      substitutions.push({ srcStart: start, srcEnd: end, outStart: out.length, outEnd: out.length + text.length });
      out += text;
    }
    pos = end;
  }
  out += template.slice(pos);
  // `\${` escapes a literal `${`; DVC drops the backslash once interpolation is done.
  if (out.includes('\\${')) {
    const unescaped = out.replace(/\\\$\{/g, '${');
    return { value: unescaped, text: unescaped, resolved: missing.length === 0, missing, substitutions: [] };
  }
  return { value: out, text: out, resolved: missing.length === 0, missing, substitutions };
}

/**
 * Maps an index of an interpolated string to an index of its template: text copied verbatim maps
 * exactly; text that came from a substitution maps to the start of its `${…}`, except its last
 * character, which maps to the closing brace, so a word made of a substitution covers the whole
 * `${…}` it came from.
 */
export function templateIndex(subs: readonly Substitution[], i: number): number {
  let delta = 0;
  for (const s of subs) {
    if (i < s.outStart) break;
    if (i < s.outEnd) return i === s.outEnd - 1 && s.outEnd - s.outStart > 1 ? s.srcEnd - 1 : s.srcStart;
    delta = s.srcEnd - s.outEnd;
  }
  return i + delta;
}

/** Deep-merges `from` into `into` (later values win), for `vars` and params files. */
export function mergeContext(into: TemplateContext, from: unknown): TemplateContext {
  if (!from || typeof from !== 'object' || Array.isArray(from)) return into;
  for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
    const cur = into[k];
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)) {
      into[k] = mergeContext({ ...(cur as TemplateContext) }, v);
    } else {
      into[k] = v;
    }
  }
  return into;
}
