// The `.mlsec.yaml` configuration: its shape, validation with clear messages, and merging with
// editor settings.

import Ajv from 'ajv';
import { isScalar, parseDocument, visit } from 'yaml';
import schema from '../../schemas/mlsec-config.schema.json';
import { SEVERITIES, type Problem, type Severity, type Span } from './model';
import { tooDeepMessage, yamlDepthExceeded } from './formats/yaml/depth';
import { appendAll } from './collections';

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface TrustPolicy {
  identities?: { identity: string; issuer: string }[];
  publicKeys?: string[];
  certificateChains?: string[];
  trustedRoot?: string;
}

/** One `suppressions:` entry of `.mlsec.yaml`, with where it is written in the file. */
export interface PolicySuppression {
  rule: string;
  path: string;
  fingerprint?: string;
  reason: string;
  by: string;
  /** Last day it applies, `YYYY-MM-DD` (UTC). */
  expires?: string;
  /** Offsets of the entry in the configuration text. */
  start?: number;
  end?: number;
  /** The configuration file it is written in (workspace-relative), when not the one applied. */
  file?: string;
}

export interface MlsecConfig {
  rules: Record<string, RuleSetting>;
  ignore: string[];
  maxFileSize: number;
  /** Time and heap growth one text file may take to read (see src/core/workspace/budget.ts). */
  fileBudget?: { seconds?: number; memoryMiB?: number };
  models: { requireSignatures?: boolean; trust?: TrustPolicy };
  'threat-model'?: Record<string, unknown>;
  suppressions?: PolicySuppression[];
  /** false: suppression comments suppress nothing and are reported. */
  inlineSuppressions?: boolean;
  /** Globs of test and fixture paths whose findings are one severity lower; unset: the defaults, `[]`: none. */
  testPaths?: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
export const CONFIG_FILE_NAMES = ['.mlsec.yaml', '.mlsec.yml'];

export function defaultConfig(): MlsecConfig {
  return { rules: {}, ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, models: {} };
}

export interface LoadedConfig {
  config: MlsecConfig;
  /** Errors, each with the `span` of offsets in the config text when the problem is at a known node. */
  errors: Problem[];
  /** The top-level keys the text sets (so a file that extends another replaces only those). */
  keys?: string[];
  /** The `extends` path as written, and where. */
  extends?: { path: string; span?: Span };
}

/** A configuration error, at offsets in the config text when it is at a known node. */
export function configProblem(message: string, span?: Span): Problem {
  return { level: 'error', message, ...(span ? { span } : {}) };
}

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown) {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  const ok = validator(data);
  return ok ? [] : (validator.errors ?? []);
}

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$/.exec(v.trim());
  if (!m) throw new Error(`invalid size "${v}"`);
  const unit = SIZE_UNITS[(m[2] || 'B').toUpperCase()];
  if (!unit) throw new Error(`invalid size unit in "${v}"`);
  return Math.round(Number(m[1]) * unit);
}

/** Normalises one `rules.<id>` value to a RuleSetting. */
export function toRuleSetting(v: unknown): RuleSetting {
  if (v === 'off' || v === false) return { enabled: false };
  if (v === 'on' || v === true) return { enabled: true };
  if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) return { severity: v as Severity };
  if (v && typeof v === 'object') return v as RuleSetting;
  return {};
}

/**
 * Parses and validates `.mlsec.yaml` text. Unknown keys, unknown rule ids and bad values are
 * reported with their location; valid parts still take effect.
 */
export function parseConfig(text: string, knownRuleIds: ReadonlySet<string>): LoadedConfig {
  const errors: Problem[] = [];
  const config = defaultConfig();
  const deep = yamlDepthExceeded(text);
  if (deep !== undefined) return { config, errors: [configProblem(`YAML: ${tooDeepMessage()}`, { start: deep, end: deep + 1 })] };
  // The parser's own duplicate-key check compares every key with every other; it is done here
  // with a set per mapping instead, so 40k rule ids stay linear.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  for (const e of doc.errors) errors.push(configProblem(`YAML: ${e.message.split('\n')[0]}`, { start: e.pos[0], end: e.pos[1] }));
  appendAll(errors, duplicateKeys(doc));
  if (errors.length) return { config, errors };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    // The yaml library refuses excessive alias expansion (an alias bomb) with an error; it is
    // reported at the first alias, where the expansion starts.
    return { config, errors: [configProblem(`YAML: ${(e as Error).message.split('\n')[0]}`, firstAliasSpan(doc))] };
  }
  const keyIndex = new Map<unknown, Map<unknown, { range?: [number, number, number] }>>();
  const spanOf = (p: (string | number)[]): Span | undefined => {
    const keyNode = p.length ? findKeyNode(doc, p, keyIndex) : undefined;
    const r = keyNode?.range ?? (doc.getIn(p, true) as { range?: [number, number, number] } | undefined)?.range;
    return r ? { start: r[0], end: r[1] } : undefined;
  };
  for (const e of validate(data)) {
    const p = e.instancePath
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (e.keyword === 'additionalProperties') {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const where = p.length ? `in "${p.join('.')}"` : 'at the top level';
      errors.push(configProblem(`unknown key "${key}" ${where}`, spanOf([...p, key])));
    } else if (e.keyword === 'oneOf' || e.keyword === 'if') {
      continue; // the branch errors say what is wrong more precisely
    } else {
      errors.push(configProblem(`"${p.join('.') || '(root)'}" ${e.message ?? 'is invalid'}`, spanOf(p)));
    }
  }
  if (errors.length) return { config, errors: dedupe(errors) };
  const obj = data as Record<string, unknown>;
  for (const [id, v] of Object.entries((obj.rules as Record<string, unknown>) ?? {})) {
    if (!knownRuleIds.has(id)) {
      errors.push(configProblem(`unknown rule id "${id}"`, spanOf(['rules', id])));
      continue;
    }
    config.rules[id] = toRuleSetting(v);
  }
  if (Array.isArray(obj.ignore)) config.ignore = obj.ignore as string[];
  if (Array.isArray(obj.testPaths)) config.testPaths = obj.testPaths as string[];
  if (obj.maxFileSize !== undefined) config.maxFileSize = parseSize(obj.maxFileSize as number | string);
  if (obj.fileBudget) config.fileBudget = obj.fileBudget as MlsecConfig['fileBudget'];
  if (obj.models) config.models = obj.models as MlsecConfig['models'];
  if (obj['threat-model']) config['threat-model'] = obj['threat-model'] as Record<string, unknown>;
  readPolicyKeys(obj, config, knownRuleIds, spanOf, errors);
  const parent = typeof obj.extends === 'string' ? { extends: { path: obj.extends, span: spanOf(['extends']) } } : {};
  return { config, errors, keys: Object.keys(obj), ...parent };
}

