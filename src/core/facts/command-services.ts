// ML services a command starts (MLflow, Jupyter, TensorBoard, the Ray head) bound to every
// interface without authentication, with the edit that binds them to loopback or adds a login.

import type { ServiceLaunchFact, ShellCommand, ShellWord } from './model';
import { commandName, exactLoc, inlineWord, wid, type Acc } from './command-words';

/**
 * An edit that adds arguments after `w`, written the way the command is: blank-separated in
 * shell text, as further strings of a JSON exec-form array. Other argument lists (YAML) have
 * their own syntax, so no edit is made there.
 */
function argumentsAfter(cmd: ShellCommand, w: ShellWord, args: string[]): { start: number; end: number; newText: string } | undefined {
  if (!exactLoc(w)) return undefined;
  if (cmd.argv === 'json') {
    // The word's loc is inside its quotes; the new strings go after the closing quote.
    return { start: w.loc.end + 1, end: w.loc.end + 1, newText: args.map((a) => `, ${JSON.stringify(a)}`).join('') };
  }
  if (cmd.argv) return undefined;
  return { start: w.loc.end, end: w.loc.end, newText: ' ' + args.join(' ') };
}

const JUPYTER_TOKEN = /^--(NotebookApp|ServerApp|IdentityProvider|LabApp)\.token=(.*)$/s;
const JUPYTER_PASSWORD = /^--(NotebookApp|ServerApp|IdentityProvider|LabApp)\.password=(.*)$/s;
const SERVICES = /^(mlflow|jupyter|jupyter-lab|jupyter-notebook|jupyterhub-singleuser|tensorboard|ray)$/;

/** The value of the first of `names` given as an option (`--host H` or `--host=H`). */
function optionValue(words: readonly ShellWord[], names: string[]): ShellWord | undefined {
  for (let k = 1; k < words.length; k++) {
    for (const n of names) {
      if (words[k].value === n) return words[k + 1];
      if (words[k].value.startsWith(n + '=')) return inlineWord(words[k], n.length + 1);
    }
  }
  return undefined;
}

/** A bind address that listens on every interface. */
function allInterfaces(h?: string): boolean {
  return h !== undefined && /^(0\.0\.0\.0|::|\[::\]|\*|)$/.test(h);
}

/** MLflow, Jupyter, TensorBoard and Ray services bound to all interfaces without authentication. */
export function analyzeService(cmd: ShellCommand, words: readonly ShellWord[], acc: Acc): void {
  const name = commandName(words);
  if (!SERVICES.test(name)) return;
  const v = words.map((w) => w.value);
  const opt = (names: string[]) => optionValue(words, names);
  const push = (f: Omit<ServiceLaunchFact, 'loc'>) => acc.facts.services.push({ ...f, loc: cmd.loc, ...wid(acc) });
  const exact = words.every(exactLoc);
  if (name === 'mlflow' && (v[1] === 'server' || v[1] === 'ui')) {
    const host = opt(['--host', '-h']);
    const appName = opt(['--app-name']);
    const authenticated = appName?.value === 'basic-auth' || !!appName;
    const addAuth = argumentsAfter(cmd, words[1], ['--app-name', 'basic-auth']);
    if (!authenticated && allInterfaces(host?.value)) {
      push({
        service: 'mlflow-server',
        bind: host?.value,
        authenticated: false,
        ...(exact && addAuth ? { remedy: { title: 'Enable MLflow basic authentication (--app-name basic-auth)', edits: [addAuth] } } : {}),
      });
    } else if (authenticated) {
      // Recorded so the threat model can show the server, with its login as the control.
      push({ service: 'mlflow-server', ...(allInterfaces(host?.value) ? { bind: host?.value } : {}), authenticated: true });
    }
  } else if (name === 'mlflow' && v[1] === 'models' && v[2] === 'serve') {
    const host = opt(['--host', '-h']);
    if (allInterfaces(host?.value) && host) {
      push({
        service: 'mlflow-models-serve',
        bind: host.value,
        authenticated: false,
        ...(exactLoc(host) ? { remedy: { title: 'Bind the model server to loopback', edits: [{ start: host.loc.start, end: host.loc.end, newText: '127.0.0.1' }] } } : {}),
      });
    }
  } else if (name === 'jupyter' || name === 'jupyter-lab' || name === 'jupyter-notebook' || name === 'jupyterhub-singleuser') {
    // An empty token turns authentication off unless a password is set; an empty password
    // alone changes nothing, as Jupyter then generates a token.
    const empty = (w: ShellWord | undefined, setting: RegExp) => !w || /^(''|""|)$/.test(setting.exec(w.value)?.[2] ?? '');
    const k = words.findIndex((w) => JUPYTER_TOKEN.test(w.value));
    const password = words.find((w) => JUPYTER_PASSWORD.test(w.value));
    if (k > 0 && empty(words[k], JUPYTER_TOKEN) && empty(password, JUPYTER_PASSWORD)) {
      push({
        service: 'jupyter',
        bind: opt(['--ip'])?.value,
        authenticated: false,
        ...(exact ? { remedy: { title: 'Remove the empty token so Jupyter generates one', edits: [{ start: words[k - 1].loc.end, end: words[k].loc.end, newText: '' }] } } : {}),
      });
    }
  } else if (name === 'tensorboard') {
    const bindAll = words.find((w) => w.value === '--bind_all');
    const host = opt(['--host']);
    if (bindAll || allInterfaces(host?.value)) {
      const target = bindAll ?? host!;
      push({
        service: 'tensorboard',
        bind: bindAll ? '0.0.0.0' : host?.value,
        authenticated: false,
        ...(exactLoc(target)
          ? { remedy: { title: 'Bind TensorBoard to loopback', edits: [{ start: target.loc.start, end: target.loc.end, newText: bindAll ? '--host=127.0.0.1' : '127.0.0.1' }] } }
          : {}),
      });
    }
  } else if (name === 'ray' && v[1] === 'start' && v.includes('--head')) {
    const host = opt(['--dashboard-host']);
    if (host && allInterfaces(host.value)) {
      push({
        service: 'ray-head',
        bind: host.value,
        authenticated: false,
        ...(exactLoc(host) && host.raw === host.value ? { remedy: { title: 'Bind the Ray dashboard to loopback', edits: [{ start: host.loc.start, end: host.loc.end, newText: '127.0.0.1' }] } } : {}),
      });
    }
  }
}
