// A threat model whose every piece of repository text carries markup and script, as a hostile
// repository could write it in names, paths, URLs and messages.

import type { ThreatModel } from '../../src/core/threat-model/model';

export const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=2</script>',
  '"><svg onload="window.__pwned=3"><a href="javascript:window.__pwned=4">x</a>',
  "<iframe src='https://evil.test/frame'></iframe><style>@import url(https://evil.test/x.css)</style>",
  '{{constructor.constructor("window.__pwned=5")()}} ${window.__pwned=6} `]]>',
];

/** Appends a payload (rotating) to every text the files could have produced. */
export function hostile(m: ThreatModel): ThreatModel {
  const c = JSON.parse(JSON.stringify(m)) as ThreatModel;
  let i = 0;
  const p = (s: string) => `${s} ${PAYLOADS[i++ % PAYLOADS.length]}`;
  c.title = p(c.title);
  const files = new Map<string, string>();
  const file = (f: string) => files.get(f) ?? files.set(f, `${f}${PAYLOADS[files.size % PAYLOADS.length]}`).get(f)!;
  const loc = (l: { file: string }) => {
    l.file = file(l.file);
  };
  for (const b of c.boundaries) {
    b.name = p(b.name);
    b.evidence.forEach(loc);
  }
  for (const e of c.elements) {
    e.name = p(e.name);
    if (e.description) e.description = p(e.description);
    e.evidence.forEach(loc);
    for (const k of e.controls) {
      k.text = p(k.text);
      if (k.loc) loc(k.loc);
    }
  }
  for (const f of c.flows) {
    f.name = p(f.name);
    if (f.protocol) f.protocol = p(f.protocol);
    if (f.join) f.join.reason = p(f.join.reason);
    f.evidence.forEach(loc);
  }
  for (const a of c.assets) {
    a.name = p(a.name);
    if (a.uri) a.uri = p(a.uri);
  }
  for (const t of c.threats) {
    t.title = p(t.title);
    for (const f of t.findings) {
      f.message = p(f.message);
      loc(f.loc);
    }
    for (const k of t.mitigations) k.text = p(k.text);
    if (t.decision) t.decision.reason = p(t.decision.reason);
  }
  for (const f of c.findings) {
    f.message = p(f.message);
    loc(f.loc);
  }
  for (const n of c.notes) n.message = p(n.message);
  return c;
}