/** The `suppressions` and `inlineSuppressions` keys, already checked against the schema. */
function readPolicyKeys(obj: Record<string, unknown>, config: MlsecConfig, knownRuleIds: ReadonlySet<string>, spanOf: (p: (string | number)[]) => Span | undefined, errors: Problem[]): void {
  if (typeof obj.inlineSuppressions === 'boolean') config.inlineSuppressions = obj.inlineSuppressions;
  if (!Array.isArray(obj.suppressions)) return;
  config.suppressions = [];
  (obj.suppressions as PolicySuppression[]).forEach((entry, i) => {
    if (!knownRuleIds.has(entry.rule)) {
      errors.push(configProblem(`unknown rule id "${entry.rule}" in suppressions`, spanOf(['suppressions', i, 'rule'])));
      return;
    }
    if (entry.expires !== undefined && Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`))) {
      errors.push(configProblem(`"suppressions.${i}.expires" is not a date`, spanOf(['suppressions', i, 'expires'])));
      return;
    }
    const r = spanOf(['suppressions', i]);
    config.suppressions!.push({ ...entry, start: r?.start, end: r?.end });
  });
}

/** An error at the second and later occurrence of a key in the same mapping. */
function duplicateKeys(doc: ReturnType<typeof parseDocument>): Problem[] {
  const out: Problem[] = [];
  visit(doc, {
    Map(_key, node) {
      const seen = new Set<unknown>();
      for (const it of node.items) {
        const k = isScalar(it.key) ? it.key.value : it.key;
        if (seen.has(k)) {
          const r = (it.key as { range?: [number, number, number] } | null)?.range;
          out.push(configProblem('YAML: Map keys must be unique', r ? { start: r[0], end: r[1] } : undefined));
        } else seen.add(k);
      }
    },
  });
  return out;
}

/** The span of the first alias (`*name`), where an alias expansion problem starts. */
function firstAliasSpan(doc: ReturnType<typeof parseDocument>): Span | undefined {
  let found: Span | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) found = { start: node.range[0], end: node.range[1] };
      return visit.BREAK;
    },
  });
  return found;
}

type KeyNode = { value?: unknown; range?: [number, number, number] };

/** The key node at the end of `p`, through an index of each parent's keys built once (linear in the keys, not quadratic). */
function findKeyNode(doc: ReturnType<typeof parseDocument>, p: (string | number)[], index: Map<unknown, Map<unknown, KeyNode>>) {
  const parent: unknown = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents;
  let keys = index.get(parent);
  if (!keys) {
    keys = new Map();
    for (const it of (parent as { items?: { key?: KeyNode }[] })?.items ?? []) if (it.key && !keys.has(it.key.value)) keys.set(it.key.value, it.key);
    index.set(parent, keys);
  }
  return keys.get(p[p.length - 1]);
}

function dedupe(errors: Problem[]): Problem[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.message}@${e.span?.start}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Layers editor settings over the file config. The file is the team's shared policy; editor
 * settings are personal, so they win for the keys they set (documented in the README).
 */
export function mergeConfig(base: MlsecConfig, over: Partial<MlsecConfig>): MlsecConfig {
  return {
    rules: { ...base.rules, ...Object.fromEntries(Object.entries(over.rules ?? {}).map(([k, v]) => [k, { ...base.rules[k], ...v }])) },
    ignore: [...base.ignore, ...(over.ignore ?? [])],
    ...((over.testPaths ?? base.testPaths) ? { testPaths: over.testPaths ?? base.testPaths } : {}),
    maxFileSize: over.maxFileSize ?? base.maxFileSize,
    ...((over.fileBudget ?? base.fileBudget) ? { fileBudget: over.fileBudget ?? base.fileBudget } : {}),
    models: { ...base.models, ...over.models },
    'threat-model': over['threat-model'] ?? base['threat-model'],
    // The suppression policy is the team's, so editor settings never replace it.
    ...(base.suppressions ? { suppressions: base.suppressions } : {}),
    ...(base.inlineSuppressions !== undefined ? { inlineSuppressions: base.inlineSuppressions } : {}),
  };
}
