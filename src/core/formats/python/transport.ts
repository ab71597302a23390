// Facts about transport and secrets in Python code, as the existing fact kinds: `verify=False` in
// HTTP clients and ssl's unverified context (TLS disables), MLflow tracking URIs (URLs), and
// literal values of credential-looking variables and arguments (settings).

import type { SyntaxNode } from '@lezer/common';
import { appendAll } from '../../collections';
import { factsFromEnvironment } from '../../facts/commands';
import type { Facts, SettingFact, Str } from '../../facts/model';
import type { CallView } from './calls';
import type { PyModule } from './module';
import { children, removeArgument } from './syntax';
import { evaluate, strOf } from './values';

const HTTP_LIBS = /^(requests|httpx)(\.|$)/;
/** Methods of HTTP clients and sessions that take `verify`, for receivers that are not traced to an import. */
const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'Client', 'AsyncClient', 'Session', 'mount']);
const TRACKING_SETTERS = new Set(['mlflow.set_tracking_uri', 'mlflow.set_registry_uri', 'mlflow.tracking.set_tracking_uri']);
const TRACKING_CLIENTS = /^mlflow\.(tracking\.)?MlflowClient$|^mlflow\.client\.MlflowClient$/;
/**
 * Names worth keeping as settings: the credential rule decides which really are credentials; this
 * only keeps every other string assignment out of the facts.
 */
const MAYBE_CREDENTIAL = /pass|pwd|secret|token|key|credential|auth/i;
const UNVERIFIED = '_create_unverified_context';

export function addTransportFacts(m: PyModule, calls: readonly CallView[], facts: Facts): void {
  const usesHttp = [...m.modules].some((mod) => mod === 'requests' || mod === 'httpx');
  // Arguments are split only for calls that may pass what is looked for.
  const text = m.text;
  const mayVerify = text.includes('verify');
  for (const c of calls) {
    const api = c.call.callee;
    const argText = c.call.node.lastChild;
    const verify = mayVerify ? c.arg('verify') : undefined;
    const off = verify ? evaluate(m, verify.value) : undefined;
    const httpCall = (c.call.imported && HTTP_LIBS.test(api)) || (usesHttp && HTTP_METHODS.has(c.method));
    if (verify && off?.kind === 'bool' && !off.value && httpCall) {
      const removal = removeArgument(c.call.args, verify);
      facts.tlsDisables.push({ what: `${api.replace(/\(\)/g, '')}(verify=False)`, loc: m.file.loc(verify.start, verify.end), ...(removal ? { removal: [removal] } : {}) });
    }
    if (c.call.imported && TRACKING_SETTERS.has(api)) {
      const uri = strOf(c.value('uri', 0));
      if (uri) facts.urls.push({ url: uri, role: 'tracking-server' });
    }
    if (c.call.imported && TRACKING_CLIENTS.test(api)) {
      const uri = strOf(c.value('tracking_uri', 0));
      if (uri) facts.urls.push({ url: uri, role: 'tracking-server' });
      const reg = strOf(c.value('registry_uri', 1));
      if (reg) facts.urls.push({ url: reg, role: 'tracking-server' });
    }
    if (c.call.imported && (api === 'os.environ.setdefault' || api === 'os.putenv')) {
      const name = strOf(c.value('key', 0));
      const value = strOf(c.value('value', 1));
      if (name && value) addEnvironment(facts, name, value);
    }
    // `from ssl import _create_unverified_context as ctx; ctx()`: the alias is not found by its text.
    if (c.call.imported && api === 'ssl._create_unverified_context' && c.call.node.firstChild?.name === 'VariableName' && m.slice(c.call.node.firstChild) !== UNVERIFIED) {
      const callee = c.call.node.firstChild;
      facts.tlsDisables.push({ what: 'ssl._create_unverified_context', loc: m.file.loc(callee.from, callee.to) });
    }
    if (!argText || !MAYBE_CREDENTIAL.test(text.slice(argText.from, argText.to))) continue;
    for (const a of c.call.args.args) {
      if (!a.keyword || !a.keywordNode || !MAYBE_CREDENTIAL.test(a.keyword) || a.value?.name !== 'String') continue;
      const value = strOf(evaluate(m, a.value));
      if (value) addSetting(facts, { value: a.keyword, loc: m.file.loc(a.keywordNode.from, a.keywordNode.to) }, value);
    }
  }
  addUnverifiedContexts(m, facts);
  addAssignedSecrets(m, facts, usesHttp);
}

