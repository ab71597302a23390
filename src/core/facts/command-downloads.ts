// curl and wget: the downloads a command makes, their URLs and output names, and the flags that
// switch TLS verification off.

import type { ShellCommand, ShellWord } from './model';
import { commandName, exactLoc, fileNameOf, payloadOf, removalIf, URL_RE, wid, wordStr, type Acc } from './command-words';

/** curl options that take a value, so the word after them is not a URL. */
// prettier-ignore
const CURL_VALUE_OPTIONS = new Set(['-H', '--header', '-d', '--data', '-u', '--user', '-X', '--request', '-A', '--user-agent', '-e', '--referer', '--retry', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-x', '--proxy', '--cacert', '--cert', '-C', '--continue-at', '-b', '--cookie', '-T', '--upload-file', '-F', '--form']);

/** curl/wget: downloads, their URLs, TLS flags and output names. */
export function analyzeFetcher(cmd: ShellCommand, words: readonly ShellWord[], acc: Acc): void {
  const name = commandName(words);
  let output: string | undefined;
  let remoteName = name === 'wget';
  let prefix: string | undefined;
  const urls: ShellWord[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    const v = w.value;
    if (name === 'curl') {
      if (v === '-k' || v === '--insecure') {
        acc.facts.tlsDisables.push({ what: `curl ${v}`, loc: w.loc, ...removalIf(cmd, [w]), ...wid(acc) });
        continue;
      }
      if (/^-[a-zA-Z]*k[a-zA-Z]*$/.test(v) && !v.startsWith('--')) {
        const removal = exactLoc(w) ? [{ start: w.loc.start, end: w.loc.end, newText: w.raw.replace('k', '') }] : undefined;
        acc.facts.tlsDisables.push({ what: `curl ${v} (-k)`, loc: w.loc, ...(removal ? { removal } : {}), ...wid(acc) });
      }
      if (v === '-o' || v === '--output') {
        output = words[++k]?.value;
        continue;
      }
      if (/^-[a-zA-Z]*o$/.test(v)) {
        output = words[++k]?.value;
        continue;
      }
      // -O / --remote-name: the file is named after the URL's last segment.
      if (v === '--remote-name' || (/^-[a-zA-Z]*O[a-zA-Z]*$/.test(v) && !v.startsWith('--'))) remoteName = true;
      if (CURL_VALUE_OPTIONS.has(v)) {
        k++;
        continue;
      }
    } else if (name === 'wget') {
      if (v === '--no-check-certificate') {
        acc.facts.tlsDisables.push({ what: 'wget --no-check-certificate', loc: w.loc, ...removalIf(cmd, [w]), ...wid(acc) });
        continue;
      }
      if (v === '-O' || v === '--output-document') {
        output = words[++k]?.value;
        continue;
      }
      if (v === '-P' || v === '--directory-prefix') {
        prefix = words[++k]?.value;
        continue;
      }
      if (v.startsWith('--output-document=') || v.startsWith('-O')) {
        output = v.replace(/^--output-document=|^-O/, '');
        continue;
      }
    }
    if (URL_RE.test(v)) urls.push(w);
  }
  for (const u of urls) {
    acc.facts.urls.push({ url: wordStr(u), role: 'download', ...wid(acc) });
    const remote = remoteName ? fileNameOf(u.value) : '';
    const written = output ?? (remote ? (prefix ? `${prefix.replace(/\/+$/, '')}/${remote}` : remote) : undefined);
    const file = written === '-' ? undefined : written;
    acc.facts.downloads.push({
      tool: name === 'curl' ? 'curl' : name === 'wget' ? 'wget' : 'other',
      url: wordStr(u),
      verified: acc.scriptHasChecksum,
      payload: payloadOf(u.value, file),
      ...(file ? { output: file } : {}),
      loc: cmd.loc,
      ...wid(acc),
    });
  }
}
