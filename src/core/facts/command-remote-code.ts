// Model servers told on their command line to run the Python code a model repository ships:
// vLLM (`vllm serve M --trust-remote-code`, its OpenAI API server module), SGLang and Hugging Face
// text-generation-inference, and the environment variables that pass them the same flag.

import type { Facts, SettingFact, ShellWord, Str } from './model';
import { wordStr, type Acc } from './command-words';

const FLAG = /^--trust[-_]remote[-_]code(=(true|1))?$/i;
/** `python -m` modules that start a model server taking `--trust-remote-code`. */
const SERVER_MODULES = /^(vllm\.entrypoints\.[A-Za-z_.]+|sglang\.launch_server)$/;
/** The options that name the model each server loads. */
const MODEL_OPTIONS = ['--model', '--model-path', '--model-id', '--model_name_or_path'];

/** The model named by one of MODEL_OPTIONS, or by the first argument after `serve`. */
function modelOf(words: readonly ShellWord[], start: number): Str | undefined {
  for (let k = start; k < words.length; k++) {
    const w = words[k].value;
    for (const o of MODEL_OPTIONS) {
      if (w === o && words[k + 1]) return wordStr(words[k + 1]);
      if (w.startsWith(o + '=')) return { value: w.slice(o.length + 1), loc: words[k].loc };
    }
  }
  const serve = words.findIndex((w) => w.value === 'serve');
  const next = serve >= 0 ? words[serve + 1] : undefined;
  return next && !next.value.startsWith('-') ? wordStr(next) : undefined;
}

/** The server a command starts, when it is one that takes `--trust-remote-code`, and where its arguments begin. */
function serverOf(words: readonly ShellWord[], name: string): { api: string; start: number } | undefined {
  const v = words.map((w) => w.value);
  if (name === 'vllm' && v[1] === 'serve') return { api: 'vllm serve', start: 2 };
  if (name === 'text-generation-launcher') return { api: name, start: 1 };
  if (/^python[0-9.]*$/.test(name) && v[1] === '-m' && SERVER_MODULES.test(v[2] ?? '')) return { api: `python -m ${v[2]}`, start: 3 };
  return undefined;
}

/** Adds a remote-code fact for a model server started with `--trust-remote-code`. */
export function analyzeRemoteCodeServer(words: readonly ShellWord[], name: string, acc: Acc): void {
  const server = serverOf(words, name);
  if (!server) return;
  const flag = words.slice(server.start).find((w) => FLAG.test(w.value));
  if (!flag) return;
  const source = modelOf(words, server.start);
  acc.facts.remoteCodeLoads.push({ api: server.api, flag: flag.value, loc: flag.loc, ...(source ? { source } : {}) });
}

/**
 * Environment variables that hand a model server `--trust-remote-code`: the extra-arguments
 * variables of vLLM images (`VLLM_ADDITIONAL_ARGS`, `VLLM_ARGS`) and text-generation-inference's
 * `TRUST_REMOTE_CODE=true`.
 */
export function remoteCodeFromSetting(s: SettingFact, facts: Facts): void {
  const name = s.name.value;
  const value = s.value?.value ?? '';
  if (/^VLLM_[A-Z_]*ARGS$/.test(name) && value.split(/\s+/).some((w) => FLAG.test(w))) {
    facts.remoteCodeLoads.push({ api: `${name} (vLLM arguments)`, flag: '--trust-remote-code', loc: s.value!.loc });
  } else if (name === 'TRUST_REMOTE_CODE' && /^(true|1)$/i.test(value)) {
    facts.remoteCodeLoads.push({ api: 'text-generation-inference', flag: `${name}=${value}`, loc: { file: s.name.loc.file, start: s.name.loc.start, end: s.value!.loc.end } });
  }
}