function addSetting(facts: Facts, name: Str, value: Str): void {
  facts.settings.push({ name, value, referenced: false, origin: 'python-code' });
}

/** An environment variable the code sets: a setting, and what the environment implies (PYTHONHTTPSVERIFY=0, MLFLOW_TRACKING_URI…). */
function addEnvironment(facts: Facts, name: Str, value: Str): void {
  const setting: SettingFact = { name, value, referenced: false, origin: 'python-code' };
  facts.settings.push(setting);
  // Only what the variable says about transport: package installs are read where pip runs.
  const implied = factsFromEnvironment([setting], 'run', 'kfp-packages');
  appendAll(facts.tlsDisables, implied.tlsDisables);
  appendAll(facts.urls, implied.urls);
}

/** References to `ssl._create_unverified_context`, called or assigned as the default context. */
function addUnverifiedContexts(m: PyModule, facts: Facts): void {
  const text = m.text;
  const word = UNVERIFIED;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) {
    let node: SyntaxNode | null = m.tree.resolveInner(i, 1);
    while (node && node.name !== 'MemberExpression' && node.name !== 'VariableName') node = node.parent;
    if (!node) continue;
    if (node.name === 'VariableName' && node.parent?.name === 'MemberExpression') node = node.parent;
    const d = m.dotted(node);
    if (d?.imported && d.name === 'ssl._create_unverified_context') {
      facts.tlsDisables.push({ what: 'ssl._create_unverified_context', loc: m.file.loc(node.from, node.to) });
    }
  }
}

/**
 * `NAME = "literal"` where the name may be a credential, `os.environ["NAME"] = "literal"`, and
 * `session.verify = False` on an HTTP client session.
 */
function addAssignedSecrets(m: PyModule, facts: Facts, usesHttp: boolean): void {
  const text = m.text;
  for (const assign of m.assigns) {
    const parts = children(assign);
    if (parts.length < 3 || parts[1].name !== 'AssignOp') continue;
    const target = parts[0];
    const valueNode = parts[parts.length - 1];
    if (usesHttp && target.name === 'MemberExpression' && target.lastChild?.name === 'PropertyName' && m.slice(target.lastChild) === 'verify') {
      const v = evaluate(m, valueNode);
      if (v?.kind === 'bool' && !v.value) facts.tlsDisables.push({ what: `${m.slice(target)} = False`, loc: m.file.loc(assign.from, assign.to) });
      continue;
    }
    if (valueNode.name !== 'String' && valueNode.name !== 'ContinuedString') continue;
    let name: Str | undefined;
    const last = target.lastChild;
    if (target.name === 'VariableName') name = { value: text.slice(target.from, target.to), loc: m.file.loc(target.from, target.to) };
    else if (target.name === 'MemberExpression' && last?.name === 'PropertyName') name = { value: text.slice(last.from, last.to), loc: m.file.loc(last.from, last.to) };
    else if (target.name === 'MemberExpression' && last?.name === ']' && target.firstChild && m.dotted(target.firstChild)?.name === 'os.environ') {
      const envName = strOf(evaluate(m, target.getChild('String') ?? undefined));
      const envValue = strOf(evaluate(m, valueNode));
      if (envName && envValue) addEnvironment(facts, envName, envValue);
      continue;
    }
    if (!name || !MAYBE_CREDENTIAL.test(name.value)) continue;
    const value = strOf(evaluate(m, valueNode));
    if (value) addSetting(facts, name, value);
  }
}
