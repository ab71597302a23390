// The `mlsec.*` editor settings as the server receives them, and their translation into
// configuration overrides that mergeConfig layers over `.mlsec.yaml`.

import { parseSize, toRuleSetting, type MlsecConfig, type RuleSetting } from '../core/config';

export interface EditorSettings {
  enable: boolean;
  /** Keyed by rule id: "off", "on", a severity, a boolean, or { enabled, severity, options }. */
  rules: Record<string, unknown>;
  ignore: string[];
  /** Bytes, or a size such as "5MB"; null leaves the configuration file's value. */
  maxFileSize: number | string | null;
  scanWorkspace: boolean;
  /** A baseline file of the folder (workspace-relative) whose findings show as hints; null: none. */
  baseline: string | null;
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {}, ignore: [], maxFileSize: null, scanWorkspace: true, baseline: null };

/** Fills defaults for whatever the client did not send (or sent with the wrong type). */
export function normalizeSettings(raw: unknown): EditorSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof EditorSettings, unknown>>;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    rules: r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules) ? (r.rules as Record<string, unknown>) : {},
    ignore: Array.isArray(r.ignore) ? r.ignore.filter((g): g is string => typeof g === 'string') : [],
    maxFileSize: typeof r.maxFileSize === 'number' || typeof r.maxFileSize === 'string' ? r.maxFileSize : null,
    scanWorkspace: typeof r.scanWorkspace === 'boolean' ? r.scanWorkspace : DEFAULT_SETTINGS.scanWorkspace,
    baseline: typeof r.baseline === 'string' && r.baseline.trim() ? r.baseline.trim() : null,
  };
}

export interface SettingsOverrides {
  overrides: Partial<MlsecConfig>;
  /** Problems with the settings, one sentence each, for the log. */
  problems: string[];
}

/** Translates settings into the keys they set; keys left at their defaults set nothing. */
export function toConfigOverrides(s: EditorSettings, knownRuleIds: ReadonlySet<string>): SettingsOverrides {
  const problems: string[] = [];
  const overrides: Partial<MlsecConfig> = {};
  const rules: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(s.rules)) {
    if (!knownRuleIds.has(id)) {
      problems.push(`mlsec.rules names the unknown rule "${id}"; it is ignored.`);
      continue;
    }
    const setting = toRuleSetting(v);
    if (Object.keys(setting).length === 0) problems.push(`mlsec.rules["${id}"] has a value mlsec does not understand; it is ignored.`);
    else rules[id] = setting;
  }
  if (Object.keys(rules).length) overrides.rules = rules;
  if (s.ignore.length) overrides.ignore = s.ignore;
  if (s.maxFileSize !== null) {
    try {
      overrides.maxFileSize = parseSize(s.maxFileSize);
    } catch (e) {
      problems.push(`mlsec.maxFileSize: ${(e as Error).message}; the configuration file's limit applies.`);
    }
  }
  return { overrides, problems };
}
