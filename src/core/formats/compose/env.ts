// The environment of a compose service (`environment:` as a mapping or a `KEY=value` list, and
// `env_file:` references) as settings, with the compose-style fix for a literal credential:
// read the value from the environment or the project's .env file (`${NAME}`) instead.

import type { Node } from 'yaml';
import { isCredentialName } from '../../facts/classify';
import type { SettingFact, Str } from '../../facts/model';
import type { Fix } from '../../model';
import { replaceScalar } from '../yaml/edit';
import type { YamlDoc } from '../yaml/nodes';

function interpolationRemedy(y: YamlDoc, name: string, edit: { start: number; end: number; newText: string } | undefined): Fix[] | undefined {
  if (!edit || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  return [{ title: `Read ${name} from the environment or the .env file (\${${name}})`, kind: 'review', edits: [{ file: y.file, ...edit }] }];
}

const INTERPOLATION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}$/;

function setting(name: Str, written: Str | undefined, workloadId: string, remedies?: Fix[]): SettingFact {
  // `${NAME}` and `${NAME:?message}` come from the environment; `${NAME:-default}` holds its default as the literal.
  const m = written ? INTERPOLATION.exec(written.value.trim()) : null;
  let value = written;
  if (m && written) {
    if (!m[2] || m[2].includes('?') || !m[3]) return { name, referenced: true, origin: 'compose-env', workloadId };
    const at = written.value.indexOf(m[3], m[1].length + 2 + m[2].length);
    value = { value: m[3], loc: { file: written.loc.file, start: written.loc.start + at, end: written.loc.start + at + m[3].length } };
  }
  return { name, ...(value ? { value } : {}), referenced: false, origin: 'compose-env', workloadId, ...(remedies && !m ? { remedies } : {}) };
}

/** `KEY=value` (or a bare `KEY`) list item. */
function listItem(y: YamlDoc, item: Node, workloadId: string): SettingFact | undefined {
  const s = y.str(item);
  if (!s) return undefined;
  const eq = s.value.indexOf('=');
  const exact = y.text.slice(s.loc.start, s.loc.end) === s.value;
  const rawName = eq < 0 ? s.value : s.value.slice(0, eq);
  const nameLoc = exact ? { file: s.loc.file, start: s.loc.start, end: s.loc.start + rawName.length } : s.loc;
  const name: Str = { value: rawName.trim(), loc: nameLoc };
  if (eq < 0) return setting(name, undefined, workloadId);
  const valueLoc = exact ? { file: s.loc.file, start: s.loc.start + eq + 1, end: s.loc.end } : s.loc;
  const value: Str = { value: s.value.slice(eq + 1), loc: valueLoc };
  const remedies =
    exact && isCredentialName(name.value) && value.value !== '' ? interpolationRemedy(y, name.value, { start: valueLoc.start, end: valueLoc.end, newText: `\${${name.value}}` }) : undefined;
  return setting(name, value, workloadId, remedies);
}

/** The settings of a service's `environment` and `env_file`. */
export function readEnvironment(y: YamlDoc, service: Node, workloadId: string): SettingFact[] {
  const out: SettingFact[] = [];
  const env = y.get(service, 'environment');
  if (y.seq(env)) {
    for (const item of y.items(env)) {
      const s = listItem(y, item, workloadId);
      if (s) out.push(s);
    }
  }
  for (const e of y.map(env) ? y.entries(env) : []) {
    const name = y.str(e.keyNode);
    if (!name) continue;
    const value = y.str(e.value);
    const scalar = y.scalar(e.value);
    const remedies = value && scalar && isCredentialName(name.value) && value.value !== '' ? interpolationRemedy(y, name.value, replaceScalar(y, scalar, `\${${name.value}}`)) : undefined;
    out.push(setting(name, value, workloadId, remedies));
  }
  const files = y.get(service, 'env_file');
  for (const f of y.str(files) ? [files] : y.items(files)) {
    const path = y.str(f) ?? y.str(y.get(f, 'path'));
    if (path) out.push({ name: path, referenced: true, origin: 'compose-env', workloadId });
  }
  return out;
}
