// Pipeline parameters pasted into text that a shell or interpreter evaluates: Argo substitutes
// `{{inputs.parameters.x}}` and `{{workflow.parameters.x}}` into a `sh -c` string or a script source
// before it runs, and KFP does the same with `{{$.inputs.parameters['x']}}` in a command string, so
// a value holding `$(…)`, `;` or a quote runs as code. A parameter given as an argument of its own
// or through an environment variable is not evaluated and is not read here.

import type { Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { ParameterInShellFact } from '../../facts/model';
import type { Loc } from '../../model';
import { eolOf, insertPair, insertSeqItems, isFlow, lineEndOf, lineStartOf, type YamlEdit } from '../yaml/edit';
import { scalarContent } from '../yaml/scalar';
import type { FactsBuilder } from './facts';

const ARGO = /\{\{\s*((?:inputs|workflow)\.parameters\.([A-Za-z0-9_-]+))\s*\}\}/g;
const KFP = /\{\{\$\.inputs\.parameters\[(['"])([^'"\]]+)\1\]\}\}/g;

interface Hit {
  parameter: string;
  name: string;
  index: number;
  length: number;
}

function hitsOf(text: string, kfp: boolean): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(kfp ? KFP : ARGO)) {
    out.push(kfp ? { parameter: `inputs.parameters['${m[2]}']`, name: m[2], index: m.index, length: m[0].length } : { parameter: m[1], name: m[2], index: m.index, length: m[0].length });
  }
  return out;
}

/** The shell quoting in force at `at` in `text`: none, inside '…' or inside "…". */
export function quoteContext(text: string, at: number): 'none' | 'single' | 'double' {
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < at; i++) {
    const c = text[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (c === '\\') i++;
    else if (c === '"') state = state === 'double' ? 'none' : 'double';
    else if (c === "'" && state === 'none') state = 'single';
  }
  return state;
}

/** The environment variable a parameter is passed in: `message` → `PARAM_MESSAGE`. */
export function variableFor(name: string): string {
  return `PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** What replaces a placeholder so the shell reads the variable as one word, in the quoting where it stands. */
function reference(variable: string, quoting: 'none' | 'single' | 'double'): string {
  if (quoting === 'double') return `\${${variable}}`;
  if (quoting === 'single') return `'"\${${variable}}"'`;
  return `"\${${variable}}"`;
}

/** A new `- item` line after the last item of a block sequence whose items span several lines. */
function appendBlockItem(b: FactsBuilder, seq: YAMLSeq, entry: string): YamlEdit | undefined {
  const t = b.y.text;
  const first = seq.items[0] as Node | undefined;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!first?.range || !last?.range || !b.y.editable || isFlow(b.y, seq)) return undefined;
  let d = first.range[0] - 1;
  while (d >= 0 && (t[d] === ' ' || t[d] === '\t')) d--;
  if (t[d] !== '-') return undefined;
  const indent = t.slice(lineStartOf(t, d), d);
  if (indent.trim() !== '') return undefined;
  let end = last.range[1];
  while (end > last.range[0] && /\s/.test(t[end - 1])) end--;
  const at = lineEndOf(t, end);
  return { start: at, end: at, newText: `${eolOf(t)}${indent}- ${entry}` };
}

/** The edit that adds `{name: VAR, value: "<placeholder>"}` to the env of `owner`, or undefined when it cannot be written. */
function envEdit(b: FactsBuilder, owner: YAMLMap, variable: string, placeholder: string): YamlEdit | undefined {
  const y = b.y;
  const entry = `{name: ${variable}, value: ${JSON.stringify(placeholder)}}`;
  const env = y.get(owner, 'env');
  const seq = y.seq(env);
  if (seq) {
    if (y.items(seq).some((e) => y.string(y.get(e, 'name')) === variable)) return undefined;
    return seq.items.length ? (insertSeqItems(y, seq, seq.items.length - 1, [entry]) ?? appendBlockItem(b, seq, entry)) : undefined;
  }
  return env ? undefined : insertPair(y, owner, 'env', `[${entry}]`);
}

/**
 * Adds a fact for each parameter placed in the script `node` (a `sh -c` string or a script
 * source). A shell script written as a literal block gets the fix that passes the value as an
 * environment variable of `owner` and reads it quoted.
 */
export function readShellParameters(b: FactsBuilder, node: Scalar, owner: YAMLMap | undefined, where: string, workloadId: string, kfp: boolean): void {
  const y = b.y;
  if (typeof node.value !== 'string' || !node.value.includes('{{')) return;
  const content = scalarContent(y.text, node);
  const whole = y.nodeLoc(node);
  if (!whole) return;
  const at = (i: number): number => (y.editable ? content.offsets[i] : y.toFile(content.offsets[i]));
  const locOf = (h: Hit): Loc => (content.exact ? { file: y.file, start: at(h.index), end: at(h.index + h.length) } : whole);
  const byParameter = new Map<string, Hit[]>();
  for (const h of hitsOf(content.value, kfp)) {
    const list = byParameter.get(h.parameter);
    if (list) list.push(h);
    else byParameter.set(h.parameter, [h]);
  }
  for (const [parameter, hits] of byParameter) {
    const [first, ...rest] = hits.map(locOf);
    const fact: ParameterInShellFact = { parameter, where, loc: first, others: rest, workloadId };
    const fixable = !kfp && owner && content.exact && y.editable && node.type === 'BLOCK_LITERAL' && where !== 'Python script source';
    if (fixable) {
      const variable = variableFor(hits[0].name);
      const env = envEdit(b, owner, variable, content.value.slice(hits[0].index, hits[0].index + hits[0].length));
      if (env) {
        const edits = hits.map((h) => ({ start: at(h.index), end: at(h.index + h.length), newText: reference(variable, quoteContext(content.value, h.index)) }));
        fact.remedy = { variable, edits: [...edits, env] };
      }
    }
    b.facts.parametersInShell.push(fact);
  }
}
